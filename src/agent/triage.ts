// The triage engine: evidence first through MCP, then a few model turns, ending in one validated recommendation.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Message, Tool } from 'ollama';
import type { Alert } from '../alerts/alert.js';
import type { TriageEvent, TriageTotals } from './events.js';
import {
  ModelFailure,
  probeModel,
  streamChat,
  type ChatRequestParts,
  type ChatResult,
  type ModelSettings,
  type ModelToolCall,
} from './modelClient.js';
import {
  choosePlaybook,
  offeredTools,
  planEvidence,
  resolveTarget,
  type Playbook,
  type ResolvedTarget,
} from './playbooks.js';
import {
  compactTools,
  FINAL_REQUEST,
  firstUserMessage,
  recommendationFormat,
  repairRequest,
  systemPrompt,
  toolLine,
  toolResultBlock,
} from './prompt.js';
import type { Recommendation, RecommendationSource } from '../proposal/recommendation.js';
import { recommendByRules } from './rules/index.js';
import { extractJsonObject, parseTextToolCalls } from './textToolProtocol.js';
import { countPromptTokens } from './tokens.js';
import { ToolRunner, type ToolResult } from './toolRunner.js';
import { checkAnswer } from './validateAnswer.js';

export interface TriageOptions {
  alert: Alert;
  /** An MCP client connected to kopilot's read-only tools. */
  mcp: Client;
  /** Skip the model: evidence and rules only. */
  noModel?: boolean;
  model?: string;
  ollamaHost?: string;
  numCtx?: number;
  temperature?: number;
  keepAlive?: string | number;
  /** Per model request. */
  modelTimeoutMs?: number;
  toolTimeoutMs?: number;
  /** Token budget asked of each tool result (default 250: five results fit a 2,500-token first prompt). */
  resultTokenBudget?: number;
  /** Model requests that may call tools (the last one must answer); default 4. */
  maxTurns?: number;
  /** Tool calls the model may make; default 6. */
  maxToolCalls?: number;
  /** Aborting cancels the model request and pending tool calls at once. */
  signal?: AbortSignal;
  playbooks?: Playbook[];
  /**
   * false: no evidence before the first model request, the model gathers its own (the plain tool-calling
   * loop eval's --no-prefetch measures). Rules always get the playbook's evidence.
   */
  prefetch?: boolean;
}

export const TRIAGE_DEFAULTS = {
  model: 'granite3.1-dense:8b',
  ollamaHost: 'http://127.0.0.1:11434',
  numCtx: 8192,
  temperature: 0.1,
  keepAlive: '5m',
  modelTimeoutMs: 120_000,
  toolTimeoutMs: 30_000,
  resultTokenBudget: 250,
  maxTurns: 4,
  maxToolCalls: 6,
} as const;

type Emit = (event: TriageEvent) => void;

/** Runs one triage and yields its events; ends with exactly one `done`. */
export async function* runTriage(options: TriageOptions): AsyncGenerator<TriageEvent> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const queue: TriageEvent[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  const emit: Emit = (event) => {
    queue.push(event);
    wake?.();
  };
  const triage = new Triage(options, controller.signal, emit);
  const task = triage
    .run()
    .catch((error: unknown) => triage.crash(error))
    .finally(() => {
      finished = true;
      wake?.();
    });
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    controller.abort();
    options.signal?.removeEventListener('abort', onAbort);
    await task;
  }
}

/** Coalesces streamed text into fewer, larger model_text events. */
class TextCoalescer {
  private buffer = '';
  private lastFlush = Date.now();
  constructor(
    private readonly emit: Emit,
    private readonly turn: number,
  ) {}
  add(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= 120 || text.includes('\n') || Date.now() - this.lastFlush >= 150) this.flush();
  }
  flush(): void {
    if (!this.buffer) return;
    this.emit({ type: 'model_text', turn: this.turn, text: this.buffer });
    this.buffer = '';
    this.lastFlush = Date.now();
  }
}

class Triage {
  private readonly started = Date.now();
  private readonly totals: TriageTotals = {
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
  private readonly runner: ToolRunner;
  private readonly settings: ModelSettings;
  private readonly target: ResolvedTarget;
  private readonly evidence: ToolResult[] = [];
  /** Every result so far, the model's calls included: what an answer may rely on. */
  private readonly allResults: ToolResult[] = [];
  private done = false;

  constructor(
    private readonly options: TriageOptions,
    private readonly signal: AbortSignal,
    private readonly emit: Emit,
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
    if (this.signal.aborted) return this.finish('aborted');

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
      const recommendation = await this.converse(probed.nativeTools, playbook);
      if (recommendation) this.recommend(recommendation, 'model');
    } catch (error) {
      if (this.signal.aborted || (error instanceof ModelFailure && error.kind === 'aborted')) {
        return this.finish('aborted');
      }
      const reason = error instanceof Error ? error.message : String(error);
      return this.fallBack(reason);
    }
  }

  private recommend(recommendation: Recommendation, source: RecommendationSource): void {
    this.emit({ type: 'recommendation', recommendation, source });
    this.finish(recommendation.action === 'escalate' ? 'escalate' : 'recommendation');
  }

  private fallBack(reason: string): void {
    if (this.done) return;
    this.emit({ type: 'fallback', reason: `${reason}; using the runbook rules instead` });
    // Without prefetch, the rules see what the model gathered.
    const evidence = this.evidence.length > 0 ? this.evidence : this.allResults;
    const recommendation = recommendByRules(this.options.alert, this.target, evidence);
    this.recommend(recommendation, 'rules');
  }

  private async callTool(
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

  /** The model turns; returns the validated recommendation, or undefined after falling back. */
  private async converse(nativeTools: boolean, playbook: Playbook): Promise<Recommendation | undefined> {
    const maxTurns = Math.max(1, this.options.maxTurns ?? TRIAGE_DEFAULTS.maxTurns);
    const maxToolCalls = Math.max(0, this.options.maxToolCalls ?? TRIAGE_DEFAULTS.maxToolCalls);
    // Tools whose evidence is already in the prompt are not offered again (a call to one is still answered).
    const answered = new Set(this.evidence.filter((r) => r.ok).map((r) => r.tool));
    const infos = offeredTools(playbook)
      .filter((name) => !answered.has(name))
      .map((name) => this.runner.info(name))
      .filter((info) => info !== undefined);
    const tools: Tool[] | undefined = nativeTools && maxToolCalls > 0 ? compactTools(infos) : undefined;
    const messages: Message[] = [
      {
        role: 'system',
        content: systemPrompt({
          nativeTools,
          maxToolCalls,
          toolLines: nativeTools ? undefined : infos.map(toolLine),
          actions: playbook.actions,
        }),
      },
      {
        role: 'user',
        content: firstUserMessage(this.options.alert, this.target, this.evidence, nativeTools),
      },
    ];
    const compactable: Array<{ message: Message; result: ToolResult }> = [];
    let modelToolCalls = 0;
    let answer: unknown;
    let forceAnswer = maxToolCalls === 0;

    for (let turn = 1; turn <= maxTurns && answer === undefined; turn++) {
      const mustAnswer = forceAnswer || turn === maxTurns;
      if (mustAnswer) messages.push({ role: 'user', content: FINAL_REQUEST });
      const result = await this.request(
        turn,
        messages,
        compactable,
        mustAnswer ? { format: recommendationFormat() } : { tools },
      );
      this.totals.turns = turn;
      if (!result) return undefined;
      // Small models often write a tool call as text even when native calls are offered: accept it either way.
      const textCalls =
        result.toolCalls.length > 0 || mustAnswer
          ? { calls: [], errors: [] }
          : parseTextToolCalls(result.content);
      const calls: ModelToolCall[] = [...result.toolCalls, ...textCalls.calls];
      const jsonCall = calls.length === 0 && !mustAnswer ? toolCallInJson(result.content) : undefined;
      if (jsonCall) calls.push(jsonCall);
      if (mustAnswer || calls.length === 0) {
        answer = extractJsonObject(result.content);
        messages.push({ role: 'assistant', content: result.content });
        if (answer === undefined) {
          if (mustAnswer) {
            this.fallBack('the model did not answer with a JSON recommendation');
            return undefined;
          }
          forceAnswer = true;
        }
        continue;
      }
      messages.push({
        role: 'assistant',
        content: result.content,
        ...(result.toolCalls.length > 0
          ? {
              tool_calls: result.toolCalls.map((c) => ({
                function: { name: c.name, arguments: asArgs(c.arguments) ?? {} },
              })),
            }
          : {}),
      });
      for (const error of textCalls.errors) {
        messages.push({
          role: 'user',
          content: `${error}. Use <tool_call>{"name":…,"arguments":{…}}</tool_call>.`,
        });
      }
      for (const call of calls) {
        this.emit({
          type: 'model_tool_call',
          turn,
          tool: call.name,
          arguments: asArgs(call.arguments) ?? {},
        });
        const toolResult = await this.answerToolCall(call, modelToolCalls >= maxToolCalls);
        if (!toolResult.repeated && toolResult.ok !== undefined) modelToolCalls += 1;
        const content = toolResult.text;
        const message: Message = nativeTools
          ? { role: 'tool', content, tool_name: call.name }
          : { role: 'user', content: `Result of ${content}` };
        messages.push(message);
        if (toolResult.result) compactable.push({ message, result: toolResult.result });
      }
      if (modelToolCalls >= maxToolCalls) forceAnswer = true;
    }
    if (answer === undefined) {
      this.fallBack('the model did not reach a recommendation within its turns');
      return undefined;
    }

    const context = {
      alert: this.options.alert,
      target: this.target,
      evidence: this.allResults,
      runner: this.runner,
    };
    const first = await checkAnswer(answer, context);
    if (first.ok) return first.recommendation;
    this.emit({
      type: 'warning',
      message: `the model's recommendation was rejected: ${first.error}; asking it once to repair`,
    });
    this.totals.repairs = (this.totals.repairs ?? 0) + 1;
    messages.push({ role: 'user', content: repairRequest(first.error) });
    const repairTurn = this.totals.turns + 1;
    const repaired = await this.request(repairTurn, messages, compactable, {
      format: recommendationFormat(),
    });
    this.totals.turns = repairTurn;
    if (!repaired) return undefined;
    const second = extractJsonObject(repaired.content);
    const check =
      second === undefined
        ? { ok: false as const, error: 'the answer was not JSON' }
        : await checkAnswer(second, context);
    if (check.ok) return check.recommendation;
    this.fallBack(`the model's recommendation was invalid twice (${check.error})`);
    return undefined;
  }

  /** Runs (or refuses) one tool call the model asked for; the text is what goes back to the model. */
  private async answerToolCall(
    call: ModelToolCall,
    overLimit: boolean,
  ): Promise<{ text: string; result?: ToolResult; repeated: boolean; ok?: boolean }> {
    const args = asArgs(call.arguments);
    if (!args) {
      const text = `${call.name}: error: arguments must be a JSON object like {"namespace":"…"}; got ${JSON.stringify(call.arguments)}`;
      this.emit({
        type: 'warning',
        message: `the model called ${call.name} with arguments that are not an object`,
      });
      return { text, repeated: false };
    }
    if (!this.runner.has(call.name)) {
      this.emit({ type: 'warning', message: `the model asked for a tool that does not exist: ${call.name}` });
      return {
        text: `${call.name}: error: no such tool. The tools are: ${this.runner.toolNames().join(', ')}`,
        repeated: false,
      };
    }
    if (overLimit && !this.runner.isRepeat(call.name, args)) {
      return {
        text: `${call.name}: not run: the tool-call limit is reached. Answer with the evidence you have.`,
        repeated: false,
      };
    }
    const result = await this.callTool(call.name, args, 'model');
    return { text: toolResultBlock(result), result, repeated: result.repeated, ok: result.ok };
  }

  /** One model request after the budget check; undefined when the engine fell back instead. */
  private async request(
    turn: number,
    messages: Message[],
    compactable: Array<{ message: Message; result: ToolResult }>,
    parts: Omit<ChatRequestParts, 'messages'>,
  ): Promise<ChatResult | undefined> {
    const limit = this.settings.numCtx - Math.min(1024, Math.floor(this.settings.numCtx / 4));
    let tokens = countPromptTokens(messages, parts.tools);
    let compacted = 0;
    while (tokens > limit) {
      const oldest = compactable.shift();
      if (oldest) {
        oldest.message.content = `${oldest.result.tool} ${JSON.stringify(oldest.result.arguments)}: ${oldest.result.finding} (full result dropped to fit the context)`;
      } else if (messages[1] && !messages[1].content.startsWith('[compacted]')) {
        const compact = this.evidence.map((r) => ({ ...r, text: r.finding }));
        messages[1].content = `[compacted] ${firstUserMessage(this.options.alert, this.target, compact, parts.tools !== undefined)}`;
      } else {
        this.fallBack(
          `the prompt would need ${tokens} tokens, more than num_ctx ${this.settings.numCtx} allows`,
        );
        return undefined;
      }
      compacted += 1;
      tokens = countPromptTokens(messages, parts.tools);
    }
    if (compacted > 0) {
      this.emit({
        type: 'warning',
        message: `older tool results shortened to stay within num_ctx ${this.settings.numCtx}`,
      });
    }
    this.emit({
      type: 'model_request',
      turn,
      model: this.settings.model,
      promptTokens: tokens,
      messages: messages.length,
    });
    this.totals.modelRequests += 1;
    const text = new TextCoalescer(this.emit, turn);
    const stream = streamChat(this.settings, { messages, ...parts }, this.signal);
    let next = await stream.next();
    while (!next.done) {
      text.add(next.value);
      next = await stream.next();
    }
    text.flush();
    const result = next.value;
    this.totals.promptTokens += result.promptEvalCount;
    this.totals.evalTokens += result.evalCount;
    this.totals.modelMs += result.totalDurationMs;
    return result;
  }
}

/** A bare JSON tool call in the text ({"name":"get_pod_logs","arguments":{…}}), which is not an answer. */
function toolCallInJson(text: string): ModelToolCall | undefined {
  const json = extractJsonObject(text) as
    | {
        name?: unknown;
        arguments?: unknown;
        parameters?: unknown;
        function?: { name?: unknown; arguments?: unknown };
      }
    | undefined;
  if (!json || typeof json !== 'object' || 'action' in json) return undefined;
  const call = json.function && typeof json.function === 'object' ? json.function : json;
  if (typeof call.name !== 'string' || call.name === '') return undefined;
  const args =
    (call as { arguments?: unknown }).arguments ?? (json as { parameters?: unknown }).parameters ?? {};
  return { name: call.name, arguments: args };
}

function asArgs(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
