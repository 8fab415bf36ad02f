// The scripted Ollama speaks Ollama's API as the real `ollama` npm client expects, faults included.
import { afterEach, describe, expect, it } from 'vitest';
import { Ollama } from 'ollama';
import { startScriptedOllama, type OllamaScript, type ScriptedOllama } from '../helpers/scriptedOllama.js';

let server: ScriptedOllama | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(script: OllamaScript) {
  server = await startScriptedOllama(script);
  return { server, client: new Ollama({ host: server.url }) };
}

const MODEL = 'granite3.1-dense:8b';

describe('scripted Ollama', () => {
  it('answers version, tags and show with capabilities and context length', async () => {
    const { client } = await start({
      turns: [],
      models: [
        { name: MODEL, capabilities: ['completion', 'tools'], contextLength: 131072 },
        { name: 'gemma2:2b', capabilities: ['completion'], family: 'gemma2', contextLength: 8192 },
      ],
    });
    expect((await client.version()).version).toMatch(/^\d+\.\d+\.\d+$/);
    const tags = await client.list();
    expect(tags.models.map((m) => m.name)).toEqual([MODEL, 'gemma2:2b']);
    const show = await client.show({ model: 'gemma2:2b' });
    expect(show.capabilities).toEqual(['completion']);
    expect((show.model_info as unknown as Record<string, unknown>)['gemma2.context_length']).toBe(8192);
    await expect(client.show({ model: 'llama3:70b' })).rejects.toThrow(/not found/);
  });

  it('streams content in chunks, then a final chunk with counts and durations', async () => {
    const { client, server } = await start({ turns: [{ content: 'Memory is at 95% of the limit.' }] });
    const stream = await client.chat({
      model: MODEL,
      messages: [{ role: 'user', content: 'why?' }],
      stream: true,
    });
    const parts: string[] = [];
    let last;
    for await (const chunk of stream) {
      parts.push(chunk.message.content);
      last = chunk;
    }
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.join('')).toBe('Memory is at 95% of the limit.');
    expect(last?.done).toBe(true);
    expect(last?.done_reason).toBe('stop');
    expect(last?.prompt_eval_count).toBe(server.chatRequests()[0]?.promptTokens);
    expect(last?.eval_count).toBeGreaterThan(0);
    expect(last?.total_duration).toBeGreaterThan(0);
  });

  it('sends native tool calls and records the request with a token count', async () => {
    const { client, server } = await start({
      turns: [
        {
          toolCalls: [{ name: 'get_pod_status', arguments: { namespace: 'production', name: 'webapp-123' } }],
        },
      ],
    });
    const tools = [{ type: 'function', function: { name: 'get_pod_status', description: 'pod status' } }];
    const response = await client.chat({
      model: MODEL,
      messages: [{ role: 'user', content: 'check the pod' }],
      tools,
      options: { num_ctx: 8192 },
    });
    expect(response.message.tool_calls?.[0]?.function).toMatchObject({
      name: 'get_pod_status',
      arguments: { namespace: 'production', name: 'webapp-123' },
    });
    const recorded = server.chatRequests()[0];
    expect(recorded?.body.options?.num_ctx).toBe(8192);
    expect(recorded?.promptText).toContain('check the pod');
    expect(recorded?.promptText).toContain('get_pod_status');
    expect(recorded?.promptTokens).toBeGreaterThan(5);
  });

  it('answers structured output as JSON text and refuses tools to a model without them', async () => {
    const { client } = await start({
      models: [{ name: 'gemma2:2b', capabilities: ['completion'] }],
      turns: [{ json: { action: 'notify_only' } }],
    });
    await expect(
      client.chat({
        model: 'gemma2:2b',
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ type: 'function', function: { name: 'a' } }],
      }),
    ).rejects.toThrow(/does not support tools/);
    const response = await client.chat({
      model: 'gemma2:2b',
      messages: [{ role: 'user', content: 'x' }],
      format: { type: 'object' },
    });
    expect(JSON.parse(response.message.content)).toEqual({ action: 'notify_only' });
  });

  it('injects HTTP 500, a cut-off stream and an unknown model as errors the client reports', async () => {
    const { client } = await start({
      turns: [
        { fault: { type: 'http_error', status: 500, error: 'llama runner process has terminated' } },
        { content: 'partial answer here', fault: { type: 'disconnect', afterChunks: 1 } },
      ],
    });
    await expect(client.chat({ model: MODEL, messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow(
      /llama runner/,
    );
    const stream = await client.chat({
      model: MODEL,
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const consume = async () => {
      for await (const _chunk of stream) void _chunk;
    };
    await expect(consume()).rejects.toThrow();
    await expect(client.chat({ model: 'nope:1b', messages: [] })).rejects.toThrow(
      /not found, try pulling it first/,
    );
  });

  it('hangs until the client aborts, and runs out of turns with a 500', async () => {
    const { server } = await start({ turns: [{ fault: { type: 'hang' } }] });
    const controller = new AbortController();
    const client = new Ollama({
      host: server.url,
      fetch: (input, init) => fetch(input, { ...init, signal: controller.signal }),
    });
    const pending = client.chat({ model: MODEL, messages: [{ role: 'user', content: 'x' }] });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow(/abort/i);
    const plain = new Ollama({ host: server.url });
    await expect(plain.chat({ model: MODEL, messages: [] })).rejects.toThrow(/no more turns/);
  });
});
