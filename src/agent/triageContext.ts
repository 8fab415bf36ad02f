// What the parts of one triage share (src/agent): its options, signal, event sink, tools, evidence and totals.
import type { TriageEvent, TriageTotals } from './events.js';
import type { ModelSettings } from './modelClient.js';
import type { ResolvedTarget } from './playbooks.js';
import type { ToolResult, ToolRunner } from './toolRunner.js';
import type { TriageOptions } from './triageOptions.js';

export type Emit = (event: TriageEvent) => void;

/** The model could not be used for this triage, and why: the runbook rules answer instead. */
export interface FallBack {
  fallBack: string;
}

export interface TriageContext {
  readonly options: TriageOptions;
  readonly signal: AbortSignal;
  readonly emit: Emit;
  readonly runner: ToolRunner;
  /** The model's settings; num_ctx is lowered when the model supports less. */
  readonly settings: ModelSettings;
  readonly target: ResolvedTarget;
  /** The playbook's evidence, gathered before the first model request. */
  readonly evidence: ToolResult[];
  /** Every result so far, the model's calls included: what an answer may rely on. */
  readonly allResults: ToolResult[];
  readonly totals: TriageTotals;
  /** Calls one tool, with its started/finished events and its share of the totals. */
  callTool(tool: string, args: Record<string, unknown>, origin: 'playbook' | 'model'): Promise<ToolResult>;
}
