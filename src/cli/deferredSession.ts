// A triage session the screens can use before the cluster, MCP and engine code has loaded: each call waits for it.
import type { Alert } from '../alerts/alert.js';
import { parseAlerts } from '../alerts/parse.js';
import type { TriageEvent } from '../agent/events.js';
import type { Settings } from '../config/settings.js';
import type { ExecutionView } from '../output/actionView.js';
import type { TriageSession } from '../output/session.js';
import type { OpenTriageSession, TriageSessionOptions } from './triageSession.js';

/** The footer's model label: known from the settings alone, so the first frame can show it. */
export function modelLabel(settings: Settings, noModel: boolean): string {
  return noModel ? 'rule-based (--no-model)' : settings.model;
}

/**
 * `opening` starts loading the real session only when asked to (after the first frame is on screen).
 * The kube context shows once the kubeconfig is read; a failure to open surfaces in the first call that needs it.
 */
export function deferTriageSession(
  opening: Promise<OpenTriageSession>,
  options: Pick<TriageSessionOptions, 'settings' | 'noModel' | 'alertSourceName' | 'watchAlerts'>,
): TriageSession {
  let opened: OpenTriageSession | undefined;
  opening.then(
    (session) => (opened = session),
    () => undefined,
  );
  return {
    model: modelLabel(options.settings, options.noModel),
    get context() {
      return opened?.context;
    },
    alertSource: options.alertSourceName,
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
      const session = await opening;
      if (!session.rollback) return { ok: false, error: 'rollback is not available' };
      return session.rollback(plan, signal);
    },
    parseAlerts: (text: string) => parseAlerts(text, { source: 'pasted alert' }),
    watchAlerts: options.watchAlerts,
  };
}
