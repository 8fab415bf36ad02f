import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_POLICY, historyChecks, targetKey } from '../../src/actions/policy.js';
import { AuditLog, rotationFromEnv } from '../../src/audit/auditLog.js';
import { verifyAuditLog } from '../../src/audit/auditVerify.js';

const GiB = 1024 * 1024 * 1024;
type Target = Parameters<typeof targetKey>[0];
const webapp: Target = { kind: 'Deployment', namespace: 'production', name: 'webapp' };
const api: Target = { kind: 'Deployment', namespace: 'production', name: 'api' };

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'kopilot-rotate-'));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('rotation by size', () => {
  it('keeps at most keepFiles files of at most maxFileBytes, the newest records readable in order', async () => {
    const dir = folder();
    const log = new AuditLog(join(dir, 'audit.jsonl'), { maxFileBytes: 4096, keepFiles: 3 });
    for (let i = 0; i < 120; i++) await log.append({ kind: 'tool_call', tool: 'get_events', call: i });
    const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
    expect(files.sort()).toEqual(['audit.1.jsonl', 'audit.2.jsonl', 'audit.jsonl']);
    for (const f of files) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(4096);
    const calls = (await log.readAll()).map((r) => r.call as number);
    expect(calls.at(-1)).toBe(119);
    expect(calls).toEqual(calls.map((_, i) => (calls[0] as number) + i));
    expect(calls.length).toBeLessThan(120);
    const report = await verifyAuditLog(log.path);
    expect(report.problems).toEqual([]);
    expect(report.startsAtSeq).toBe((calls[0] as number) + 1);
  });

  it('defaults to 64 MiB × 8 files, configurable through the environment', () => {
    expect(rotationFromEnv({})).toEqual({ maxFileBytes: 64 * 1024 * 1024, keepFiles: 8 });
    expect(rotationFromEnv({ KOPILOT_AUDIT_LOG_MAX_MIB: '1', KOPILOT_AUDIT_LOG_FILES: '3' })).toEqual({
      maxFileBytes: 1024 * 1024,
      keepFiles: 3,
    });
    expect(rotationFromEnv({ KOPILOT_AUDIT_LOG_MAX_MIB: 'lots' }).maxFileBytes).toBe(64 * 1024 * 1024);
  });
});

describe('planning’s bounded query', () => {
  it('finds the action on the target in the cooldown window of a 1 GiB log, reading a few KiB of it', async () => {
    const dir = folder();
    const path = join(dir, 'audit.jsonl');
    writeFileSync(path, '');
    truncateSync(path, GiB); // a sparse gigabyte of old, unreadable history
    appendFileSync(path, '\n{"kind":"tool_call","time":"2026-01-01T00:00:00.000Z","id":"legacy"}\n');
    // A log grown before rotation existed: one file far above the rotation size.
    const log = new AuditLog(path, { maxFileBytes: 2 * GiB });
    const now = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now - 3 * 86_400_000);
    await log.append({
      kind: 'action_result',
      ok: true,
      action: 'scale_workload',
      targetKey: targetKey(webapp),
      direction: 'up',
    });
    vi.setSystemTime(now - 10 * 60_000);
    await log.append({
      kind: 'action_result',
      ok: true,
      action: 'scale_workload',
      targetKey: targetKey(webapp),
      direction: 'up',
    });
    await log.append({
      kind: 'action_result',
      ok: true,
      action: 'restart_workload',
      targetKey: targetKey(api),
    });
    for (let i = 0; i < 50; i++) await log.append({ kind: 'tool_call', tool: 'get_pod_logs', call: i });
    vi.useRealTimers();

    const stats = { bytesRead: 0 };
    const since = now - Math.max(DEFAULT_POLICY.cooldownMs, DEFAULT_POLICY.oscillationWindowMs);
    const records = await log.query({ since, kinds: ['action_result'], targetKey: targetKey(webapp) }, stats);
    expect(statSync(path).size).toBeGreaterThan(GiB);
    expect(records).toHaveLength(1);
    expect(stats.bytesRead).toBeLessThan(1024 * 1024);
    const findings = historyChecks(webapp, 'down', records, new Date(now), DEFAULT_POLICY);
    expect(findings.map((f) => [f.check, f.level])).toEqual([
      ['cooldown', 'warning'],
      ['oscillation', 'warning'],
    ]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives what filtering every record would give, over a rotated log', async () => {
    const dir = folder();
    const log = new AuditLog(join(dir, 'audit.jsonl'), { maxFileBytes: 8192, keepFiles: 20 });
    const start = Date.now() - 200 * 60_000;
    vi.useFakeTimers({ toFake: ['Date'] });
    for (let i = 0; i < 200; i++) {
      vi.setSystemTime(start + i * 60_000);
      await log.append({
        kind: i % 3 ? 'tool_call' : 'action_result',
        ok: true,
        targetKey: targetKey(i % 2 ? webapp : api),
        i,
      });
    }
    vi.useRealTimers();
    expect(readdirSync(dir).length).toBeGreaterThan(3);
    const since = start + 150 * 60_000;
    const expected = (await log.readAll()).filter(
      (r) => Date.parse(r.time) >= since && r.kind === 'action_result' && r.targetKey === targetKey(webapp),
    );
    const stats = { bytesRead: 0 };
    const got = await log.query({ since, kinds: ['action_result'], targetKey: targetKey(webapp) }, stats);
    expect(got.map((r) => r.i)).toEqual(expected.map((r) => r.i));
    expect(got.length).toBeGreaterThan(5);
    const total = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    expect(stats.bytesRead).toBeLessThan(total / 2);
  });
});
