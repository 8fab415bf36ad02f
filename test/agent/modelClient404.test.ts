import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeModel, streamChat, type ModelSettings } from '../../src/agent/modelClient.js';

// A missing model and a wrong host both answer 404; only Ollama's own JSON error means "pull the model".
describe('a 404 from the Ollama host', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/ollama/api/')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({ error: 'model "granite3.1-dense:8b" not found, try pulling it first' }),
        );
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const settings = (host: string): ModelSettings => ({
    host,
    model: 'granite3.1-dense:8b',
    numCtx: 4096,
    temperature: 0,
    keepAlive: '5m',
    requestTimeoutMs: 5000,
  });

  it('says the model is not pulled when Ollama says so', async () => {
    const probe = await probeModel(settings(`${base}/ollama`), new AbortController().signal);
    expect(probe).toEqual({
      ok: false,
      reason: expect.stringMatching(/not pulled.*ollama pull granite3\.1-dense:8b/),
    });
  });

  it('says the host is wrong when the 404 is not from Ollama', async () => {
    const probe = await probeModel(settings(`${base}/elsewhere`), new AbortController().signal);
    expect(probe.ok).toBe(false);
    const reason = probe.ok ? '' : probe.reason;
    expect(reason).not.toMatch(/not pulled/);
    expect(reason).toMatch(/404/);
    expect(reason).toMatch(/not an Ollama API.*--ollama-host/);
  });

  it('tells the two apart for a chat request too', async () => {
    const chat = async (host: string) => {
      try {
        const stream = streamChat(
          settings(host),
          { messages: [{ role: 'user', content: 'hi' }] },
          new AbortController().signal,
        );
        for await (const _ of stream) void _;
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(await chat(`${base}/ollama`)).toMatch(/not pulled/);
    expect(await chat(`${base}/elsewhere`)).toMatch(/not an Ollama API/);
  });
});
