// Which Kubernetes object an alert is about, read from kube-state-metrics and kube-prometheus label conventions.
import type { AlertTarget } from './alert.js';

type Kind = NonNullable<AlertTarget['kind']>;
type Labels = Record<string, string>;

/** Labels that name an object of one kind, most specific first after the pod. */
const OBJECT_LABELS: ReadonlyArray<readonly [string, Kind]> = [
  ['deployment', 'Deployment'],
  ['statefulset', 'StatefulSet'],
  ['daemonset', 'DaemonSet'],
  ['replicaset', 'ReplicaSet'],
  // `job` is the Prometheus scrape job; kube-state-metrics names a Kubernetes Job in `job_name`.
  ['job_name', 'Job'],
  ['cronjob', 'CronJob'],
  ['horizontalpodautoscaler', 'HorizontalPodAutoscaler'],
  ['persistentvolumeclaim', 'PersistentVolumeClaim'],
];

const LABEL_OF_KIND = new Map<Kind, string>([
  ['Pod', 'pod'],
  ['Node', 'node'],
  ['Service', 'service'],
  ...OBJECT_LABELS.map(([label, kind]) => [kind, label] as [Kind, string]),
]);

/**
 * The kind each kube-prometheus (kubernetes-mixin) alert is about. Its labels may also carry the scrape
 * target's `pod` and `container` (kube-state-metrics' own pod), which must not win over the object label.
 */
const MIXIN_ALERT_KINDS: Record<string, Kind> = {
  KubePodCrashLooping: 'Pod',
  KubePodNotReady: 'Pod',
  KubeContainerWaiting: 'Pod',
  CPUThrottlingHigh: 'Pod',
  KubeDeploymentReplicasMismatch: 'Deployment',
  KubeDeploymentGenerationMismatch: 'Deployment',
  KubeDeploymentRolloutStuck: 'Deployment',
  KubeStatefulSetReplicasMismatch: 'StatefulSet',
  KubeStatefulSetGenerationMismatch: 'StatefulSet',
  KubeStatefulSetUpdateNotRolledOut: 'StatefulSet',
  KubeDaemonSetRolloutStuck: 'DaemonSet',
  KubeDaemonSetNotScheduled: 'DaemonSet',
  KubeDaemonSetMisScheduled: 'DaemonSet',
  KubeJobNotCompleted: 'Job',
  KubeJobFailed: 'Job',
  KubeJobCompletion: 'Job',
  KubeHpaReplicasMismatch: 'HorizontalPodAutoscaler',
  KubeHpaMaxedOut: 'HorizontalPodAutoscaler',
  KubePersistentVolumeFillingUp: 'PersistentVolumeClaim',
  KubePersistentVolumeInodesFillingUp: 'PersistentVolumeClaim',
  KubeNodeNotReady: 'Node',
  KubeNodeUnreachable: 'Node',
  KubeNodeReadinessFlapping: 'Node',
  KubeletTooManyPods: 'Node',
  KubeletPlegDurationHigh: 'Node',
  KubeletPodStartUpLatencyHigh: 'Node',
  KubeQuotaAlmostFull: 'Namespace',
  KubeQuotaFullyUsed: 'Namespace',
  KubeQuotaExceeded: 'Namespace',
};

/** Mixin alerts on kube-state-metrics series that have a container dimension of their own. */
const CONTAINER_ALERTS = new Set(['KubePodCrashLooping', 'KubeContainerWaiting', 'CPUThrottlingHigh']);

/** The containers of the kube-state-metrics pod itself, which ride along as scrape labels. */
const EXPORTER_CONTAINER = /^(kube-rbac-proxy(-main|-self)?|kube-state-metrics)$/;

/** Reads the alert's target object from its labels; fields the labels do not give stay absent. */
export function alertTarget(labels: Labels): AlertTarget {
  const exporter = fromKubeStateMetrics(labels);
  // With honor_labels off, Prometheus renames the object's own labels to exported_*.
  const exportedPod = nonEmpty(labels.exported_pod);
  // A series without a pod dimension (kube_node_*) keeps the scrape target's own pod: the exporter's, named
  // after its scrape job ("kube-state-metrics-7c9b8d6f5-qx4lp"). Its container label says nothing either way:
  // kube_pod_* series carry the exporter's container beside the pod they are about.
  const exportersOwnPod = exporter && exportedPod === undefined && namedAfterScrapeJob(labels.pod, labels);
  const pod = exportedPod ?? (exportersOwnPod ? undefined : nonEmpty(labels.pod));
  // On a kube-state-metrics series, `namespace` beside an exported_namespace is the exporter's own.
  const namespace =
    exportedPod || exporter
      ? (nonEmpty(labels.exported_namespace) ?? nonEmpty(labels.namespace))
      : (nonEmpty(labels.namespace) ?? nonEmpty(labels.exported_namespace));
  const container = exportedPod
    ? nonEmpty(labels.exported_container)
    : exporter && !exportersContainerIsTheSubject(labels)
      ? undefined
      : nonEmpty(labels.container);
  const node = nonEmpty(labels.node) ?? nodeFromNodeExporter(labels);

  const kind = objectKind(labels, pod, node);
  const target: AlertTarget = {};
  if (namespace !== undefined && kind !== 'Node') target.namespace = namespace;
  if (kind !== undefined) {
    target.kind = kind;
    target.name = nameOf(kind, labels, pod, namespace, node);
    if (target.name === undefined) delete target.kind;
  }
  if (target.kind === 'Pod' && container !== undefined) target.container = container;
  if (node !== undefined && target.kind !== 'Node') target.node = node;
  return target;
}

function objectKind(labels: Labels, pod: string | undefined, node: string | undefined): Kind | undefined {
  const mixinKind = MIXIN_ALERT_KINDS[labels.alertname ?? ''];
  if (mixinKind !== undefined) return mixinKind;
  // node-exporter alerts carry the exporter's pod; the node they are about is the instance.
  if (node !== undefined && nonEmpty(labels.node) === undefined) return 'Node';
  const objectLabel = OBJECT_LABELS.find(([label]) => nonEmpty(labels[label]) !== undefined);
  // kube-state-metrics series carry the exporter's own pod as a target label: the object label wins there.
  if (objectLabel && (pod === undefined || fromKubeStateMetrics(labels))) return objectLabel[1];
  if (pod !== undefined) return 'Pod';
  if (objectLabel) return objectLabel[1];
  if (node !== undefined) return 'Node';
  // Last: the scrape target's Service (TargetDown and other up{} alerts), unless it is an exporter's own.
  if (nonEmpty(labels.service) !== undefined && !fromKubeStateMetrics(labels)) return 'Service';
  return undefined;
}

function nameOf(
  kind: Kind,
  labels: Labels,
  pod: string | undefined,
  namespace: string | undefined,
  node: string | undefined,
): string | undefined {
  if (kind === 'Pod') return pod;
  if (kind === 'Node') return node;
  if (kind === 'Namespace') return namespace;
  return nonEmpty(labels[LABEL_OF_KIND.get(kind) ?? '']);
}

/**
 * Whether a kube-state-metrics series' `container` names the alerted container: only metrics with a container
 * dimension have one; on the others it is the exporter's own container (kube-rbac-proxy-main…).
 */
function exportersContainerIsTheSubject(labels: Labels): boolean {
  const container = nonEmpty(labels.container);
  if (container === undefined || EXPORTER_CONTAINER.test(container)) return false;
  const alertname = labels.alertname ?? '';
  return CONTAINER_ALERTS.has(alertname) || MIXIN_ALERT_KINDS[alertname] === undefined;
}

function namedAfterScrapeJob(pod: string | undefined, labels: Labels): boolean {
  if (pod === undefined) return false;
  return [labels.job, labels.service, 'kube-state-metrics'].some(
    (name) => name && pod.startsWith(`${name}-`),
  );
}

/** Series exported by kube-state-metrics: their pod/container/instance labels may be the exporter's own. */
export function fromKubeStateMetrics(labels: Labels): boolean {
  return /kube-state-metrics/.test(labels.job ?? '') || /kube-state-metrics/.test(labels.service ?? '');
}

/** node-exporter alerts name the node in `instance` (kube-prometheus relabels it to the node name). */
function nodeFromNodeExporter(labels: Labels): string | undefined {
  if (!/node-exporter/.test(labels.job ?? '')) return undefined;
  const instance = nonEmpty(labels.instance);
  if (instance === undefined) return undefined;
  const host = instance.replace(/:\d+$/, '');
  // An address is not a node name: only a relabelled instance names the node.
  return /^[\d.]+$|^\[|:/.test(host) ? undefined : host;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
