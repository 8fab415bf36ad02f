// The triage engine's entry (src/agent): runs one triage and yields its events as one async stream.
// The run itself is triageRun.ts; the model's turns modelTurns.ts; one model request modelRequest.ts.
import type { TriageEvent } from './events.js';
import { TriageRun } from './triageRun.js';
import type { TriageOptions } from './triageOptions.js';

export { TRIAGE_DEFAULTS, type TriageOptions } from './triageOptions.js';

/** Runs one triage and yields its events; ends with exactly one `done`. */
export async function* runTriage(options: TriageOptions): AsyncGenerator<TriageEvent> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const queue: TriageEvent[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  const emit = (event: TriageEvent) => {
    queue.push(event);
    wake?.();
  };
  const triage = new TriageRun(options, controller.signal, emit);
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
