// One triage from alert to answer (src/agent): evidence first, then the ranked candidates — the model's answer, the rules' matches.
import { isDeepStrictEqual } from 'node:util';
import { checkCitations } from './citations.js';
import type { RecommendationCandidate, TriageEvent, TriageTotals } from './events.js';
import { ModelFailure, probeModel, type ModelSettings } from './modelClient.js';
import { secondRound } from './followUps/index.js';
import { converse } from './modelTurns.js';
import { choosePlaybook, planEvidence, resolveTarget, type ResolvedTarget } from './playbooks.js';
import type { Recommendation, RecommendationSource } from '../proposal/recommendation.js';
import { rankByRules } from './rules/index.js';
import { ToolRunner, type ToolResult } from './toolRunner.js';
import type { Emit, TriageContext } from './triageContext.js';
import { TRIAGE_DEFAULTS, type TriageOptions } from './triageOptions.js';

/** Tools whose answers come from AlertManager or Prometheus, not from the cluster's API server. */
const NOT_FROM_THE_CLUSTER = new Set(['list_related_alerts', 'get_metric_trend']);

/** "could not read any evidence from the cluster: …" when every cluster read failed; undefined otherwise. */
export function unreadCluster(results: ToolResult[]): string | undefined {
  const reads = results.filter((r) => !NOT_FROM_THE_CLUSTER.has(r.tool));
  if (reads.length === 0 || reads.some((r) => r.ok)) return undefined;
  const first = (reads[0] as ToolResult).finding.replace(/^error:\s*/, '');
  const count = reads.length === 1 ? '1 call failed' : `all ${reads.length} calls failed`;
  return `could not read any evidence from the cluster (${count}): ${first}`;
}

export class TriageRun implements TriageContext {
  private readonly started = Date.now();
  readonly totals: TriageTotals = {
    turns: 0,
    modelRequests: 0,
    toolCalls: 0,
    failedToolCalls: 0,
    repeatedToolCalls: 0,
    promptTokens: 0,
    evalTokens: 0,
    durationMs: 0,
    modelMs: 0,
    toolMs: 0,
    repairs: 0,
  };
  readonly runner: ToolRunner;
  readonly settings: ModelSettings;
  readonly target: ResolvedTarget;
  readonly evidence: ToolResult[] = [];
  readonly allResults: ToolResult[] = [];
  private done = false;

  constructor(
    readonly options: TriageOptions,
    readonly signal: AbortSignal,
    readonly emit: Emit,
  ) {
    this.runner = new ToolRunner(
      options.mcp,
      signal,
      options.toolTimeoutMs ?? TRIAGE_DEFAULTS.toolTimeoutMs,
      options.resultTokenBudget ?? TRIAGE_DEFAULTS.resultTokenBudget,
    );
    this.settings = {
      host: options.ollamaHost ?? TRIAGE_DEFAULTS.ollamaHost,
      model: options.model ?? TRIAGE_DEFAULTS.model,
      numCtx: options.numCtx ?? TRIAGE_DEFAULTS.numCtx,
      temperature: options.temperature ?? TRIAGE_DEFAULTS.temperature,
      keepAlive: options.keepAlive ?? TRIAGE_DEFAULTS.keepAlive,
      requestTimeoutMs: options.modelTimeoutMs ?? TRIAGE_DEFAULTS.modelTimeoutMs,
    };
    this.target = resolveTarget(options.alert);
  }

  private finish(outcome: Extract<TriageEvent, { type: 'done' }>['outcome']): void {
    if (this.done) return;
    this.done = true;
    this.totals.durationMs = Date.now() - this.started;
    this.emit({ type: 'done', totals: { ...this.totals }, outcome });
  }

  /** A bug or an unexpected failure still ends the stream with an error and done. */
  crash(error: unknown): void {
    if (this.done) return;
    if (this.signal.aborted) return this.finish('aborted');
    this.emit({
      type: 'error',
      message: `triage failed: ${error instanceof Error ? error.message : String(error)}`,
    });
    this.finish('error');
  }

  async run(): Promise<void> {
    const { alert } = this.options;
    this.emit({ type: 'alert_loaded', alert });
    if (this.signal.aborted) return this.finish('aborted');
    try {
      await this.runner.load();
    } catch (error) {
      if (this.signal.aborted) return this.finish('aborted');
      this.emit({
        type: 'error',
        message: `the cluster tools (MCP) could not be listed: ${error instanceof Error ? error.message : String(error)}`,
      });
      return this.finish('error');
    }

    const playbook = choosePlaybook(alert, this.options.playbooks);
    const planned = planEvidence(alert, playbook);
    const prefetch = this.options.prefetch !== false || this.options.noModel === true;
    const calls = prefetch ? planned.filter((call) => this.runner.has(call.tool)) : [];
    for (const missing of planned.filter((call) => !this.runner.has(call.tool))) {
      this.emit({ type: 'warning', message: `the MCP server has no ${missing.tool} tool; skipped` });
    }
    this.emit({ type: 'evidence_planned', playbook: playbook.name, calls });

    const probe = this.options.noModel ? undefined : probeModel(this.settings, this.signal);
    const results = await Promise.all(
      calls.map((call) => this.callTool(call.tool, call.arguments, 'playbook')),
    );
    this.evidence.push(...results);
    if (prefetch) {
      this.evidence.push(
        ...(await secondRound(this.target, results, (t, a) => this.callTool(t, a, 'playbook'))),
      );
    }
    if (this.signal.aborted) return this.finish('aborted');
    const blind = unreadCluster(this.evidence);
    if (blind) {
      // Rules or a model given only errors can do nothing but guess: say the cluster could not be read.
      this.emit({ type: 'error', message: blind });
      return this.finish('error');
    }

    if (this.options.noModel || !probe) {
      return this.fallBack('--no-model given');
    }
    const probed = await probe;
    if (this.signal.aborted) return this.finish('aborted');
    if (!probed.ok) return this.fallBack(probed.reason);
    if (probed.contextLength !== undefined && probed.contextLength < this.settings.numCtx) {
      this.emit({
        type: 'warning',
        message: `model ${this.settings.model} supports ${probed.contextLength} tokens of context; num_ctx lowered from ${this.settings.numCtx}`,
      });
      this.settings.numCtx = probed.contextLength;
    }

    try {
      const answer = await converse(this, probed.nativeTools, playbook);
      if ('fallBack' in answer) this.fallBack(answer.fallBack);
      else this.recommend(answer.recommendation, 'model');
    } catch (error) {
      if (this.signal.aborted || (error instanceof ModelFailure && error.kind === 'aborted')) {
        return this.finish('aborted');
      }
      const reason = error instanceof Error ? error.message : String(error);
      return this.fallBack(reason);
    }
  }

  /** The model's answer, its citations checked, ahead of the rules' candidates on the same evidence. */
  private recommend(recommendation: Recommendation, source: RecommendationSource): void {
    const modelAnswer: RecommendationCandidate = {
      recommendation,
      source,
      unsupported: checkCitations(recommendation.evidence, this.allResults).unsupported,
    };
    const same = (c: RecommendationCandidate) => sameProposal(c.recommendation, recommendation);
    this.present([modelAnswer, ...this.rulesCandidates().filter((c) => !same(c))]);
  }

  /** The model could not answer: the runbook rules decide on the same evidence. */
  private fallBack(reason: string): void {
    if (this.done) return;
    this.emit({ type: 'fallback', reason: `${reason}; using the runbook rules instead` });
    this.present(this.rulesCandidates());
  }

  private rulesCandidates(): RecommendationCandidate[] {
    // Without prefetch, the rules see what the model gathered.
    const evidence = this.evidence.length > 0 ? this.evidence : this.allResults;
    return rankByRules(this.options.alert, this.target, evidence).map((recommendation) => ({
      recommendation,
      source: 'rules' as const,
      unsupported: [],
    }));
  }

  /** The first candidate as the recommendation, the rest ranked behind it for the session's planner. */
  private present([first, ...fallbacks]: RecommendationCandidate[]): void {
    if (!first) return;
    this.emit({ type: 'recommendation', ...first, fallbacks });
    this.finish(first.recommendation.action === 'escalate' ? 'escalate' : 'recommendation');
  }

  async callTool(
    tool: string,
    args: Record<string, unknown>,
    origin: 'playbook' | 'model',
  ): Promise<ToolResult> {
    const id = this.runner.newId();
    this.emit({ type: 'tool_call_started', id, tool, arguments: args, origin });
    const result = await this.runner.call(id, tool, args);
    if (!result.repeated) this.allResults.push(result);
    if (result.repeated) this.totals.repeatedToolCalls += 1;
    else {
      this.totals.toolCalls += 1;
      this.totals.toolMs += result.durationMs;
      if (!result.ok) this.totals.failedToolCalls += 1;
    }
    this.emit({
      type: 'tool_call_finished',
      id,
      tool,
      ok: result.ok,
      finding: result.finding,
      text: result.text,
      ...(result.structured !== undefined ? { structured: result.structured } : {}),
      durationMs: result.durationMs,
      repeated: result.repeated,
    });
    return result;
  }
}

function sameProposal(a: Recommendation, b: Recommendation): boolean {
  return (
    a.action === b.action &&
    isDeepStrictEqual(a.target, b.target) &&
    isDeepStrictEqual(a.parameters, b.parameters)
  );
}
