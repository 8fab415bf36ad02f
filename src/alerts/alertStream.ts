// The live alert stream: polls an AlertSource and reports alerts added, updated and resolved by fingerprint.
import type { Alert } from './alert.js';
import type { AlertSource } from './alertSource.js';

export type AlertStreamEvent =
  | { type: 'added'; alert: Alert }
  | { type: 'updated'; alert: Alert; previous: Alert }
  /** Gone from the source, or reported resolved by it: the last known alert, marked resolved. */
  | { type: 'resolved'; alert: Alert }
  /** A poll failed; the stream keeps polling and the known alerts stay as they were. */
  | { type: 'error'; message: string }
  /** After every successful poll, whether or not anything changed: the whole current list. */
  | { type: 'snapshot'; alerts: Alert[] };

export interface AlertStreamOptions {
  /** Default 5000 ms. */
  intervalMs?: number;
  signal?: AbortSignal;
}

export const DEFAULT_POLL_INTERVAL_MS = 5000;

/**
 * Polls until the signal aborts. The first poll reports every alert as `added`. An alert counts as
 * updated when its state, silences/inhibitions, end time, annotations or receivers changed; a bare
 * refresh of AlertManager's updatedAt/endsAt on re-send is not a change worth a redraw.
 */
export async function* watchAlerts(
  source: AlertSource,
  options: AlertStreamOptions = {},
): AsyncGenerator<AlertStreamEvent> {
  const interval = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const signal = options.signal;
  const known = new Map<string, Alert>();
  while (!signal?.aborted) {
    let current: Alert[] | undefined;
    try {
      current = await source.listAlerts();
    } catch (error) {
      if (signal?.aborted) return;
      yield { type: 'error', message: error instanceof Error ? error.message : String(error) };
    }
    if (current) {
      const seen = new Set<string>();
      for (const alert of current) {
        seen.add(alert.fingerprint);
        const previous = known.get(alert.fingerprint);
        if (alert.state === 'resolved') {
          known.delete(alert.fingerprint);
          if (previous) yield { type: 'resolved', alert };
          continue;
        }
        known.set(alert.fingerprint, alert);
        if (!previous) yield { type: 'added', alert };
        else if (changedEnough(previous, alert)) yield { type: 'updated', alert, previous };
      }
      for (const [fingerprint, alert] of known) {
        if (seen.has(fingerprint)) continue;
        known.delete(fingerprint);
        yield { type: 'resolved', alert: { ...alert, state: 'resolved' } };
      }
      yield { type: 'snapshot', alerts: [...known.values()] };
    }
    if (!(await pause(interval, signal))) return;
  }
}

function changedEnough(before: Alert, after: Alert): boolean {
  const view = (a: Alert): string =>
    JSON.stringify([
      a.state,
      a.silencedBy ?? [],
      a.inhibitedBy ?? [],
      a.annotations,
      a.receivers ?? [],
      a.startsAt,
    ]);
  return view(before) !== view(after);
}

/** Waits; false when the signal aborted meanwhile. */
function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
