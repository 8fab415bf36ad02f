// The model's turns of a triage (src/agent): ask, answer its tool calls within limits, validate, repair once.
import type { Message, Tool } from 'ollama';
import type { Recommendation } from '../proposal/recommendation.js';
import type { ModelToolCall } from './modelClient.js';
import { requestModel, type Compactable } from './modelRequest.js';
import { offeredTools, type Playbook } from './playbooks.js';
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
import { asArgs, extractJsonObject, parseTextToolCalls, toolCallInJson } from './textToolProtocol.js';
import type { ToolResult } from './toolRunner.js';
import type { FallBack, TriageContext } from './triageContext.js';
import { TRIAGE_DEFAULTS } from './triageOptions.js';
import { checkAnswer } from './validateAnswer.js';

/** The model's validated recommendation, or why the rules must answer instead. */
export type ModelAnswer = { recommendation: Recommendation } | FallBack;

export async function converse(
  ctx: TriageContext,
  nativeTools: boolean,
  playbook: Playbook,
): Promise<ModelAnswer> {
  const { options, runner, totals } = ctx;
  const maxTurns = Math.max(1, options.maxTurns ?? TRIAGE_DEFAULTS.maxTurns);
  const maxToolCalls = Math.max(0, options.maxToolCalls ?? TRIAGE_DEFAULTS.maxToolCalls);
  // Tools whose evidence is already in the prompt are not offered again (a call to one is still answered).
  const answered = new Set(ctx.evidence.filter((r) => r.ok).map((r) => r.tool));
  const infos = offeredTools(playbook)
    .filter((name) => !answered.has(name))
    .map((name) => runner.info(name))
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
    { role: 'user', content: firstUserMessage(options.alert, ctx.target, ctx.evidence, nativeTools) },
  ];
  const compactable: Compactable[] = [];
  let modelToolCalls = 0;
  let answer: unknown;
  let forceAnswer = maxToolCalls === 0;

  for (let turn = 1; turn <= maxTurns && answer === undefined; turn++) {
    const mustAnswer = forceAnswer || turn === maxTurns;
    if (mustAnswer) messages.push({ role: 'user', content: FINAL_REQUEST });
    const result = await requestModel(
      ctx,
      turn,
      messages,
      compactable,
      mustAnswer ? { format: recommendationFormat() } : { tools },
    );
    totals.turns = turn;
    if ('fallBack' in result) return result;
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
        if (mustAnswer) return { fallBack: 'the model did not answer with a JSON recommendation' };
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
      ctx.emit({ type: 'model_tool_call', turn, tool: call.name, arguments: asArgs(call.arguments) ?? {} });
      const toolResult = await answerToolCall(ctx, call, modelToolCalls >= maxToolCalls);
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
  if (answer === undefined) return { fallBack: 'the model did not reach a recommendation within its turns' };

  const context = { alert: options.alert, target: ctx.target, evidence: ctx.allResults, runner };
  const first = await checkAnswer(answer, context);
  if (first.ok) return { recommendation: first.recommendation };
  ctx.emit({
    type: 'warning',
    message: `the model's recommendation was rejected: ${first.error}; asking it once to repair`,
  });
  totals.repairs = (totals.repairs ?? 0) + 1;
  messages.push({ role: 'user', content: repairRequest(first.error) });
  const repairTurn = totals.turns + 1;
  const repaired = await requestModel(ctx, repairTurn, messages, compactable, {
    format: recommendationFormat(),
  });
  totals.turns = repairTurn;
  if ('fallBack' in repaired) return repaired;
  const second = extractJsonObject(repaired.content);
  const check =
    second === undefined
      ? { ok: false as const, error: 'the answer was not JSON' }
      : await checkAnswer(second, context);
  if (check.ok) return { recommendation: check.recommendation };
  return { fallBack: `the model's recommendation was invalid twice (${check.error})` };
}

/** Runs (or refuses) one tool call the model asked for; the text is what goes back to the model. */
async function answerToolCall(
  ctx: TriageContext,
  call: ModelToolCall,
  overLimit: boolean,
): Promise<{ text: string; result?: ToolResult; repeated: boolean; ok?: boolean }> {
  const { runner } = ctx;
  const args = asArgs(call.arguments);
  if (!args) {
    const text = `${call.name}: error: arguments must be a JSON object like {"namespace":"…"}; got ${JSON.stringify(call.arguments)}`;
    ctx.emit({
      type: 'warning',
      message: `the model called ${call.name} with arguments that are not an object`,
    });
    return { text, repeated: false };
  }
  if (!runner.has(call.name)) {
    ctx.emit({ type: 'warning', message: `the model asked for a tool that does not exist: ${call.name}` });
    return {
      text: `${call.name}: error: no such tool. The tools are: ${runner.toolNames().join(', ')}`,
      repeated: false,
    };
  }
  if (overLimit && !runner.isRepeat(call.name, args)) {
    return {
      text: `${call.name}: not run: the tool-call limit is reached. Answer with the evidence you have.`,
      repeated: false,
    };
  }
  const result = await ctx.callTool(call.name, args, 'model');
  return { text: toolResultBlock(result), result, repeated: result.repeated, ok: result.ok };
}
