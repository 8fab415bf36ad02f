// `kopilot audit [--since 2h] [--output table|json] [--verify]`: the audit log read in a stream, with actions a
// crash left without a result marked, or its hash chain checked.
import type { Command } from 'commander';
import { AuditLog, type AuditRecord, defaultAuditLogPath } from '../audit/auditLog.js';
import { loadSettings } from '../config/settings.js';
import { verifyAuditLog } from '../audit/auditVerify.js';
import { mayHaveLanded, type WriteInFlight } from '../actions/inFlight.js';
import { RuntimeFailure, UsageError } from '../errors.js';
import { safeForTerminal } from '../terminal.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "30m", "2h", "7d" (ago) or an ISO time → the earliest record time to show. */
export function parseSince(text: string, now = Date.now()): number {
  const relative = /^(\d+)([smhd])$/.exec(text.trim());
  if (relative) return now - Number(relative[1]) * (UNITS[relative[2] as string] as number);
  const absolute = Date.parse(text);
  if (!Number.isNaN(absolute) && /^\d{4}-\d{2}-\d{2}/.test(text.trim())) return absolute;
  throw new UsageError(
    `--since ${JSON.stringify(text)} is not a duration like 30m, 2h, 7d or a time like 2026-11-24T01:00:00Z`,
  );
}

/** Marks each action_started record that has no result after it: the process died between approval and result. */
export function markInterrupted(records: AuditRecord[]): AuditRecord[] {
  const finished = new Set<string>();
  for (const r of records) {
    if (r.kind === 'action_applied' || r.kind === 'action_result') {
      if (typeof r.startedId === 'string') finished.add(r.startedId);
    }
  }
  const out: AuditRecord[] = [];
  for (const [i, r] of records.entries()) {
    if (r.kind !== 'action_started' || finished.has(r.id)) {
      out.push(r);
      continue;
    }
    const laterResult = records
      .slice(i + 1)
      .some(
        (later) =>
          later.planId === r.planId &&
          (later.kind === 'action_result' || later.kind === 'action_applied') &&
          (later.step === undefined || later.step === r.step),
      );
    out.push(laterResult ? r : { ...r, interrupted: true });
  }
  return out;
}

/** How to tell whether the write of an interrupted action landed, from what its action_started record kept. */
function interruptedCheck(r: AuditRecord): string {
  const target = r.target as WriteInFlight['target'] | undefined;
  const request = r.request as { method?: unknown; object?: unknown } | undefined;
  if (request?.method === 'LOCAL' || request?.method === 'NONE') return 'nothing was sent to the cluster';
  if (request?.object === 'AlertManager silence')
    return 'the silence may have been created: check with amtool silence query';
  if (!target || typeof target.name !== 'string' || typeof target.kind !== 'string')
    return 'the change may have landed: check the object on the cluster';
  return mayHaveLanded({
    target,
    changes: Array.isArray(r.changes) ? (r.changes as WriteInFlight['changes']) : undefined,
    request,
  });
}

function targetText(target: unknown): string {
  if (!target || typeof target !== 'object') return '';
  const t = target as { kind?: string; namespace?: string; name?: string };
  return `${t.kind ?? ''} ${t.namespace ? `${t.namespace}/` : ''}${t.name ?? ''}`.trim();
}

function outcomeText(r: AuditRecord): string {
  if (r.interrupted)
    return `INTERRUPTED: approved and started, no result recorded (${String(r.description ?? '')}); ${interruptedCheck(r)}`;
  switch (r.kind) {
    case 'action_plan':
      return Array.isArray(r.changes)
        ? (r.changes as Array<{ field: string; before: string; after: string }>)
            .map((c) => `${c.field} ${c.before} → ${c.after}`)
            .join(', ')
        : '';
    case 'action_decision': {
      const by = r.by as { osUser?: string; kubeUser?: string } | undefined;
      const overridden = Array.isArray(r.overridden) ? `, overriding ${r.overridden.join(' and ')}` : '';
      return `${String(r.outcome)} by ${by?.osUser ?? '?'} (kube user ${by?.kubeUser ?? '?'})${overridden}`;
    }
    case 'action_started':
      return `sending: ${String(r.description ?? '')}`;
    case 'action_result':
    case 'action_verification':
      return `${r.ok ? 'ok' : 'FAILED'}${r.status ? ` (${String(r.status)})` : ''}${r.message ? `: ${String(r.message)}` : ''}`;
    default:
      return String(r.message ?? r.tool ?? r.outcome ?? '');
  }
}

function table(records: AuditRecord[]): string {
  if (!records.length) return 'no audit records\n';
  const rows = records.map((r) =>
    [
      r.time.replace(/\.\d{3}Z$/, 'Z'),
      r.kind,
      String(r.action ?? ''),
      targetText(r.target),
      outcomeText(r).replace(/\s+/g, ' '),
    ].map((cell) => safeForTerminal(cell, { tabs: false })),
  );
  const header = ['TIME', 'KIND', 'ACTION', 'TARGET', 'DETAIL'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** Two streamed passes: which action_started records got a result, then each record marked as markInterrupted does. */
async function* markedRecords(log: AuditLog, since: number | undefined): AsyncGenerator<AuditRecord> {
  const finished = new Set<string>();
  const lastResult = new Map<string, number>();
  let index = 0;
  for await (const r of log.records()) {
    if (r.kind === 'action_applied' || r.kind === 'action_result') {
      if (typeof r.startedId === 'string') finished.add(r.startedId);
      lastResult.set(`${String(r.planId)}\u0000${String(r.step)}`, index);
    }
    index++;
  }
  index = 0;
  for await (const r of log.records()) {
    const at = index++;
    if (since !== undefined && Date.parse(r.time) < since) continue;
    if (r.kind !== 'action_started' || finished.has(r.id)) {
      yield r;
      continue;
    }
    const resultAt = Math.max(
      lastResult.get(`${String(r.planId)}\u0000${String(r.step)}`) ?? -1,
      lastResult.get(`${String(r.planId)}\u0000undefined`) ?? -1,
    );
    const resulted = resultAt > at;
    yield resulted ? r : { ...r, interrupted: true };
  }
}

async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}

async function verify(path: string): Promise<void> {
  const report = await verifyAuditLog(path);
  for (const problem of report.problems)
    await writeOut(`${problem.problem.toUpperCase()}  ${problem.message}\n`);
  const start =
    report.startsAtSeq !== undefined && report.startsAtSeq > 1
      ? `, starting at record ${report.startsAtSeq} (older files rotated away)`
      : '';
  const unsealed = report.unsealedBeforeChain
    ? `, ${report.unsealedBeforeChain} older lines from before the hash chain`
    : '';
  const files = `${report.files.length} file${report.files.length === 1 ? '' : 's'}`;
  if (report.problems.length) {
    throw new RuntimeFailure(
      `audit log ${path}: ${report.problems.length} problem${report.problems.length > 1 ? 's' : ''} in ${files} (${report.verified} records verified${unsealed})`,
    );
  }
  await writeOut(
    `audit log ${path}: ${report.verified} records verified in ${files}${start}${unsealed}; no line deleted, cut or edited\n`,
  );
}

export function registerAuditCommand(program: Command): void {
  program
    .command('audit')
    .description('list the audit log: tool calls, plans, decisions, actions and verifications')
    .option('--since <when>', 'only records since a duration ago (30m, 2h, 7d) or an ISO time')
    .option('-o, --output <format>', 'table or json', 'table')
    .option(
      '--verify',
      'check the hash chain: report deleted, cut or edited lines with their line numbers (exit 1)',
    )
    .action(async (options: { since?: string; output: string; verify?: boolean }) => {
      if (!['table', 'json'].includes(options.output)) {
        throw new UsageError(`--output must be table or json, not ${JSON.stringify(options.output)}`);
      }
      const since = options.since !== undefined ? parseSince(options.since) : undefined;
      const settings = loadSettings();
      const log = new AuditLog(settings.auditLogPath ?? defaultAuditLogPath());
      if (options.verify) return verify(log.path);
      if (options.output === 'json') {
        let first = true;
        for await (const r of markedRecords(log, since)) {
          await writeOut(`${first ? '[\n' : ',\n'}${JSON.stringify(r, null, 2).replace(/^/gm, '  ')}`);
          first = false;
        }
        await writeOut(first ? '[]\n' : '\n]\n');
        return;
      }
      const records: AuditRecord[] = [];
      for await (const r of markedRecords(log, since)) records.push(r);
      await writeOut(table(records));
    });
}
