// Benchmark: the TUI's first frame, and 200 model chunks per second streamed through the real Ink renderer —
// the live region's height (counted from Ink's own line erasing) must stay within the terminal, CPU under one core.
// Run: node --import tsx test/bench/ui.bench.ts
import { mkdir, writeFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { createElement } from 'react';
import { render } from 'ink';
import type { TriageEvent } from '../../src/agent/events.js';
import type { TriageSession } from '../../src/session/session.js';
import { TriageApp } from '../../src/ui/TriageApp.js';
import { INCREASE_MEMORY, highMemoryAlert } from '../ui/fixtures.js';

const COLUMNS = 100;
const ROWS = 30;
const CHUNKS_PER_SECOND = 200;
const SECONDS = 5;

class FakeTerminal extends Writable {
  columns = COLUMNS;
  rows = ROWS;
  isTTY = true;
  firstWriteAt: number | undefined;
  maxErased = 0;
  writes = 0;
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    const text = chunk.toString();
    this.firstWriteAt ??= performance.now();
    this.writes++;
    // log-update erases the previous live region line by line before drawing the next one.
    const erased = text.split('\u001b[2K').length - 1;
    this.maxErased = Math.max(this.maxErased, erased);
    done();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function session(events: (signal: AbortSignal) => AsyncIterable<TriageEvent>): TriageSession {
  return {
    model: 'bench-model',
    context: 'bench',
    alertSource: 'bench',
    triage: (_alert, signal) => events(signal),
    plan: async () => ({ ok: false, error: 'not planned in the benchmark' }),
    decide: async () => 'bench',
    // eslint-disable-next-line require-yield -- the benchmark never approves
    async *execute() {
      return;
    },
    parseAlerts: () => ({ ok: false, error: 'no paste in the benchmark' }),
  };
}

const totals = {
  turns: 1,
  modelRequests: 1,
  toolCalls: 0,
  failedToolCalls: 0,
  repeatedToolCalls: 0,
  promptTokens: 2000,
  evalTokens: 1000,
  durationMs: 0,
  modelMs: 0,
  toolMs: 0,
};

async function* streaming(signal: AbortSignal): AsyncGenerator<TriageEvent> {
  yield { type: 'alert_loaded', alert: highMemoryAlert() };
  yield { type: 'model_request', turn: 1, model: 'bench-model', promptTokens: 2000, messages: 2 };
  const interval = 1000 / CHUNKS_PER_SECOND;
  const started = performance.now();
  for (let i = 0; i < CHUNKS_PER_SECOND * SECONDS && !signal.aborted; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    yield {
      type: 'model_text',
      turn: 1,
      text: i % 15 === 14 ? `chunk ${i} of the model's reasoning.\n` : `chunk ${i} `,
    };
  }
  yield { type: 'recommendation', recommendation: INCREASE_MEMORY, source: 'model' };
  yield { type: 'done', totals, outcome: 'recommendation' };
}

async function measure(): Promise<Record<string, number | boolean>> {
  const stdout = new FakeTerminal();
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: () => undefined,
    ref: () => undefined,
    unref: () => undefined,
  });
  const mountedAt = performance.now();
  const cpuBefore = process.cpuUsage();
  const instance = render(
    createElement(TriageApp, {
      session: session(streaming),
      alerts: [highMemoryAlert()],
      onExit: () => undefined,
    }),
    {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      exitOnCtrlC: false,
      patchConsole: false,
    },
  );
  const streamStarted = performance.now();
  await sleep(SECONDS * 1000 + 1000);
  const wallMs = performance.now() - streamStarted;
  const cpu = process.cpuUsage(cpuBefore);
  instance.unmount();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    firstFrameMs: Math.round((stdout.firstWriteAt ?? Number.NaN) - mountedAt),
    chunks: CHUNKS_PER_SECOND * SECONDS,
    chunksPerSecond: CHUNKS_PER_SECOND,
    terminalRows: ROWS,
    maxLiveRegionRows: stdout.maxErased,
    liveRegionWithinTerminal: stdout.maxErased <= ROWS,
    writes: stdout.writes,
    cpuCores: Number((cpuMs / wallMs).toFixed(2)),
    underOneCore: cpuMs / wallMs < 1,
  };
}

const result = await measure();
console.table(result);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(new URL('./results/ui.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
process.exit(0);
