// After the writes: looks again and again, with each action's own check, until the change took effect or failed.
import type { Look, VerifyContext } from './actionDefinition.js';
import { definitionOf } from './catalogue/index.js';
import type { Plan } from './planTypes.js';

export type { AppliedFacts, VerifyContext } from './actionDefinition.js';

export interface VerifyOptions {
  /** How long to wait for the change to take effect (default 5 minutes). */
  timeoutMs?: number;
  /** Between two looks (default 2 s). */
  intervalMs?: number;
  /** Waits between looks; tests pass one that advances the sandbox clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
}

export type Verdict = { ok: boolean; message: string };

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Looks until the change took effect, failed for good, or the timeout passed; yields progress lines. */
export async function* verifyPlan(
  plan: Plan,
  ctx: VerifyContext,
  options: VerifyOptions = {},
): AsyncGenerator<string, Verdict> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const intervalMs = options.intervalMs ?? 2000;
  const sleep = options.sleep ?? defaultSleep;
  let waited = 0;
  let last = '';
  for (;;) {
    if (options.signal?.aborted)
      return { ok: false, message: `verification cancelled; last seen: ${last || 'nothing yet'}` };
    let seen: Look;
    try {
      seen = await definitionOf(plan.action).verify(plan, ctx);
    } catch (error) {
      seen = { state: 'waiting', message: error instanceof Error ? error.message : String(error) };
    }
    if (seen.state === 'done') return { ok: true, message: seen.message };
    if (seen.state === 'failed') return { ok: false, message: seen.message };
    if (seen.message !== last) yield seen.message;
    last = seen.message;
    if (waited >= timeoutMs) {
      return { ok: false, message: `not done after ${Math.round(timeoutMs / 1000)}s: ${last}` };
    }
    await sleep(intervalMs, options.signal);
    waited += intervalMs;
  }
}
