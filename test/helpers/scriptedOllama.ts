// A real HTTP server speaking Ollama's API that replays a script of model turns and records every request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { encode } from 'gpt-tokenizer';

/** One model the scripted server pretends to have pulled. */
export interface ScriptedModel {
  name: string;
  /** As /api/show reports them; drop "tools" to simulate a model without native tool calling. */
  capabilities?: string[];
  contextLength?: number;
  family?: string;
  parameterSize?: string;
}

export interface ScriptedToolCall {
  name: string;
  /** Deliberately `unknown`: scripts may send wrong argument types. */
  arguments: unknown;
}

/** What can go wrong on the wire instead of (or in the middle of) a normal answer. */
export type ScriptedFault =
  | { type: 'http_error'; status: number; error: string }
  /** Sends `afterChunks` content chunks, then destroys the socket without the final chunk. */
  | { type: 'disconnect'; afterChunks?: number }
  /** Sends a line that is not JSON among the content chunks. */
  | { type: 'invalid_ndjson' }
  /** Never answers; the connection stays open until the client gives up. */
  | { type: 'hang' };

/** One answer of the model to one /api/chat request. */
export interface ScriptedTurn {
  /** Assistant text, streamed in small chunks. */
  content?: string;
  /** Structured output: sent as the assistant content, JSON-encoded (or verbatim when a string). */
  json?: unknown;
  toolCalls?: ScriptedToolCall[];
  /** Milliseconds before the response headers are sent. */
  delayMs?: number;
  /** Milliseconds between streamed chunks. */
  chunkDelayMs?: number;
  /** Characters per streamed content chunk (default 12). */
  chunkSize?: number;
  doneReason?: string;
  fault?: ScriptedFault;
}

export interface OllamaScript {
  /** Models "pulled" on this server; default: one granite3.1-dense:8b with tools. */
  models?: ScriptedModel[];
  /** Turns answered in order, one per /api/chat request. A function turn sees the request. */
  turns: Array<ScriptedTurn | ((request: RecordedChatRequest) => ScriptedTurn)>;
  /** When the turns run out: repeat the last one (endless tool calls) or answer HTTP 500 (default). */
  whenExhausted?: 'repeat_last' | 'error';
  version?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  receivedAt: number;
}

export interface ChatMessage {
  role: string;
  content: string;
  tool_calls?: Array<{ function: { name: string; arguments: unknown } }>;
  tool_name?: string;
}

export interface RecordedChatRequest extends RecordedRequest {
  path: '/api/chat';
  body: {
    model: string;
    messages: ChatMessage[];
    stream?: boolean;
    tools?: unknown[];
    format?: unknown;
    options?: Record<string, unknown>;
    keep_alive?: unknown;
  };
  /** Prompt tokens as this server counts them (gpt-tokenizer over the rendered messages and tools). */
  promptTokens: number;
  /** The whole prompt text as counted, for assertions on content (secrets, fencing). */
  promptText: string;
}

export interface ScriptedOllama {
  url: string;
  requests: RecordedRequest[];
  /** Only the /api/chat requests, in order. */
  chatRequests(): RecordedChatRequest[];
  close(): Promise<void>;
}

const DEFAULT_MODEL: ScriptedModel = {
  name: 'granite3.1-dense:8b',
  capabilities: ['completion', 'tools'],
  contextLength: 131072,
  family: 'granite',
  parameterSize: '8.2B',
};

/** Renders the chat like a chat template would, so counts track what a real model is fed. */
export function renderPrompt(body: { messages?: ChatMessage[]; tools?: unknown[] }): string {
  const parts: string[] = [];
  if (body.tools && body.tools.length > 0) parts.push(`<|tools|>\n${JSON.stringify(body.tools)}`);
  for (const message of body.messages ?? []) {
    let text = `<|${message.role}|>\n${message.content ?? ''}`;
    if (message.tool_calls && message.tool_calls.length > 0)
      text += `\n${JSON.stringify(message.tool_calls)}`;
    parts.push(text);
  }
  parts.push('<|assistant|>\n');
  return parts.join('\n');
}

export function countTokens(text: string): number {
  return encode(text).length;
}

/** Loads a script fixture from test/fixtures/ollama/<name>.json. */
export async function loadScript(name: string): Promise<OllamaScript> {
  const path = fileURLToPath(new URL(`../fixtures/ollama/${name}.json`, import.meta.url));
  return JSON.parse(await readFile(path, 'utf8')) as OllamaScript;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function chunkText(text: string, size: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

export async function startScriptedOllama(script: OllamaScript): Promise<ScriptedOllama> {
  const models = script.models ?? [DEFAULT_MODEL];
  const requests: RecordedRequest[] = [];
  let turnIndex = 0;
  const findModel = (name: unknown): ScriptedModel | undefined =>
    models.find((m) => m.name === name || m.name === `${String(name)}:latest`);

  const nextTurn = (request: RecordedChatRequest): ScriptedTurn | undefined => {
    let entry = script.turns[turnIndex];
    if (entry === undefined && script.whenExhausted === 'repeat_last')
      entry = script.turns[script.turns.length - 1];
    else turnIndex += 1;
    if (entry === undefined) return undefined;
    return typeof entry === 'function' ? entry(request) : entry;
  };

  const details = (model: ScriptedModel) => ({
    parent_model: '',
    format: 'gguf',
    family: model.family ?? 'granite',
    families: [model.family ?? 'granite'],
    parameter_size: model.parameterSize ?? '8.2B',
    quantization_level: 'Q4_K_M',
  });

  const handleChat = async (req: IncomingMessage, res: ServerResponse, record: RecordedRequest) => {
    const body = record.body as RecordedChatRequest['body'];
    const promptText = renderPrompt(body);
    const chat = Object.assign(record, {
      promptText,
      promptTokens: countTokens(promptText),
    }) as RecordedChatRequest;
    const model = findModel(body.model);
    if (!model) {
      sendJson(res, 404, { error: `model "${String(body.model)}" not found, try pulling it first` });
      return;
    }
    const capabilities = model.capabilities ?? ['completion', 'tools'];
    if (body.tools && body.tools.length > 0 && !capabilities.includes('tools')) {
      sendJson(res, 400, { error: `registry.ollama.ai/library/${model.name} does not support tools` });
      return;
    }
    const turn = nextTurn(chat);
    if (!turn) {
      sendJson(res, 500, { error: 'scripted ollama: the script has no more turns' });
      return;
    }
    if (turn.delayMs) await sleep(turn.delayMs);
    if (res.destroyed) return;
    const fault = turn.fault;
    if (fault?.type === 'http_error') {
      sendJson(res, fault.status, { error: fault.error });
      return;
    }
    if (fault?.type === 'hang') return; // the socket stays open until the client gives up or close()

    const content =
      turn.json !== undefined
        ? typeof turn.json === 'string'
          ? turn.json
          : JSON.stringify(turn.json)
        : (turn.content ?? '');
    const toolCalls = (turn.toolCalls ?? []).map((call, index) => ({
      id: `call_${Math.random().toString(36).slice(2, 10)}`,
      function: { index, name: call.name, arguments: call.arguments },
    }));
    const evalCount = countTokens(content + (toolCalls.length ? JSON.stringify(toolCalls) : '')) || 1;
    const promptEvalDuration = chat.promptTokens * 150_000;
    const evalDuration = evalCount * 20_000_000;
    const final = (message: Record<string, unknown>) => ({
      model: body.model,
      created_at: new Date().toISOString(),
      message,
      done: true,
      done_reason: turn.doneReason ?? 'stop',
      total_duration: 5_000_000 + promptEvalDuration + evalDuration,
      load_duration: 5_000_000,
      prompt_eval_count: chat.promptTokens,
      prompt_eval_duration: promptEvalDuration,
      eval_count: evalCount,
      eval_duration: evalDuration,
    });

    if (body.stream === false) {
      const message: Record<string, unknown> = { role: 'assistant', content };
      if (toolCalls.length > 0) message.tool_calls = toolCalls;
      if (fault?.type === 'disconnect') {
        res.socket?.destroy();
        return;
      }
      if (fault?.type === 'invalid_ndjson') {
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end('{"model": "' + body.model + '", "message": {');
        return;
      }
      sendJson(res, 200, final(message));
      return;
    }

    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    res.flushHeaders();
    const write = async (line: unknown) => {
      if (res.destroyed) return;
      const text = typeof line === 'string' ? `${line}\n` : `${JSON.stringify(line)}\n`;
      // Wait until the chunk is on the wire, so a scripted disconnect happens after it, as on a real network.
      await new Promise<void>((resolve) => res.write(text, () => resolve()));
      if (turn.chunkDelayMs) await sleep(turn.chunkDelayMs);
    };
    const chunks = chunkText(content, turn.chunkSize ?? 12);
    let sent = 0;
    for (const piece of chunks) {
      if (fault?.type === 'disconnect' && sent >= (fault.afterChunks ?? 1)) {
        res.socket?.destroy();
        return;
      }
      if (fault?.type === 'invalid_ndjson' && sent === 1)
        await write('{"model":"oops", "message": {"role": "assis');
      await write({
        model: body.model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content: piece },
        done: false,
      });
      sent += 1;
    }
    if (fault?.type === 'disconnect') {
      res.socket?.destroy();
      return;
    }
    if (toolCalls.length > 0) {
      await write({
        model: body.model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content: '', tool_calls: toolCalls },
        done: false,
      });
    }
    if (!res.destroyed) res.end(`${JSON.stringify(final({ role: 'assistant', content: '' }))}\n`);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const text = await readBody(req);
      let body: unknown = undefined;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          sendJson(res, 400, { error: 'invalid character in request body' });
          return;
        }
      }
      const record: RecordedRequest = { method: req.method ?? 'GET', path, body, receivedAt: Date.now() };
      requests.push(record);
      if (path === '/api/version' && req.method === 'GET') {
        sendJson(res, 200, { version: script.version ?? '0.12.6' });
      } else if (path === '/api/tags' && req.method === 'GET') {
        sendJson(res, 200, {
          models: models.map((model) => ({
            name: model.name,
            model: model.name,
            modified_at: '2026-11-01T09:00:00.000000000Z',
            size: 4_942_891_520,
            digest: 'b9b2e4b2a5f1d6c1e0a7f3e2c4d5b6a7980112233445566778899aabbccddeef',
            details: details(model),
          })),
        });
      } else if (path === '/api/show' && req.method === 'POST') {
        const name =
          (body as { model?: unknown; name?: unknown } | undefined)?.model ??
          (body as { name?: unknown })?.name;
        const model = findModel(name);
        if (!model) {
          sendJson(res, 404, { error: `model '${String(name)}' not found` });
          return;
        }
        const family = model.family ?? 'granite';
        sendJson(res, 200, {
          license: 'Apache License 2.0',
          modelfile: `FROM ${model.name}\n`,
          parameters: 'num_ctx 2048',
          template:
            '{{- range .Messages }}<|start_of_role|>{{ .Role }}<|end_of_role|>{{ .Content }}{{ end }}',
          details: details(model),
          model_info: {
            'general.architecture': family,
            'general.parameter_count': 8_170_000_000,
            [`${family}.context_length`]: model.contextLength ?? 131072,
            [`${family}.embedding_length`]: 4096,
          },
          capabilities: model.capabilities ?? ['completion', 'tools'],
          modified_at: '2026-11-01T09:00:00.000000000Z',
        });
      } else if (path === '/api/chat' && req.method === 'POST') {
        await handleChat(req, res, record);
      } else {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('404 page not found');
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    chatRequests: () => requests.filter((r): r is RecordedChatRequest => r.path === '/api/chat'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
