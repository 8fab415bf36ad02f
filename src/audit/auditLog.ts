// The append-only audit log: one JSON line per tool call, plan, decision and action, redacted, hash-chained and
// synced before returning; rotated by size, read in a stream, and queried from its newest end for planning.
import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { redactObject } from '../cluster/redact.js';
import { GENESIS, openLine, sealLine } from './auditChain.js';
import { linesBackwards, linesOf, logFiles, MAX_LINE_BYTES, rotatedPath } from './auditFiles.js';
import { withLock } from './auditLock.js';

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

export interface RotationOptions {
  /** A file that would grow past this many bytes is rotated first (default 64 MiB). */
  maxFileBytes: number;
  /** How many files to keep, the current one included (default 8); the oldest beyond that is deleted. */
  keepFiles: number;
}

/** What planning asks the log: records of these kinds (about this target) written since a time. */
export interface AuditQuery {
  since: number;
  kinds?: string[];
  targetKey?: string;
}

/** Records may be written slightly out of time order by concurrent processes; read this much further back. */
const CLOCK_SLACK_MS = 60_000;

/** `$XDG_STATE_HOME/kopilot/audit.jsonl`, defaulting to `~/.local/state/kopilot/audit.jsonl`. */
export function defaultAuditLogPath(env: NodeJS.ProcessEnv = process.env): string {
  const stateHome = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(stateHome, 'kopilot', 'audit.jsonl');
}

/** Rotation from KOPILOT_AUDIT_LOG_MAX_MIB (64) and KOPILOT_AUDIT_LOG_FILES (8). */
export function rotationFromEnv(env: NodeJS.ProcessEnv = process.env): RotationOptions {
  const number = (text: string | undefined, fallback: number) =>
    text !== undefined && Number.isFinite(Number(text)) && Number(text) > 0 ? Number(text) : fallback;
  return {
    maxFileBytes: Math.round(number(env.KOPILOT_AUDIT_LOG_MAX_MIB, 64) * 1024 * 1024),
    keepFiles: Math.max(1, Math.floor(number(env.KOPILOT_AUDIT_LOG_FILES, 8))),
  };
}

function parse(text: string): AuditRecord | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as AuditRecord) : undefined;
  } catch {
    return undefined; // A partial line from an interrupted write: the records around it still count.
  }
}

export class AuditLog {
  private queue: Promise<unknown> = Promise.resolve();
  readonly rotation: RotationOptions;

  constructor(
    readonly path: string = defaultAuditLogPath(),
    rotation: Partial<RotationOptions> = {},
  ) {
    this.rotation = { ...rotationFromEnv(), ...rotation };
  }

  /**
   * Redacts one record, chains it to the last line, appends it and fsyncs. Appends are serialised (within this
   * process by a queue, across processes by a lock file) so lines never interleave and the chain never forks;
   * the returned promise settles only once the record is on disk.
   */
  append(input: AuditInput): Promise<AuditRecord> {
    const write = this.queue.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      return withLock(`${this.path}.lock`, () => this.appendLocked(input));
    });
    this.queue = write.catch(() => undefined);
    return write;
  }

  private async appendLocked(input: AuditInput): Promise<AuditRecord> {
    const last = await this.lastSealed();
    const record = redactObject({
      ...input,
      time: new Date().toISOString(),
      id: input.id ?? randomUUID(),
      logSeq: last.seq + 1,
    }) as AuditRecord;
    const { line, hash } = sealLine(JSON.stringify(record), last.hash);
    const size = await stat(this.path).then(
      (s) => s.size,
      () => 0,
    );
    if (size > 0 && size + line.length + 1 > this.rotation.maxFileBytes) await this.rotate();
    const handle = await open(this.path, 'a+', 0o600);
    try {
      // A torn last line (a crash mid-write) must not swallow this record into it.
      const { size: now } = await handle.stat();
      let torn = false;
      if (now > 0) {
        const end = Buffer.alloc(1);
        await handle.read(end, 0, 1, now - 1);
        torn = end[0] !== 10;
      }
      await handle.write(`${torn ? '\n' : ''}${line}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { ...record, logHash: hash };
  }

  /** The seq and hash of the newest sealed line, looking into the previous file when the current one is new. */
  private async lastSealed(): Promise<{ seq: number; hash: string }> {
    const scanned = { bytesRead: 0 };
    for (const file of (await logFiles(this.path)).reverse()) {
      for await (const line of linesBackwards(file, scanned, 64 * 1024)) {
        // Past this much garbage there is no chain to continue: start a new one (--verify shows where).
        if (scanned.bytesRead > 2 * MAX_LINE_BYTES) return { seq: 0, hash: GENESIS };
        const opened = openLine(line.trimEnd());
        const record = opened && parse(opened.body);
        if (opened && record)
          return { seq: typeof record.logSeq === 'number' ? record.logSeq : 0, hash: opened.hash };
        if (parse(line)) return { seq: 0, hash: GENESIS }; // written before the chain: start one
      }
    }
    return { seq: 0, hash: GENESIS };
  }

  private async rotate(): Promise<void> {
    const { keepFiles } = this.rotation;
    await rm(rotatedPath(this.path, keepFiles - 1), { force: true });
    for (let n = keepFiles - 2; n >= 0; n--) {
      await rename(rotatedPath(this.path, n), rotatedPath(this.path, n + 1)).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        },
      );
    }
  }

  /** Every record, oldest first, across the rotated files, read in a stream. */
  async *records(): AsyncGenerator<AuditRecord> {
    for (const file of await logFiles(this.path)) {
      for await (const line of linesOf(file)) {
        const record = line.text.trim() ? parse(line.text) : undefined;
        if (record) yield record;
      }
    }
  }

  /** Every record in order; a torn line (a crash mid-write) is skipped, not fatal. */
  async readAll(): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    for await (const record of this.records()) records.push(record);
    return records;
  }

  /**
   * The records since a time, oldest first, read backwards from the newest line and stopping at the first record
   * older than that: planning's cost depends on the window, not on the size of the log.
   */
  async query(query: AuditQuery, stats: { bytesRead: number } = { bytesRead: 0 }): Promise<AuditRecord[]> {
    const found: AuditRecord[] = [];
    const stopBefore = query.since - CLOCK_SLACK_MS;
    for (const file of (await logFiles(this.path)).reverse()) {
      for await (const line of linesBackwards(file, stats)) {
        const record = parse(line);
        if (!record) continue;
        const time = Date.parse(record.time);
        if (time < stopBefore) return found.reverse();
        if (time < query.since) continue;
        if (query.kinds && !query.kinds.includes(record.kind)) continue;
        if (query.targetKey !== undefined && record.targetKey !== query.targetKey) continue;
        found.push(record);
      }
    }
    return found.reverse();
  }
}
