import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/auditLog.js';
import { verifyAuditLog } from '../../src/audit/auditVerify.js';
import { canaryCorpus, corpusManifests, leakedCanaries } from '../fixtures/canaries/corpus.js';
import { runKopilot } from '../helpers/runKopilot.js';

function freshPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'kopilot-chain-')), 'audit.jsonl');
}

async function logOf(records: number, path = freshPath()): Promise<AuditLog> {
  const log = new AuditLog(path);
  for (let i = 0; i < records; i++) await log.append({ kind: 'tool_call', tool: 'get_events', call: i });
  return log;
}

function editLines(path: string, edit: (lines: string[]) => string[]): void {
  const lines = readFileSync(path, 'utf8').split('\n').slice(0, -1);
  writeFileSync(path, `${edit(lines).join('\n')}\n`);
}

const cliEnv = (path: string) => ({
  KOPILOT_AUDIT_LOG: path,
  KOPILOT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'kopilot-cfg-')),
});

describe('the hash chain', () => {
  it('holds over an untouched log, across concurrent writers of the same file', async () => {
    const path = freshPath();
    const [a, b] = [new AuditLog(path), new AuditLog(path)];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).append({ kind: 'tool_call', writer: i % 2 })),
    );
    const report = await verifyAuditLog(path);
    expect(report.problems).toEqual([]);
    expect(report.verified).toBe(40);
    expect((await a.readAll()).map((r) => r.logSeq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('names a deleted line by the line after it', async () => {
    const log = await logOf(6);
    editLines(log.path, (lines) => lines.filter((_, i) => i !== 2 && i !== 3));
    const { problems } = await verifyAuditLog(log.path);
    expect(problems).toEqual([
      expect.objectContaining({
        line: 3,
        problem: 'deleted',
        message: expect.stringContaining('2 records missing'),
      }),
    ]);
  });

  it('names an edited line, even one whose JSON is still valid', async () => {
    const log = await logOf(5);
    editLines(log.path, (lines) => lines.map((l, i) => (i === 1 ? l.replace('"call":1', '"call":7') : l)));
    const { problems } = await verifyAuditLog(log.path);
    expect(problems.map((p) => [p.line, p.problem])).toEqual([[2, 'forged']]);
  });

  it('names a line cut short, and a record inserted without a hash', async () => {
    const log = await logOf(4);
    editLines(log.path, (lines) => [
      ...lines.slice(0, 2),
      '{"kind":"action_result","ok":true}',
      (lines[2] as string).slice(0, 40),
      ...lines.slice(3),
    ]);
    const { problems } = await verifyAuditLog(log.path);
    expect(problems.map((p) => [p.line, p.problem])).toEqual([
      [3, 'unsealed'],
      [4, 'truncated'],
      [5, 'deleted'],
    ]);
  });

  it('keeps the records around a torn line from a crash, and the chain goes on after it', async () => {
    const log = await logOf(2);
    writeFileSync(log.path, `${readFileSync(log.path, 'utf8')}{"kind":"action_res`);
    await log.append({ kind: 'decision', outcome: 'approved' });
    expect((await log.readAll()).map((r) => r.kind)).toEqual(['tool_call', 'tool_call', 'decision']);
    const { problems, verified } = await verifyAuditLog(log.path);
    expect(problems.map((p) => [p.line, p.problem])).toEqual([[3, 'truncated']]);
    expect(verified).toBe(3);
  });

  it('accepts a log begun before the chain: old lines are counted, new ones chained', async () => {
    const path = freshPath();
    writeFileSync(path, '{"kind":"plan","time":"2026-01-01T00:00:00.000Z","id":"a"}\n');
    const log = await logOf(3, path);
    const report = await verifyAuditLog(log.path);
    expect(report).toMatchObject({ problems: [], verified: 3, unsealedBeforeChain: 1 });
  });
});

describe('kopilot audit --verify and -o json (the built CLI)', () => {
  let path: string;
  beforeAll(async () => {
    path = freshPath();
    const { deployments } = corpusManifests();
    const template = deployments[0]?.spec.template;
    const log = new AuditLog(path);
    // A rollback's record as it was written before: the whole pod template, env values, args and annotations.
    await log.append({
      kind: 'action_plan',
      action: 'rollback_workload',
      target: { kind: 'Deployment', namespace: 'canary', name: 'canary-0' },
      changes: [{ field: 'spec.template', before: JSON.stringify(template), after: 'revision 3' }],
      patch: { spec: { template } },
      request: { method: 'PATCH', body: [{ op: 'replace', path: '/spec/template', value: template }] },
      objects: deployments,
    });
    await log.append({
      kind: 'tool_call',
      tool: 'get_pod_logs',
      arguments: { grep: 'password=hunter2-CNRY999Q' },
    });
  });

  it('prints the records with no canary in them', async () => {
    const run = await runKopilot(['audit', '-o', 'json'], { env: cliEnv(path), timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    const records = JSON.parse(run.stdout) as Array<{ kind: string; patch?: unknown }>;
    expect(records.map((r) => r.kind)).toEqual(['action_plan', 'tool_call']);
    expect(JSON.stringify(records[0]?.patch)).toContain('"name":"DB_PASSWORD","value":"[REDACTED]"');
    expect(leakedCanaries(run.stdout).map((c) => c.shape)).toEqual([]);
    expect(leakedCanaries(readFileSync(path, 'utf8'), canaryCorpus)).toEqual([]);
    expect(run.stdout).not.toContain('CNRY999Q');
  });

  it('says the log is intact and exits 0, then names the edited line and exits 1', async () => {
    const ok = await runKopilot(['audit', '--verify'], { env: cliEnv(path), timeoutMs: 60_000 });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/2 records verified in 1 file; no line deleted, cut or edited/);
    editLines(path, (lines) =>
      lines.map((l, i) => (i === 1 ? l.replace('get_pod_logs', 'get_pod_status') : l)),
    );
    const bad = await runKopilot(['audit', '--verify'], { env: cliEnv(path), timeoutMs: 60_000 });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FORGED {2}audit\.jsonl:2: hash chain broken at seq 2/m);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
