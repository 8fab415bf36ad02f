// Runbook rules over tool results shaped as kopilot's MCP tools return them.
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../src/agent/playbooks.js';
import { gatherFacts, memoryStep, recommendByRules } from '../../src/agent/rules/index.js';
import { parseUsage } from '../../src/agent/rules/facts.js';
import { alertOf } from './alerts.js';
import { result } from './rules/evidence.js';

const GI = 2 ** 30;

const webappPod = result('get_pod_status', {
  summary: 'webapp-123 Running on worker-02, memory 7.6Gi/8Gi (95%), cpu 1.2/2 (60%), 0 restarts',
  pod: 'webapp-123',
  namespace: 'production',
  status: 'Running',
  ready: '1/1',
  node: 'worker-02',
  restarts: 0,
  owner: 'Deployment webapp',
  memory_usage: '7.6Gi/8Gi (95%)',
  containers: [
    {
      name: 'webapp',
      image: 'webapp:2.4.1',
      state: 'running',
      ready: true,
      restarts: 0,
      requests: 'cpu 1, memory 6Gi',
      limits: 'cpu 2, memory 8Gi',
      memory_usage: '7.6Gi/8Gi (95%)',
    },
  ],
});
const capacity = result('check_node_capacity', {
  summary: '5 nodes',
  resource_type: 'memory',
  largest_available: '16Gi',
  nodes: [],
});
const history = result('get_deployment_history', {
  summary: 'scaled 2→3 2h ago (HighCPUUsage); image webapp:2.4.1 6h ago',
});
const alert = alertOf('HighMemoryUsage', {
  namespace: 'production',
  kind: 'Pod',
  name: 'webapp-123',
  container: 'webapp',
});

describe('runbook rules', () => {
  it('reads usage strings the way the tools write them', () => {
    expect(parseUsage('7.6Gi/8Gi (95%)')).toEqual({ used: 7.6 * GI, limit: 8 * GI, percent: 95 });
    expect(parseUsage('1.2/2 (60%)')).toMatchObject({ used: 1.2, limit: 2, percent: 60 });
    expect(parseUsage('300Mi')).toEqual({ used: 300 * 2 ** 20 });
  });

  it('the design step: 7.6Gi of 8Gi → limit 12Gi, request 10Gi', () => {
    const step = memoryStep(8 * GI, 7.6 * GI, 6 * GI);
    expect(step).toEqual({ newLimit: 12 * GI, newRequest: 10 * GI });
  });

  it('HighMemoryUsage on webapp-123 → increase_resources on Deployment webapp to 12Gi/10Gi', () => {
    const rec = recommendByRules(alert, resolveTarget(alert), [webappPod, capacity, history]);
    expect(rec.action).toBe('increase_resources');
    expect(rec.target).toEqual({ kind: 'Deployment', namespace: 'production', name: 'webapp' });
    expect(rec.parameters).toEqual({ container: 'webapp', memory_limit: '12Gi', memory_request: '10Gi' });
    expect(rec.reasoning).toMatch(/^\[rule memory-near-limit\]/);
  });

  it('escalates when no node can fit the bigger request, or memory was just raised', () => {
    const tight = result('check_node_capacity', { resource_type: 'memory', largest_available: '4Gi' });
    expect(recommendByRules(alert, resolveTarget(alert), [webappPod, tight, history]).action).toBe(
      'escalate',
    );
    const raised = result('get_deployment_history', { summary: 'memory limit changed 6Gi→8Gi 1h ago' });
    expect(recommendByRules(alert, resolveTarget(alert), [webappPod, capacity, raised]).action).toBe(
      'escalate',
    );
  });

  it('node capacity forbidden (namespace-scoped user): no claim that a node can fit, room said to be unknown', () => {
    const forbidden = result('check_node_capacity', { summary: 'nodes is forbidden' }, false);
    const rec = recommendByRules(alert, resolveTarget(alert), [webappPod, forbidden, history]);
    expect(rec.action).toBe('increase_resources');
    expect(rec.reasoning).not.toMatch(/a node can fit/);
    expect(rec.reasoning).toMatch(/room on the nodes is unknown/);
    expect(rec.evidence).toContain('node room unknown: node capacity could not be read');
  });

  it('CrashLoopBackOff right after a rollout → rollback_deployment', () => {
    const pod = result('get_pod_status', {
      pod: 'api-7c9-abcde',
      status: 'CrashLoopBackOff',
      restarts: 7,
      owner: 'Deployment api',
      containers: [],
    });
    const rollout = result('get_deployment_history', { summary: 'revision 5: config change 20m ago' });
    const crash = alertOf('KubePodCrashLooping', { namespace: 'shop', kind: 'Pod', name: 'api-7c9-abcde' });
    const rec = recommendByRules(crash, resolveTarget(crash), [pod, rollout]);
    expect(rec).toMatchObject({
      action: 'rollback_deployment',
      target: { kind: 'Deployment', namespace: 'shop', name: 'api' },
    });
  });

  it('HPA at its maximum → patch_hpa with 1.5× the maximum', () => {
    const hpa = result('get_hpa_status', {
      hpa: 'web',
      current_replicas: 10,
      max_replicas: 10,
      min_replicas: 2,
    });
    const maxed = alertOf('KubeHpaMaxedOut', {
      namespace: 'shop',
      kind: 'HorizontalPodAutoscaler',
      name: 'web',
    });
    expect(recommendByRules(maxed, resolveTarget(maxed), [hpa])).toMatchObject({
      action: 'patch_hpa',
      parameters: { max_replicas: 15 },
    });
  });

  it('a failed tool adds a finding but no facts; nothing matched → escalate with a summary', () => {
    const failed = result('get_pod_status', { summary: 'pods "x" not found' }, false);
    const facts = gatherFacts([failed]);
    expect(facts.pod).toBeUndefined();
    const rec = recommendByRules(alert, resolveTarget(alert), [failed]);
    expect(rec.action).toBe('escalate');
    expect(String(rec.parameters.summary)).toContain('HighMemoryUsage');
  });
});
