// Real kube-prometheus alerts (as AlertManager 0.25 returned them) point at the object they are about.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAlerts } from '../../src/alerts/parse.js';
import { alertTarget } from '../../src/alerts/target.js';

const text = readFileSync(
  new URL('../fixtures/alerts/kube-prometheus/amtool-query.json', import.meta.url),
  'utf8',
);
const parsed = parseAlerts(text);
if (!parsed.ok) throw new Error(parsed.error);
const byName = new Map(parsed.alerts.map((a) => [a.name, a]));

describe('kube-prometheus alerts normalise to their target object', () => {
  it.each([
    // kube-state-metrics' own pod and container ride along as scrape labels: the object label wins.
    [
      'KubePodCrashLooping',
      { namespace: 'shop', kind: 'Pod', name: 'cart-7d9f8b6c5-x2x9q', container: 'cart' },
    ],
    ['KubeDeploymentReplicasMismatch', { namespace: 'shop', kind: 'Deployment', name: 'cart' }],
    ['KubeHpaMaxedOut', { namespace: 'shop', kind: 'HorizontalPodAutoscaler', name: 'cart' }],
    ['KubeNodeNotReady', { kind: 'Node', name: 'worker-03' }],
    [
      'KubePersistentVolumeFillingUp',
      { namespace: 'data', kind: 'PersistentVolumeClaim', name: 'data-postgres-0', node: 'worker-02' },
    ],
    [
      'CPUThrottlingHigh',
      { namespace: 'web', kind: 'Pod', name: 'frontend-6c8b9d7f4-zk2lp', container: 'nginx' },
    ],
    ['KubeQuotaExceeded', { namespace: 'team-a', kind: 'Namespace', name: 'team-a' }],
    ['KubeJobFailed', { namespace: 'ops', kind: 'Job', name: 'backup-28571040' }],
    ['KubeStatefulSetReplicasMismatch', { namespace: 'data', kind: 'StatefulSet', name: 'postgres' }],
    ['KubeDaemonSetRolloutStuck', { namespace: 'logging', kind: 'DaemonSet', name: 'fluent-bit' }],
    // honor_labels off: the object's labels were renamed exported_*.
    ['KubePodNotReady', { namespace: 'shop', kind: 'Pod', name: 'checkout-5d8f-2kq7n' }],
    // node-exporter: the exporter's pod is not the subject; the relabelled instance names the node.
    ['NodeFilesystemSpaceFillingUp', { kind: 'Node', name: 'worker-04' }],
    [
      'KubeContainerWaiting',
      { namespace: 'shop', kind: 'Pod', name: 'db-migrate-x7k2p', container: 'migrate' },
    ],
  ])('%s → %o', (name, target) => {
    const alert = byName.get(name);
    expect(alert?.target).toEqual(target);
  });

  it('keeps the runbook, summary and description of the mixin', () => {
    expect(byName.get('KubePodCrashLooping')).toMatchObject({
      summary: 'Pod is crash looping.',
      runbookUrl: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping',
      severity: 'warning',
      state: 'firing',
    });
  });
});

describe('label conventions outside the mixin', () => {
  it('a custom alert naming both a pod and its deployment is about the pod', () => {
    expect(
      alertTarget({
        alertname: 'HighMemoryUsage',
        namespace: 'production',
        pod: 'webapp-123',
        deployment: 'webapp',
      }),
    ).toEqual({
      namespace: 'production',
      kind: 'Pod',
      name: 'webapp-123',
    });
  });

  it('namespace comes first, then exported_namespace', () => {
    expect(alertTarget({ alertname: 'X', exported_namespace: 'shop', deployment: 'cart' })).toEqual({
      namespace: 'shop',
      kind: 'Deployment',
      name: 'cart',
    });
    expect(
      alertTarget({ alertname: 'X', namespace: 'web', exported_namespace: 'shop', deployment: 'cart' }),
    ).toMatchObject({
      namespace: 'web',
    });
  });

  it('the scrape label `job` is never taken for a Kubernetes Job', () => {
    expect(alertTarget({ alertname: 'TargetDown', job: 'node-exporter', namespace: 'monitoring' })).toEqual({
      namespace: 'monitoring',
    });
  });

  it("TargetDown names the scrape target's Service; an exporter's own service is never the subject", () => {
    expect(
      alertTarget({ alertname: 'TargetDown', job: 'recs', namespace: 'storefront', service: 'recs' }),
    ).toEqual({
      namespace: 'storefront',
      kind: 'Service',
      name: 'recs',
    });
    expect(
      alertTarget({
        alertname: 'KubeStateMetricsDown',
        job: 'kube-state-metrics',
        namespace: 'monitoring',
        service: 'kube-state-metrics',
      }),
    ).toEqual({ namespace: 'monitoring' });
  });

  it("a kube_node_* alert is about the node, not the exporter's own pod and namespace riding along", () => {
    expect(
      alertTarget({
        alertname: 'KubeNodeUnschedulable',
        node: 'worker-02',
        container: 'kube-state-metrics',
        job: 'kube-state-metrics',
        namespace: 'monitoring',
        pod: 'kube-state-metrics-7c9b8d6f5-qx4lp',
        service: 'kube-state-metrics',
      }),
    ).toEqual({ kind: 'Node', name: 'worker-02' });
    // A kube_pod_* series names its own pod, whatever the exporter's container label says.
    expect(
      alertTarget({
        alertname: 'PodNotReadyLong',
        container: 'kube-rbac-proxy-main',
        job: 'kube-state-metrics',
        namespace: 'storefront',
        pod: 'frontend-5544dd4bf5-p7r2n',
      }),
    ).toMatchObject({ namespace: 'storefront', kind: 'Pod', name: 'frontend-5544dd4bf5-p7r2n' });
  });

  it('a namespace-wide alert names no object; a node alert with an IP instance names no node', () => {
    expect(alertTarget({ alertname: 'NetworkLatencyHigh', namespace: 'production' })).toEqual({
      namespace: 'production',
    });
    expect(
      alertTarget({ alertname: 'NodeHighLoad', job: 'node-exporter', instance: '10.0.0.4:9100' }),
    ).toEqual({});
  });

  it('a pod alert keeps the node it runs on', () => {
    expect(alertTarget({ alertname: 'X', namespace: 'n', pod: 'p', node: 'worker-02' })).toEqual({
      namespace: 'n',
      kind: 'Pod',
      name: 'p',
      node: 'worker-02',
    });
  });
});
