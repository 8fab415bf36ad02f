// The design's incident as the TUI receives it: the HighMemoryUsage alert and the recommendation for webapp.
import type { Alert } from '../../src/alerts/alert.js';
import { parseAlerts } from '../../src/alerts/parse.js';
import type { Recommendation } from '../../src/proposal/recommendation.js';
import type { PlanView } from '../../src/session/actionView.js';

export const HIGH_MEMORY_JSON = JSON.stringify({
  labels: {
    alertname: 'HighMemoryUsage',
    severity: 'warning',
    namespace: 'production',
    pod: 'webapp-123',
    container: 'webapp',
  },
  annotations: { summary: 'Pod webapp-123 is using 95% of its memory limit' },
  startsAt: new Date(Date.now() - 12 * 60_000).toISOString(),
});

export function highMemoryAlert(): Alert {
  const parsed = parseAlerts(HIGH_MEMORY_JSON);
  if (!parsed.ok || !parsed.alerts[0])
    throw new Error(`fixture alert does not parse: ${JSON.stringify(parsed)}`);
  return parsed.alerts[0];
}

export function alertNamed(name: string, severity: string, pod: string, summary: string): Alert {
  const parsed = parseAlerts(
    JSON.stringify({
      labels: { alertname: name, severity, namespace: 'production', pod },
      annotations: { summary },
      startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    }),
  );
  if (!parsed.ok || !parsed.alerts[0]) throw new Error('fixture alert does not parse');
  return parsed.alerts[0];
}

export const INCREASE_MEMORY: Recommendation = {
  action: 'increase_resources',
  target: { kind: 'Deployment', namespace: 'production', name: 'webapp' },
  parameters: { container: 'webapp', memoryLimit: '12Gi', memoryRequest: '10Gi' },
  confidence: 0.86,
  reasoning: 'webapp-123 uses 7.6Gi of its 8Gi limit with no recent memory change; worker-02 has headroom.',
  evidence: [
    'webapp-123: memory 7.6Gi/8Gi (95%)',
    'worker-02: 4Gi allocatable free',
    'no memory change in 6h',
  ],
  alternatives: [{ action: 'scale_workload', why_not: 'load is per-pod memory, not request volume' }],
};

export function increasePlan(overrides: Partial<PlanView> = {}): PlanView {
  return {
    action: 'increase_resources',
    target: INCREASE_MEMORY.target,
    summary: 'raise webapp memory',
    changes: [
      { object: 'container webapp', field: 'memory limit', before: '8Gi', after: '12Gi' },
      { object: 'container webapp', field: 'memory request', before: '6Gi', after: '10Gi' },
    ],
    dryRun: { ok: true, summary: 'accepted by the API server' },
    capacity: { ok: true, summary: 'worker-02 fits +4Gi' },
    risk: 'medium',
    destructive: false,
    protectedNamespace: false,
    confirmationText: 'webapp',
    warnings: [],
    context: 'sandbox',
    kubectl: [
      'kubectl -n production set resources deployment/webapp -c webapp --limits=memory=12Gi --requests=memory=10Gi',
    ],
    writes: true,
    ...overrides,
  };
}

/** Lets Ink process input and re-render before asserting. */
export function tick(ms = 60): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the screen shows what is expected, or fails with the last frame. */
export async function waitForFrame(
  lastFrame: () => string | undefined,
  predicate: (frame: string) => boolean,
  timeoutMs = 30_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (predicate(frame)) {
      // Ink paints before its effects subscribe the new key handlers: let them settle before typing.
      await tick(30);
      return frame;
    }
    if (Date.now() > deadline) throw new Error(`screen never matched; last frame:\n${frame}`);
    await tick(20);
  }
}
