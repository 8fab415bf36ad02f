// Talks to Ollama for the triage: probes the model, streams one chat request with a timeout, classifies failures.
import { Ollama, type Message, type Tool } from 'ollama';

export interface ModelSettings {
  host: string;
  model: string;
  numCtx: number;
  temperature: number;
  keepAlive: string | number;
  requestTimeoutMs: number;
}

export type ModelProbe =
  { ok: true; nativeTools: boolean; contextLength?: number } | { ok: false; reason: string };

export interface ModelToolCall {
  name: string;
  arguments: unknown;
}

export interface ChatResult {
  content: string;
  toolCalls: ModelToolCall[];
  promptEvalCount: number;
  evalCount: number;
  totalDurationMs: number;
  doneReason: string;
}

export interface ChatRequestParts {
  messages: Message[];
  tools?: Tool[];
  format?: object;
}

/** A model request that failed, with one line for the user saying why. */
export class ModelFailure extends Error {
  constructor(
    message: string,
    readonly kind:
      'unreachable' | 'not_pulled' | 'wrong_host' | 'timeout' | 'aborted' | 'server_error' | 'stream',
  ) {
    super(message);
    this.name = 'ModelFailure';
  }
}

function client(settings: ModelSettings, signal: AbortSignal): Ollama {
  return new Ollama({
    host: settings.host,
    fetch: (input, init) =>
      fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
  });
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function classifyModelError(
  error: unknown,
  settings: ModelSettings,
  signals: { user: AbortSignal; timeout?: AbortSignal },
): ModelFailure {
  if (error instanceof ModelFailure) return error;
  if (signals.user.aborted) return new ModelFailure('triage aborted', 'aborted');
  if (signals.timeout?.aborted) {
    return new ModelFailure(
      `the model did not answer within ${Math.round(settings.requestTimeoutMs / 1000)}s (modelTimeoutMs)`,
      'timeout',
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { status_code?: unknown }).status_code;
  // Ollama's own JSON error names the model; any other 404 (a proxy, a web server, a wrong path) is the wrong host.
  if (/not found, try pulling it first|model .* not found/i.test(message)) {
    return new ModelFailure(
      `model ${settings.model} is not pulled on ${settings.host} (run: ollama pull ${settings.model})`,
      'not_pulled',
    );
  }
  if (status === 404) {
    return new ModelFailure(
      `${settings.host} answered HTTP 404: not an Ollama API there (check --ollama-host / $OLLAMA_HOST)`,
      'wrong_host',
    );
  }
  if (typeof status === 'number')
    return new ModelFailure(`Ollama answered HTTP ${status}: ${message}`, 'server_error');
  const code = causeCode(error);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ECONNRESET') {
    if (code === 'ECONNRESET')
      return new ModelFailure(`the connection to Ollama broke mid-answer (${code})`, 'stream');
    return new ModelFailure(`Ollama is not reachable at ${settings.host} (${code})`, 'unreachable');
  }
  if (code === 'UND_ERR_SOCKET' || /other side closed|terminated|Did not receive done/i.test(message)) {
    return new ModelFailure('the model stream was cut off before it finished', 'stream');
  }
  if (typeof status === 'number')
    return new ModelFailure(`Ollama answered HTTP ${status}: ${message}`, 'server_error');
  if (message === 'fetch failed')
    return new ModelFailure(`Ollama is not reachable at ${settings.host}`, 'unreachable');
  return new ModelFailure(`Ollama request failed: ${message}`, 'server_error');
}

/** Whether the model is pulled and whether it calls tools natively (its /api/show capabilities). */
export async function probeModel(settings: ModelSettings, signal: AbortSignal): Promise<ModelProbe> {
  const timeout = AbortSignal.timeout(Math.min(settings.requestTimeoutMs, 10_000));
  try {
    const show = await client(settings, AbortSignal.any([signal, timeout])).show({ model: settings.model });
    const capabilities = Array.isArray(show.capabilities) ? show.capabilities : [];
    const info = (show.model_info ?? {}) as unknown as Record<string, unknown>;
    const contextKey = Object.keys(info).find((key) => key.endsWith('.context_length'));
    const contextLength =
      contextKey && typeof info[contextKey] === 'number' ? (info[contextKey] as number) : undefined;
    return { ok: true, nativeTools: capabilities.includes('tools'), contextLength };
  } catch (error) {
    const failure = classifyModelError(error, settings, { user: signal, timeout });
    if (failure.kind === 'timeout')
      return { ok: false, reason: `Ollama at ${settings.host} did not answer /api/show` };
    return { ok: false, reason: failure.message };
  }
}

/** One streaming chat request: yields text chunks as they come, returns the whole answer with counts. */
export async function* streamChat(
  settings: ModelSettings,
  parts: ChatRequestParts,
  signal: AbortSignal,
): AsyncGenerator<string, ChatResult> {
  const timeout = AbortSignal.timeout(settings.requestTimeoutMs);
  const combined = AbortSignal.any([signal, timeout]);
  const ollama = client(settings, combined);
  const onAbort = () => ollama.abort();
  combined.addEventListener('abort', onAbort, { once: true });
  const result: ChatResult = {
    content: '',
    toolCalls: [],
    promptEvalCount: 0,
    evalCount: 0,
    totalDurationMs: 0,
    doneReason: '',
  };
  try {
    const stream = await ollama.chat({
      model: settings.model,
      messages: parts.messages,
      ...(parts.tools && parts.tools.length > 0 ? { tools: parts.tools } : {}),
      ...(parts.format ? { format: parts.format } : {}),
      stream: true,
      keep_alive: settings.keepAlive,
      options: { num_ctx: settings.numCtx, temperature: settings.temperature },
    });
    for await (const chunk of stream) {
      if (combined.aborted) throw combined.reason;
      const text = chunk.message?.content ?? '';
      if (text) {
        result.content += text;
        yield text;
      }
      for (const call of chunk.message?.tool_calls ?? []) {
        result.toolCalls.push({ name: call.function?.name ?? '', arguments: call.function?.arguments });
      }
      if (chunk.done) {
        result.promptEvalCount = chunk.prompt_eval_count ?? 0;
        result.evalCount = chunk.eval_count ?? 0;
        result.totalDurationMs = Math.round((chunk.total_duration ?? 0) / 1e6);
        result.doneReason = chunk.done_reason ?? 'stop';
      }
    }
    return result;
  } catch (error) {
    throw classifyModelError(error, settings, { user: signal, timeout });
  } finally {
    combined.removeEventListener('abort', onAbort);
  }
}
