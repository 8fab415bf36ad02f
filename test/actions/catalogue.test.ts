import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, actionCatalogue } from '../../src/actions/catalogue/index.js';
import { describeCatalogueForModel } from '../../src/actions/catalogueForModel.js';
import { validateRecommendation } from '../../src/actions/validateRecommendation.js';
import type { Recommendation } from '../../src/proposal/recommendation.js';
import type { Alert } from '../../src/alerts/alert.js';

const highMemory: Alert = {
  fingerprint: 'f1',
  name: 'HighMemoryUsage',
  severity: 'warning',
  state: 'firing',
  startsAt: '2026-11-24T01:00:00Z',
  labels: { alertname: 'HighMemoryUsage', namespace: 'production', pod: 'webapp-123', container: 'webapp' },
  annotations: {},
  target: {
    namespace: 'production',
    kind: 'Pod',
    name: 'webapp-123',
    container: 'webapp',
    node: 'worker-02',
  },
  source: 'webhook',
};

function rec(
  action: string,
  target: Recommendation['target'],
  parameters: Record<string, unknown>,
): Recommendation {
  return { action, target, parameters, confidence: 0.9, reasoning: 'r', evidence: [], alternatives: [] };
}

const webapp = { kind: 'Deployment', namespace: 'production', name: 'webapp' };

describe('the action catalogue', () => {
  it('defines every action type with its risk, target kinds, what it changes and how to revert', () => {
    expect(Object.keys(actionCatalogue).sort()).toEqual([...ACTION_TYPES].sort());
    for (const type of ACTION_TYPES) {
      const d = actionCatalogue[type];
      expect(d.type).toBe(type);
      expect(d.targetKinds.length).toBeGreaterThan(0);
      expect(d.changes.length).toBeGreaterThan(3);
      expect(d.revert.length).toBeGreaterThan(3);
      // Every example shown to the model is itself valid.
      expect(d.parameters.safeParse(d.example).success, type).toBe(true);
    }
    expect(actionCatalogue.drain_node.destructive).toBe(true);
    expect(actionCatalogue.drain_node.risk).toBe('high');
    expect(actionCatalogue.escalate.writes).toBe('nothing');
  });

  it('HighMemoryUsage on webapp → increase_resources to 12Gi/10Gi validates, container taken from the alert', () => {
    const result = validateRecommendation(
      rec('increase_resources', webapp, { memory_limit: '12Gi', memory_request: '10Gi' }),
      { alert: highMemory },
    );
    expect(result).toEqual({
      ok: true,
      action: 'increase_resources',
      target: { kind: 'Deployment', namespace: 'production', name: 'webapp' },
      parameters: { container: 'webapp', memory_limit: '12Gi', memory_request: '10Gi' },
    });
  });

  it('accepts what small models write: camelCase keys, the Kubernetes resources shape, numbers as text, kind aliases', () => {
    const nested = validateRecommendation(
      rec(
        'Increase-Resources',
        { kind: 'deploy', name: 'webapp' },
        { resources: { limits: { memory: '12Gi' } } },
      ),
      { alert: highMemory },
    );
    expect(nested.ok && nested.parameters).toEqual({ container: 'webapp', memory_limit: '12Gi' });
    expect(nested.ok && nested.target.namespace).toBe('production');
    const scaled = validateRecommendation(rec('scale_deployment', webapp, { replicas: '5', reason: 'load' }));
    expect(scaled).toMatchObject({ ok: true, action: 'scale_workload', parameters: { replicas: 5 } });
    const pdb = validateRecommendation(
      rec('relax_pdb', { kind: 'pdb', namespace: 'p', name: 'db' }, { maxUnavailable: 1 }),
    );
    expect(pdb).toMatchObject({
      ok: true,
      target: { kind: 'PodDisruptionBudget' },
      parameters: { max_unavailable: 1 },
    });
  });

  it.each([
    [
      rec('scale_deploymnt', webapp, { replicas: 5 }),
      /unknown action "scale_deploymnt" \(did you mean scale_workload\?\)/,
    ],
    [
      rec('increase_resources', webapp, { memory_limit: '12GB' }),
      /"12GB" is not a Kubernetes memory quantity; write it like 12Gi/,
    ],
    [rec('increase_resources', webapp, {}), /give at least one of memory_limit/],
    [
      rec('increase_resources', webapp, { memory: '12Gi' }),
      /unknown parameter "memory" .*allowed parameters: container, memory_limit/,
    ],
    [
      rec('increase_resources', webapp, { memory_limit: '8Gi', memory_request: '10Gi' }),
      /memory_request 10Gi is above memory_limit 8Gi/,
    ],
    [rec('scale_workload', webapp, {}), /scale_workload needs parameter replicas; e\.g\. \{"replicas":5\}/],
    [rec('scale_workload', webapp, { replicas: 'five' }), /replicas must be a whole number/],
    [
      rec('scale_workload', { kind: 'Node', name: 'worker-02' }, { replicas: 3 }),
      /scale_workload cannot target a Node/,
    ],
    [
      rec('cordon_node', { kind: 'Frobnicator', name: 'x' }, {}),
      /target.kind "Frobnicator" is not a kind cordon_node can change; use one of: Node/,
    ],
    [
      rec('scale_workload', { kind: 'Deployment', name: 'webapp' }, { replicas: 3 }),
      /target.namespace is missing/,
    ],
    [
      rec('patch_hpa', { kind: 'hpa', namespace: 'p', name: 'h' }, { min_replicas: 5, max_replicas: 2 }),
      /min_replicas 5 is above max_replicas 2/,
    ],
    [
      rec('relax_pdb', { kind: 'pdb', namespace: 'p', name: 'db' }, {}),
      /exactly one of min_available or max_unavailable/,
    ],
    [
      rec('silence_alert', { kind: 'Alert', name: 'HighMemoryUsage' }, { duration: '3d' }),
      /duration must be like "30m"/,
    ],
  ])('refuses %# with an error a small model can act on', (recommendation, error) => {
    const result = validateRecommendation(recommendation);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(error);
  });

  it('describes every action compactly for the prompt, optionally a shortlist', () => {
    const text = describeCatalogueForModel();
    for (const type of ACTION_TYPES) expect(text).toContain(`- ${type} [`);
    expect(text).toContain('memory_limit? (new memory limit, e.g. "12Gi")');
    expect(text.length).toBeLessThan(5000);
    const short = describeCatalogueForModel({ actions: ['increase_resources', 'escalate'] });
    expect(short.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(2);
  });
});
