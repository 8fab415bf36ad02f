// Entry point: runs the program and maps every failure to an exit code and one line on stderr.
import { CommanderError } from 'commander';
import { KopilotError, errorMessage } from '../errors.js';
import { buildProgram } from './program.js';
import { safeForTerminal } from '../terminal.js';

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    return exitCodeFor(error, debug);
  }
}

function exitCodeFor(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Help and version end with exit code 0; commander already printed its one-line error otherwise.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof KopilotError) {
    process.stderr.write(`kopilot: ${safeForTerminal(error.message)}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  process.stderr.write(`kopilot: ${safeForTerminal(errorMessage(error))}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 1;
}
