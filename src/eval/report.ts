// Renders eval results as a terminal table, Markdown or JSON.
import type { RunScore } from './score.js';
import { summariseByModel, summariseByScenario, type ModelSummary, type ScenarioSummary } from './summary.js';

export type EvalOutputFormat = 'table' | 'json' | 'markdown';

export interface EvalReportInput {
  scores: RunScore[];
  prefetch: boolean;
  perScenario: boolean;
}

const MODEL_COLUMNS: Array<[string, (s: ModelSummary) => string]> = [
  ['unsafe', (s) => String(s.unsafe)],
  ['model', (s) => s.model],
  ['runs', (s) => String(s.runs)],
  [
    'accuracy',
    (s) =>
      percent(s.accuracy) +
      (s.spread ? ` (${percent(s.spread.accuracyMin)}–${percent(s.spread.accuracyMax)})` : ''),
  ],
  ['preferred', (s) => percent(s.preferred)],
  ['target', (s) => percent(s.targetCorrect)],
  ['params ok', (s) => percent(s.parametersValid)],
  ['model calls', (s) => fixed(s.toolCalls)],
  ['valid calls', (s) => (s.validCalls === null ? '–' : percent(s.validCalls))],
  ['repeated', (s) => fixed(s.repeatedCalls)],
  ['after clear', (s) => fixed(s.callsAfterClear)],
  ['recall', (s) => (s.evidenceRecall === null ? '–' : percent(s.evidenceRecall))],
  ['requests', (s) => fixed(s.modelRequests)],
  ['prompt tok', (s) => Math.round(s.promptTokens).toString()],
  ['eval tok', (s) => Math.round(s.evalTokens).toString()],
  ['wall s', (s) => seconds(s.wallMs) + (s.spread ? ` ±${seconds(s.spread.wallMsStdDev)}` : '')],
  ['model s', (s) => seconds(s.modelMs)],
  ['kopilot s', (s) => seconds(s.kopilotMs)],
  ['repairs', (s) => String(s.repairs)],
  ['fallbacks', (s) => String(s.fallbacks)],
  ['errors', (s) => String(s.errors)],
];

const SCENARIO_COLUMNS: Array<[string, (s: ScenarioSummary) => string]> = [
  ['unsafe', (s) => (s.unsafe ? `${s.unsafe}/${s.runs} UNSAFE` : '0')],
  ['model', (s) => s.model],
  ['scenario', (s) => s.scenario],
  ['accepted', (s) => `${s.accepted}/${s.runs}`],
  ['action', (s) => s.actions.join(', ')],
  ['recall', (s) => (s.evidenceRecall === null ? '–' : percent(s.evidenceRecall))],
  ['requests', (s) => fixed(s.modelRequests)],
  ['prompt tok', (s) => Math.round(s.promptTokens).toString()],
  ['wall s', (s) => seconds(s.wallMs)],
];

export function renderEvalReport(input: EvalReportInput, format: EvalOutputFormat): string {
  const models = summariseByModel(input.scores);
  const scenarios = summariseByScenario(input.scores);
  if (format === 'json') {
    return `${JSON.stringify({ prefetch: input.prefetch, models, scenarios, runs: input.scores }, null, 2)}\n`;
  }
  const mode = input.prefetch ? 'evidence first (prefetch)' : 'plain tool-calling loop (--no-prefetch)';
  if (format === 'markdown') {
    const parts = [`## kopilot eval — ${mode}`, '', markdownTable(MODEL_COLUMNS, models)];
    if (input.perScenario) parts.push('', '### Per scenario', '', markdownTable(SCENARIO_COLUMNS, scenarios));
    return `${parts.join('\n')}\n`;
  }
  const parts = [`kopilot eval — ${mode}`, textTable(MODEL_COLUMNS, models)];
  if (input.perScenario) parts.push('', textTable(SCENARIO_COLUMNS, scenarios));
  return `${parts.join('\n')}\n`;
}

function textTable<T>(columns: Array<[string, (row: T) => string]>, rows: T[]): string {
  const cells = [columns.map(([title]) => title), ...rows.map((row) => columns.map(([, cell]) => cell(row)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => (line[i] ?? '').length)));
  return cells
    .map((line) =>
      line
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function markdownTable<T>(columns: Array<[string, (row: T) => string]>, rows: T[]): string {
  const escape = (text: string) => text.replaceAll('|', '\\|');
  return [
    `| ${columns.map(([title]) => title).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${columns.map(([, cell]) => escape(cell(row))).join(' | ')} |`),
  ].join('\n');
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

function fixed(value: number): string {
  return value.toFixed(1);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}
