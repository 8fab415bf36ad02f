// The design's incident, loaded from scenarios/webapp-memory exactly as the sandbox serves it.
import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../../src/cluster/quantity.js';
import { SandboxClock } from '../../../src/sandbox/clock.js';
import { loadIntoStore, loadScenario } from '../../../src/sandbox/scenarios/index.js';
import { ObjectStore, type KubeObject } from '../../../src/sandbox/store.js';

const GI = 2 ** 30;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads deep manifest fields
type Json = any;
const spec = (o: KubeObject | undefined): Json => o?.spec;
const status = (o: KubeObject | undefined): Json => o?.status;

describe('webapp-memory: HighMemoryUsage on webapp-123 → increase_resources', () => {
  it('serves webapp-123 on worker-02 at 7.6Gi of its 8Gi limit (95%), 1.2 of 2 cores, no restarts, 4h32m old', async () => {
    const at = new Date('2030-01-01T12:00:00Z');
    const scenario = await loadScenario('webapp-memory', { at });
    const store = new ObjectStore(new SandboxClock());
    loadIntoStore(scenario, store);

    const pod = store.get('core/pods', 'production', 'webapp-123');
    expect(spec(pod).nodeName).toBe('worker-02');
    const container = spec(pod).containers[0];
    expect(parseQuantity(container.resources.limits.memory)).toBe(8 * GI);
    expect(parseQuantity(container.resources.limits.cpu)).toBe(2);
    expect(status(pod).containerStatuses[0].restartCount).toBe(0);
    expect(at.getTime() - Date.parse(pod?.metadata.creationTimestamp ?? '')).toBe((4 * 60 + 32) * 60_000);

    const usage = (store.get('metrics.k8s.io/pods', 'production', 'webapp-123') as Json).containers[0].usage;
    const memory = parseQuantity(usage.memory);
    expect((memory / GI).toFixed(1)).toBe('7.6');
    expect(Math.round((memory / (8 * GI)) * 100)).toBe(95);
    expect(parseQuantity(usage.cpu)).toBe(1.2);
  });

  it('has five nodes whose memory available for scheduling is 12, 4, 16, 8 and 8 Gi', async () => {
    const scenario = await loadScenario('webapp-memory');
    const nodes = scenario.objects.filter((o) => o.kind === 'Node');
    const pods = scenario.objects.filter((o) => o.kind === 'Pod');
    const available = nodes.map((node) => {
      const requested = pods
        .filter((p) => spec(p).nodeName === node.metadata.name)
        .flatMap((p) => spec(p).containers as Array<{ resources?: { requests?: { memory?: string } } }>)
        .reduce((sum, c) => sum + parseQuantity(c.resources?.requests?.memory ?? '0'), 0);
      return [node.metadata.name, (parseQuantity(status(node).allocatable.memory) - requested) / GI];
    });
    expect(available).toEqual([
      ['worker-01', 12],
      ['worker-02', 4],
      ['worker-03', 16],
      ['worker-04', 8],
      ['worker-05', 8],
    ]);
  });

  it('shows the 2→3 HPA scale two hours ago and the image update six hours ago', async () => {
    const at = new Date();
    const scenario = await loadScenario('webapp-memory', { at });
    const ago = (iso: string) => Math.round((at.getTime() - Date.parse(iso)) / 60_000);
    const deployment = scenario.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'webapp');
    expect(spec(deployment).replicas).toBe(3);
    const replicaSets = scenario.objects
      .filter((o) => o.kind === 'ReplicaSet' && o.metadata.ownerReferences?.[0]?.name === 'webapp')
      .map((rs) => ({
        revision: rs.metadata.annotations?.['deployment.kubernetes.io/revision'],
        replicas: spec(rs).replicas,
        image: spec(rs).template.spec.containers[0].image,
        minutesAgo: ago(rs.metadata.creationTimestamp ?? ''),
      }))
      .sort((a, b) => Number(a.revision) - Number(b.revision));
    expect(replicaSets[0]).toMatchObject({
      revision: '1',
      replicas: 0,
      image: expect.stringMatching(/webapp:2\.4\.1$/),
    });
    expect(replicaSets[1]).toMatchObject({
      revision: '2',
      replicas: 3,
      image: expect.stringMatching(/webapp:2\.5\.0$/),
      minutesAgo: 360,
    });

    const events = scenario.objects.filter((o) => o.kind === 'Event') as Json[];
    const rescale = events.find((e) => e.reason === 'SuccessfulRescale');
    expect(rescale?.message).toBe(
      'New size: 3; reason: cpu resource utilization (percentage of request) above target',
    );
    expect(ago(rescale?.lastTimestamp)).toBe(120);
    const scaled = events.find((e) => e.reason === 'ScalingReplicaSet' && /to 3 from 2/.test(e.message));
    expect(ago(scaled?.lastTimestamp)).toBe(120);
    expect(
      scenario.objects.some(
        (o) => o.kind === 'HorizontalPodAutoscaler' && spec(o).scaleTargetRef.name === 'webapp',
      ),
    ).toBe(true);
  });

  it('fires HighMemoryUsage (warning) on webapp-123 first, then NetworkLatencyHigh on the same Deployment', async () => {
    const scenario = await loadScenario('webapp-memory');
    const [first, second] = scenario.alerts.map(
      (a) => (a.json as Array<{ labels: Record<string, string> }>)[0]?.labels,
    );
    expect(first).toMatchObject({
      alertname: 'HighMemoryUsage',
      severity: 'warning',
      namespace: 'production',
      pod: 'webapp-123',
      container: 'webapp',
      deployment: 'webapp',
    });
    expect(second).toMatchObject({
      alertname: 'NetworkLatencyHigh',
      namespace: 'production',
      deployment: 'webapp',
    });
    expect(scenario.expect).toMatchObject({
      actions: ['increase_resources'],
      target: { kind: 'Deployment', namespace: 'production', name: 'webapp' },
    });
  });
});
