// Errors the CLI turns into exit codes: bad usage or bad input exits 2, runtime failure exits 1.

export class KopilotError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, bad alert JSON, bad config or scenario files: nothing was executed. Exit 2. */
export class UsageError extends KopilotError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Something the user asked for could not be done (cluster unreachable, AlertManager down…). Exit 1. */
export class RuntimeFailure extends KopilotError {
  constructor(message: string) {
    super(message, 1);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
