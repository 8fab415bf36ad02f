// The triage without a terminal UI: progress lines to stderr, the result to stdout as text, JSON or NDJSON events.
// It never executes anything; it says how to act.
import type { Writable } from 'node:stream';
import type { Alert } from '../alerts/alert.js';
import { assertNever, type TriageEvent } from '../agent/events.js';
import { checkVerdict, type PlanView } from '../session/actionView.js';
import { formatAlertTarget, formatDuration, formatParameters, formatTarget } from './format.js';
import {
  citedLine,
  initialTriageState,
  recommendationOrigin,
  reduceTriage,
  type TriageState,
} from '../session/triageState.js';
import type { PlanResult, TriageSession } from '../session/session.js';
import { writeTriageReport } from './report.js';
import { safeForTerminal } from '../terminal.js';

export const OUTPUT_FORMATS = ['text', 'json', 'ndjson'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface NonInteractiveOptions {
  format: OutputFormat;
  stdout: Writable;
  stderr: Writable;
  /** The command that would let a person approve this in a terminal. */
  howToAct: string;
  /** Plans the recommendation (server-side dry-run, no write) so the result shows the exact change. */
  plan?(state: TriageState): Promise<PlanResult | undefined>;
}

export interface NonInteractiveResult {
  state: TriageState;
  plan?: PlanView;
  planError?: string;
  exitCode: number;
}

/** One stderr line per step a person would want to see scroll by. */
export function progressLine(event: TriageEvent): string | undefined {
  switch (event.type) {
    case 'alert_loaded':
      return `alert ${event.alert.name} (${event.alert.severity}) on ${formatAlertTarget(event.alert)}`;
    case 'evidence_planned':
      return `playbook ${event.playbook}: ${event.calls.map((c) => c.tool).join(', ')}`;
    case 'tool_call_started':
      return undefined;
    case 'tool_call_finished':
      return `${event.ok ? '✓' : '✗'} ${event.tool} ${formatDuration(event.durationMs)}${event.repeated ? ' (reused)' : ''}  ${event.finding}`;
    case 'model_request':
      return `model ${event.model}: turn ${event.turn}, ${event.promptTokens} prompt tokens`;
    case 'model_text':
      return undefined;
    case 'model_tool_call':
      return `model asks for ${event.tool}`;
    case 'recommendation': {
      const refused = (event.skipped ?? []).map((s) => `; not feasible: ${s.action} (${s.message})`).join('');
      return `recommendation: ${event.recommendation.action} on ${formatTarget(event.recommendation.target)} (${event.source === 'rules' ? 'rule-based' : 'model'})${refused}`;
    }
    case 'fallback':
      return `model not used: ${event.reason}`;
    case 'warning':
      return `warning: ${event.message}`;
    case 'error':
      return `error: ${event.message}`;
    case 'done':
      return `done (${event.outcome}) in ${formatDuration(event.totals.durationMs)}: ${event.totals.toolCalls} tool calls, ${event.totals.modelRequests} model requests, ${event.totals.promptTokens}+${event.totals.evalTokens} tokens`;
    default:
      return assertNever(event);
  }
}

type ToolFinished = Extract<TriageEvent, { type: 'tool_call_finished' }>;

/**
 * The progress lines, with failed tool calls held while tools run and identical failures given as one line with a
 * count (a cluster that is down fails every call the same way). An error repeating their text replaces them.
 */
export function collapsedProgress() {
  const held = new Map<string, ToolFinished[]>();
  const release = (): string[] => {
    const out = [...held.values()].map((same) => {
      const first = same[0] as ToolFinished;
      if (same.length === 1) return progressLine(first) as string;
      return `✗ ${same.length} calls failed alike (${same.map((e) => e.tool).join(', ')})  ${first.finding}`;
    });
    held.clear();
    return out;
  };
  return {
    lines(event: TriageEvent): string[] {
      if (event.type === 'tool_call_finished' && !event.ok) {
        held.set(event.finding, [...(held.get(event.finding) ?? []), event]);
        return [];
      }
      if (event.type === 'tool_call_started' || event.type === 'tool_call_finished') {
        const line = progressLine(event);
        return line ? [line] : [];
      }
      if (event.type === 'error') {
        for (const finding of [...held.keys()])
          if (event.message.includes(finding.replace(/^error:\s*/, ''))) held.delete(finding);
      }
      const line = progressLine(event);
      return [...release(), ...(line ? [line] : [])];
    },
    end: release,
  };
}

export function textResult(
  state: TriageState,
  howToAct: string,
  plan?: PlanView,
  planError?: string,
): string {
  const out: string[] = [];
  if (state.alert) {
    out.push(`${state.alert.name} (${state.alert.severity}) on ${formatAlertTarget(state.alert)}`);
    if (state.alert.runbookUrl) out.push(`Runbook: ${state.alert.runbookUrl}`);
    if (state.alert.generatorUrl) out.push(`Source: ${state.alert.generatorUrl}`);
  }
  const rec = state.recommendation;
  if (!rec) {
    out.push(`No recommendation (${state.outcome ?? 'unfinished'}).`);
    for (const error of state.errors) out.push(`error: ${error}`);
    out.push('Nothing was executed.');
    return `${out.join('\n')}\n`;
  }
  out.push(
    `Recommendation: ${rec.action} on ${formatTarget(rec.target)} (${recommendationOrigin(state)}, confidence ${Math.round(rec.confidence * 100)}%)`,
  );
  if (state.source === 'rules' && state.fallbackReason) out.push(`  model not used: ${state.fallbackReason}`);
  if (plan && plan.changes.length > 0) {
    for (const change of plan.changes)
      out.push(`  ${change.field}: ${change.before} → ${change.after} (${change.object})`);
  } else {
    out.push(`  parameters: ${formatParameters(rec.parameters) || '(none)'}`);
  }
  if (plan?.dryRun) out.push(`  dry-run: ${plan.dryRun.ok ? 'ok' : 'FAILED'} — ${plan.dryRun.summary}`);
  if (plan?.capacity)
    out.push(`  capacity: ${checkVerdict(plan.capacity).toUpperCase()} — ${plan.capacity.summary}`);
  for (const warning of plan?.warnings ?? []) out.push(`  warning: ${warning}`);
  if (plan) out.push(`  risk: ${plan.risk}${plan.destructive ? ', destructive' : ''}`);
  if (plan?.refused) out.push(`  refused by policy: ${plan.refused}`);
  if (planError) out.push(`  could not plan: ${planError}`);
  out.push(`Why: ${rec.reasoning}`);
  if (rec.evidence.length > 0)
    out.push('Evidence:', ...rec.evidence.map((fact) => `  - ${citedLine(fact, state.unsupported)}`));
  if (rec.alternatives.length > 0) {
    out.push('Alternatives:', ...rec.alternatives.map((alt) => `  - ${alt.action}: ${alt.why_not}`));
  }
  out.push(`Nothing was executed. To act on it, run in a terminal and approve: ${howToAct}`);
  if (plan && !plan.refused && plan.kubectl.length > 0)
    out.push('Or by hand, the same change:', ...plan.kubectl.map((line) => `  $ ${line}`));
  return `${out.join('\n')}\n`;
}

export function jsonResult(
  state: TriageState,
  howToAct: string,
  plan?: PlanView,
  planError?: string,
): unknown {
  return {
    alert: state.alert,
    playbook: state.playbook,
    toolCalls: state.toolCalls.map((call) => ({
      tool: call.tool,
      arguments: call.arguments,
      origin: call.origin,
      ok: call.status === 'ok',
      finding: call.finding,
      durationMs: call.durationMs,
      repeated: call.repeated,
    })),
    recommendation: state.recommendation ?? null,
    source: state.source ?? null,
    /** Cited evidence lines no tool result supports ("not found in the evidence"). */
    unsupportedEvidence: state.unsupported,
    /** Candidates the planner refused before this one, with its reason. */
    skipped: state.skipped,
    fallbackReason: state.fallbackReason ?? null,
    plan: plan ?? null,
    planError: planError ?? null,
    warnings: state.warnings,
    errors: state.errors,
    outcome: state.outcome ?? null,
    totals: state.totals ?? null,
    executed: false,
    howToAct,
  };
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', () => resolve());
  });
}

export async function renderNonInteractive(
  events: AsyncIterable<TriageEvent>,
  options: NonInteractiveOptions,
): Promise<NonInteractiveResult> {
  let state = initialTriageState;
  const progress = collapsedProgress();
  for await (const event of events) {
    state = reduceTriage(state, event);
    if (options.format === 'ndjson') {
      await write(options.stdout, `${JSON.stringify(event)}\n`);
      continue;
    }
    for (const line of progress.lines(event))
      await write(options.stderr, `kopilot: ${safeForTerminal(line)}\n`);
  }
  for (const line of progress.end()) await write(options.stderr, `kopilot: ${safeForTerminal(line)}\n`);
  let plan: PlanView | undefined;
  let planError: string | undefined;
  if (state.recommendation && options.plan) {
    const result = await options.plan(state);
    if (result?.ok) plan = result.plan;
    else if (result) planError = result.error;
  }
  // The plan comes after the engine's events: one last line, so a consumer of the stream sees the exact change.
  if (options.format === 'ndjson' && state.recommendation && options.plan) {
    const event = {
      type: 'plan',
      plan: plan ?? null,
      error: planError ?? null,
      executed: false,
      howToAct: options.howToAct,
    };
    await write(options.stdout, `${JSON.stringify(event)}\n`);
  }
  if (options.format === 'text')
    await write(
      options.stdout,
      safeForTerminal(textResult(state, options.howToAct, plan, planError), { newlines: true }),
    );
  if (options.format === 'json') {
    await write(
      options.stdout,
      `${JSON.stringify(jsonResult(state, options.howToAct, plan, planError), null, 2)}\n`,
    );
  }
  if (options.format === 'ndjson' || options.format === 'json') {
    await write(
      options.stderr,
      `kopilot: nothing was executed; to act, run in a terminal: ${options.howToAct}\n`,
    );
  }
  const exitCode =
    state.outcome === 'error' || (state.outcome === undefined && state.errors.length > 0) ? 1 : 0;
  return { state, plan, planError, exitCode };
}

export interface NonInteractiveTriage extends Omit<NonInteractiveOptions, 'plan'> {
  /** Where to write the whole triage as Markdown. */
  reportPath?: string;
  signal: AbortSignal;
}

/** One triage through the session, printed: its recommendation is planned (dry run), never decided or executed. */
export async function triageNonInteractively(
  session: TriageSession,
  alert: Alert,
  options: NonInteractiveTriage,
): Promise<number> {
  const { signal } = options;
  const result = await renderNonInteractive(session.triage(alert, signal), {
    ...options,
    plan: async (state) => (state.recommendation ? session.plan(state.recommendation, signal) : undefined),
  });
  await writeTriageReport(options.reportPath, {
    state: result.state,
    plan: result.plan,
    note: 'Run non-interactively: nothing was decided and nothing was executed.',
    context: session.context,
  });
  return result.exitCode;
}
