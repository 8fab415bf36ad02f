// A triage session (src/session) usable before the cluster, MCP and engine code has loaded: each call waits for it.
import type { Alert } from '../alerts/alert.js';
import { parseAlerts } from '../alerts/parse.js';
import type { TriageEvent } from '../agent/events.js';
import type { Settings } from '../config/settings.js';
import type { ExecutionView } from './actionView.js';
import { modelLabel, type AlertFeed, type OpenTriageSession, type TriageSession } from './session.js';

export interface DeferredSessionLabels {
  settings: Pick<Settings, 'model'>;
  noModel: boolean;
  alertSourceName: string;
  watchAlerts?(onChange: (feed: AlertFeed) => void): () => void;
}

export interface DeferredSession {
  /** Usable at once; calls wait for the real session. */
  session: TriageSession;
  /** Starts opening the real session (call it once the first frame is on screen). */
  start(): void;
  /** The real session, or why it could not open. */
  opened: Promise<OpenTriageSession>;
  /** Closes the real session if it opened; never throws. */
  close(): Promise<void>;
}

/**
 * `open` runs only when `start()` is called. The kube context shows once the kubeconfig is read; a failure to open
 * surfaces in the first call that needs it, and in `opened`.
 */
export function deferTriageSession(
  open: () => Promise<OpenTriageSession>,
  labels: DeferredSessionLabels,
): DeferredSession {
  let start: () => void = () => undefined;
  const opening = new Promise<void>((resolve) => (start = resolve)).then(open);
  let openedSession: OpenTriageSession | undefined;
  opening.then(
    (session) => (openedSession = session),
    () => undefined,
  );
  const session: TriageSession = {
    model: modelLabel(labels.settings, labels.noModel),
    get context() {
      return openedSession?.context;
    },
    alertSource: labels.alertSourceName,
    async *triage(alert: Alert, signal: AbortSignal): AsyncGenerator<TriageEvent> {
      // The engine's first event is always alert_loaded with this very alert: show it now, drop the repeat.
      yield { type: 'alert_loaded', alert };
      let first = true;
      for await (const event of (await opening).triage(alert, signal)) {
        const repeat = first && event.type === 'alert_loaded';
        first = false;
        if (!repeat) yield event;
      }
    },
    plan: async (recommendation, signal, overrides) =>
      (await opening).plan(recommendation, signal, overrides),
    decide: async (decision, plan, recommendation) => (await opening).decide(decision, plan, recommendation),
    async *execute(plan, signal): AsyncGenerator<ExecutionView> {
      yield* (await opening).execute(plan, signal);
    },
    rollback: async (plan, signal) => {
      const opened = await opening;
      if (!opened.rollback) return { ok: false, error: 'rollback is not available' };
      return opened.rollback(plan, signal);
    },
    parseAlerts: (text: string) => parseAlerts(text, { source: 'pasted alert' }),
    watchAlerts: labels.watchAlerts,
  };
  return {
    session,
    start: () => start(),
    opened: opening,
    async close() {
      await (await opening.catch(() => undefined))?.close();
    },
  };
}
