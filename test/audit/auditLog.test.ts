import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, defaultAuditLogPath } from '../../src/audit/auditLog.js';

function freshLog(): AuditLog {
  return new AuditLog(join(mkdtempSync(join(tmpdir(), 'kopilot-audit-')), 'nested', 'audit.jsonl'));
}

describe('the audit log', () => {
  it('is on disk, one JSON line per record, by the time append resolves', async () => {
    const log = freshLog();
    const record = await log.append({ kind: 'tool_call', tool: 'get_pod_status', durationMs: 12 });
    const lines = readFileSync(log.path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual(record);
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(record.time)).not.toBeNaN();
  });

  it('never interleaves concurrent appends and keeps their order', async () => {
    const log = freshLog();
    await Promise.all(Array.from({ length: 50 }, (_, i) => log.append({ kind: 'tool_call', seq: i })));
    const records = await log.readAll();
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('keeps the records before a torn last line from an interrupted write', async () => {
    const log = freshLog();
    await log.append({ kind: 'decision', outcome: 'approved' });
    appendFileSync(log.path, '{"kind":"action_res');
    const records = await log.readAll();
    expect(records.map((r) => r.kind)).toEqual(['decision']);
  });

  it('reads an absent log as empty and lives under XDG_STATE_HOME by default', async () => {
    expect(await freshLog().readAll()).toEqual([]);
    expect(defaultAuditLogPath({ XDG_STATE_HOME: '/state' })).toBe('/state/kopilot/audit.jsonl');
  });
});
