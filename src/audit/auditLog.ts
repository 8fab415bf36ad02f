// The append-only audit log: one JSON line per tool call, plan, decision and action, synced before returning.
import { open, mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';

export interface AuditRecord {
  /** ISO time the record was written. */
  time: string;
  /** Unique id of this record, shown to the user as the audit record id. */
  id: string;
  /** What happened: tool_call, plan, decision, action_started, action_result, verification, … */
  kind: string;
  [field: string]: unknown;
}

export interface AuditInput {
  kind: string;
  id?: string;
  [field: string]: unknown;
}

/** `$XDG_STATE_HOME/kopilot/audit.jsonl`, defaulting to `~/.local/state/kopilot/audit.jsonl`. */
export function defaultAuditLogPath(env: NodeJS.ProcessEnv = process.env): string {
  const stateHome = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(stateHome, 'kopilot', 'audit.jsonl');
}

export class AuditLog {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string = defaultAuditLogPath()) {}

  /**
   * Appends one record and fsyncs it. Appends are serialised so concurrent callers never interleave
   * lines; the returned promise settles only once the record is on disk.
   */
  append(input: AuditInput): Promise<AuditRecord> {
    const record: AuditRecord = { ...input, time: new Date().toISOString(), id: input.id ?? randomUUID() };
    const line = `${JSON.stringify(record)}\n`;
    const write = this.queue.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const handle = await open(this.path, 'a', 0o600);
      try {
        await handle.write(line);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return record;
    });
    this.queue = write.catch(() => undefined);
    return write;
  }

  /** Every record in order; a torn last line (a crash mid-write) is skipped, not fatal. */
  async readAll(): Promise<AuditRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: AuditRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as AuditRecord);
      } catch {
        // A partial line from an interrupted write: the records before it still count.
      }
    }
    return records;
  }
}
