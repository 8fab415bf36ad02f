// The alert's subject with the names the tools need filled in: the pod, its workload, the node.
import type { Alert, AlertTarget } from '../../alerts/alert.js';
import { fromKubeStateMetrics } from '../../alerts/target.js';

/** The alert's target with the names the tools need filled in (the workload of a pod, the node). */
export interface ResolvedTarget extends AlertTarget {
  pod?: string;
  workload?: string;
  workloadKind?: 'Deployment' | 'StatefulSet' | 'DaemonSet';
}

/** "webapp-5d8f7c9b6-x2k4p" → "webapp", "webapp-123" → "webapp", "db-0" → "db". */
export function workloadNameOfPod(pod: string): string {
  const replicaSetPod = /^(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}$/.exec(pod);
  if (replicaSetPod?.[1]) return replicaSetPod[1];
  const suffixed = /^(.+)-[a-z0-9]+$/.exec(pod);
  return suffixed?.[1] ?? pod;
}

const WORKLOAD_LABELS = [
  'deployment',
  'statefulset',
  'daemonset',
  'workload',
  'app',
  'app_kubernetes_io_name',
];

/** Workload labels that, on a kube-state-metrics series, may be the exporter's own (app=kube-state-metrics). */
const SCRAPE_TARGET_LABELS = new Set(['app', 'app_kubernetes_io_name', 'workload']);

export function resolveTarget(alert: Alert): ResolvedTarget {
  const t: ResolvedTarget = { ...alert.target };
  // On kube-state-metrics series, pod/container/app labels are the exporter's: only the subject's labels count.
  const exporter = fromKubeStateMetrics(alert.labels);
  const labels = exporter
    ? Object.fromEntries(
        Object.entries(alert.labels).filter(([key]) => key !== 'pod' && !SCRAPE_TARGET_LABELS.has(key)),
      )
    : alert.labels;
  if (t.kind === 'Pod' && t.name) t.pod = t.name;
  else if (labels.pod) t.pod = labels.pod;
  if (t.kind === 'Deployment' || t.kind === 'StatefulSet' || t.kind === 'DaemonSet') {
    t.workload = t.name;
    t.workloadKind = t.kind;
  } else {
    const fromLabel = WORKLOAD_LABELS.map((key) => labels[key]).find(Boolean);
    t.workload = labels.deployment ?? labels.statefulset ?? labels.daemonset ?? fromLabel;
    if (!t.workload && t.pod) t.workload = workloadNameOfPod(t.pod);
    t.workloadKind = labels.statefulset ? 'StatefulSet' : labels.daemonset ? 'DaemonSet' : 'Deployment';
  }
  if (t.kind === 'Node' && t.name) t.node = t.name;
  else t.node = t.node ?? labels.node ?? labels.instance_node;
  return t;
}
