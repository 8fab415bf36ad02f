// One model request of a triage (src/agent): fit the prompt to num_ctx, stream the answer as coalesced text events.
import type { Message } from 'ollama';
import { streamChat, type ChatRequestParts, type ChatResult } from './modelClient.js';
import { firstUserMessage } from './prompt.js';
import { countPromptTokens } from './tokens.js';
import type { ToolResult } from './toolRunner.js';
import type { Emit, FallBack, TriageContext } from './triageContext.js';

/** A tool result in the conversation that may be shortened to its finding when the prompt grows too long. */
export interface Compactable {
  message: Message;
  result: ToolResult;
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

/** One model request after the budget check; a FallBack when even the compacted prompt does not fit. */
export async function requestModel(
  ctx: TriageContext,
  turn: number,
  messages: Message[],
  compactable: Compactable[],
  parts: Omit<ChatRequestParts, 'messages'>,
): Promise<ChatResult | FallBack> {
  const { settings, totals } = ctx;
  const limit = settings.numCtx - Math.min(1024, Math.floor(settings.numCtx / 4));
  let tokens = countPromptTokens(messages, parts.tools);
  let compacted = 0;
  while (tokens > limit) {
    const oldest = compactable.shift();
    if (oldest) {
      oldest.message.content = `${oldest.result.tool} ${JSON.stringify(oldest.result.arguments)}: ${oldest.result.finding} (full result dropped to fit the context)`;
    } else if (messages[1] && !messages[1].content.startsWith('[compacted]')) {
      const compact = ctx.evidence.map((r) => ({ ...r, text: r.finding }));
      messages[1].content = `[compacted] ${firstUserMessage(ctx.options.alert, ctx.target, compact, parts.tools !== undefined)}`;
    } else {
      return {
        fallBack: `the prompt would need ${tokens} tokens, more than num_ctx ${settings.numCtx} allows`,
      };
    }
    compacted += 1;
    tokens = countPromptTokens(messages, parts.tools);
  }
  if (compacted > 0) {
    ctx.emit({
      type: 'warning',
      message: `older tool results shortened to stay within num_ctx ${settings.numCtx}`,
    });
  }
  ctx.emit({
    type: 'model_request',
    turn,
    model: settings.model,
    promptTokens: tokens,
    messages: messages.length,
  });
  totals.modelRequests += 1;
  const text = new TextCoalescer(ctx.emit, turn);
  const stream = streamChat(settings, { messages, ...parts }, ctx.signal);
  let next = await stream.next();
  while (!next.done) {
    text.add(next.value);
    next = await stream.next();
  }
  text.flush();
  const result = next.value;
  totals.promptTokens += result.promptEvalCount;
  totals.evalTokens += result.evalCount;
  totals.modelMs += result.totalDurationMs;
  return result;
}
