// kube-prometheus alerts on kube-state-metrics series carry the exporter's own pod/container/namespace labels:
// the subject is the object the series describes, as a person reading the alert would take it.
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../src/agent/playbooks/target.js';
import { parseAlerts } from '../../src/alerts/parse.js';

/** One API v2 alert with kube-prometheus' labels for a kube-state-metrics series (as AlertManager returns it). */
function alertWith(labels: Record<string, string>) {
  const parsed = parseAlerts(
    JSON.stringify([
      {
        labels: { prometheus: 'monitoring/k8s', severity: 'warning', ...labels },
        annotations: { summary: 'from the mixin' },
        startsAt: '2026-11-24T10:00:00Z',
        endsAt: '2026-11-24T11:00:00Z',
        fingerprint: 'a1b2c3d4e5f60718',
        status: { state: 'active', silencedBy: [], inhibitedBy: [] },
        receivers: [{ name: 'default' }],
        updatedAt: '2026-11-24T10:00:00Z',
        generatorURL: 'http://prometheus/graph',
      },
    ]),
  );
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.alerts[0]!;
}

/** The scrape labels of the kube-state-metrics pod itself (kube-prometheus' ServiceMonitor, honor_labels on). */
const KSM = {
  job: 'kube-state-metrics',
  service: 'kube-state-metrics',
  endpoint: 'https-main',
  instance: '10.244.1.9:8443',
  container: 'kube-rbac-proxy-main',
};

/** The same with honor_labels off: the series' own labels renamed exported_*. */
const KSM_NOT_HONOURED = {
  ...KSM,
  namespace: 'monitoring',
  pod: 'kube-state-metrics-6d4cf56db6-7xq2m',
};

describe('exporter labels are not the subject', () => {
  it('KubePodNotReady on frontend: the pod, without the exporter container kube-rbac-proxy-main', () => {
    const alert = alertWith({
      ...KSM,
      alertname: 'KubePodNotReady',
      namespace: 'storefront',
      pod: 'frontend-5544dd4bf5-p7r2n',
    });
    expect(alert.target).toEqual({ namespace: 'storefront', kind: 'Pod', name: 'frontend-5544dd4bf5-p7r2n' });
  });

  it('KubeDeploymentReplicasMismatch, honor_labels off: orders/orders-api, not monitoring/kube-state-metrics', () => {
    const alert = alertWith({
      ...KSM_NOT_HONOURED,
      alertname: 'KubeDeploymentReplicasMismatch',
      exported_namespace: 'orders',
      deployment: 'orders-api',
    });
    expect(alert.target).toEqual({ namespace: 'orders', kind: 'Deployment', name: 'orders-api' });
    const target = resolveTarget(alert);
    expect(target.pod).toBeUndefined();
    expect(target).toMatchObject({ workload: 'orders-api', workloadKind: 'Deployment' });
  });

  it("KubeHpaMaxedOut, honor_labels off: the HPA in shop; the exporter's app label is not its workload", () => {
    const alert = alertWith({
      ...KSM_NOT_HONOURED,
      app_kubernetes_io_name: 'kube-state-metrics',
      alertname: 'KubeHpaMaxedOut',
      exported_namespace: 'shop',
      horizontalpodautoscaler: 'cart',
    });
    expect(alert.target).toEqual({ namespace: 'shop', kind: 'HorizontalPodAutoscaler', name: 'cart' });
    expect(resolveTarget(alert).workload).toBeUndefined();
  });

  it('KubePodCrashLooping keeps its own container dimension; exported_container wins with honor_labels off', () => {
    expect(
      alertWith({
        ...KSM,
        alertname: 'KubePodCrashLooping',
        namespace: 'payments',
        pod: 'payments-api-68cd85f856-x2k8p',
        container: 'api',
      }).target,
    ).toEqual({
      namespace: 'payments',
      kind: 'Pod',
      name: 'payments-api-68cd85f856-x2k8p',
      container: 'api',
    });
    expect(
      alertWith({
        ...KSM_NOT_HONOURED,
        alertname: 'KubeContainerWaiting',
        exported_namespace: 'shop',
        exported_pod: 'db-migrate-x7k2p',
        exported_container: 'migrate',
      }).target,
    ).toEqual({ namespace: 'shop', kind: 'Pod', name: 'db-migrate-x7k2p', container: 'migrate' });
  });

  it("a custom alert on a container metric keeps its container, but never the exporter's own", () => {
    const oom = { ...KSM, alertname: 'ContainerOOMKilled', namespace: 'shop', pod: 'cart-7d9f8b6c5-x2x9q' };
    expect(alertWith({ ...oom, container: 'cart' }).target.container).toBe('cart');
    expect(alertWith(oom).target.container).toBeUndefined();
  });

  it('KubeJobFailed and KubePersistentVolumeClaimPending-style alerts name the Job and the claim', () => {
    expect(
      alertWith({
        ...KSM_NOT_HONOURED,
        alertname: 'KubeJobFailed',
        exported_namespace: 'ops',
        job_name: 'backup-28571040',
      }).target,
    ).toEqual({ namespace: 'ops', kind: 'Job', name: 'backup-28571040' });
    expect(
      alertWith({
        ...KSM,
        alertname: 'PVCPending',
        namespace: 'data',
        persistentvolumeclaim: 'data-postgres-1',
      }).target,
    ).toEqual({ namespace: 'data', kind: 'PersistentVolumeClaim', name: 'data-postgres-1' });
  });
});
