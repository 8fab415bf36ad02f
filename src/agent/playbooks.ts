// Evidence playbooks: for each kind of incident, the read-only tool calls worth making before the model is asked.
import type { ActionType } from '../actions/catalogue/index.js';
import type { Alert, AlertTarget } from '../alerts/alert.js';
import type { ToolCallRequest } from './events.js';

/** Arguments for one call from the alert's target, or undefined when the target lacks what the call needs. */
type ArgumentsFrom = (target: ResolvedTarget, alert: Alert) => Record<string, unknown> | undefined;

export interface EvidenceStep {
  tool: string;
  args: ArgumentsFrom;
}

export interface Playbook {
  name: string;
  /** What kind of incident, in the on-call engineer's words. */
  title: string;
  /** Alert names this playbook answers (matched case-insensitively against the alert name). */
  alertNames: RegExp[];
  /** Target kinds it answers when no name pattern matched. */
  targetKinds?: string[];
  evidence: EvidenceStep[];
  /** Actions the model is shown for this kind of incident (escalate is always added); any valid action is accepted. */
  actions: ActionType[];
  /** More tools the model may call besides the evidence tools. */
  followUps: string[];
}

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

export function resolveTarget(alert: Alert): ResolvedTarget {
  const t: ResolvedTarget = { ...alert.target };
  const labels = alert.labels;
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

// Steps, named in the on-call engineer's words; each returns undefined when its target part is unknown.
const podStatus: EvidenceStep = {
  tool: 'get_pod_status',
  args: (t) => (t.namespace && t.pod ? { namespace: t.namespace, pod_name: t.pod } : undefined),
};
const nodeCapacity = (resource: 'memory' | 'cpu' | 'storage' | 'pods'): EvidenceStep => ({
  tool: 'check_node_capacity',
  args: () => ({ resource_type: resource }),
});
const deploymentHistory: EvidenceStep = {
  tool: 'get_deployment_history',
  args: (t) =>
    t.namespace && t.workload && t.workloadKind === 'Deployment'
      ? { namespace: t.namespace, deployment: t.workload, hours_back: 24 }
      : undefined,
};
const relatedAlerts: EvidenceStep = {
  tool: 'list_related_alerts',
  args: (t) => (t.namespace ? { namespace: t.namespace } : {}),
};
const hpaStatus: EvidenceStep = {
  tool: 'get_hpa_status',
  args: (t) =>
    t.namespace && (t.kind === 'HorizontalPodAutoscaler' ? t.name : t.workload)
      ? { namespace: t.namespace, hpa_name: t.kind === 'HorizontalPodAutoscaler' ? t.name : t.workload }
      : undefined,
};
const quotas: EvidenceStep = {
  tool: 'check_resource_quotas',
  args: (t) => (t.namespace ? { namespace: t.namespace } : undefined),
};
const events: EvidenceStep = {
  tool: 'get_events',
  args: (t) =>
    t.namespace
      ? { namespace: t.namespace, ...(t.pod || t.name ? { involved_object: t.pod ?? t.name } : {}) }
      : t.node
        ? { involved_object: t.node }
        : undefined,
};
const previousLogs: EvidenceStep = {
  tool: 'get_pod_logs',
  args: (t) =>
    t.namespace && t.pod
      ? {
          namespace: t.namespace,
          pod_name: t.pod,
          previous: true,
          tail: 30,
          ...(t.container ? { container: t.container } : {}),
        }
      : undefined,
};
const problemPods: EvidenceStep = {
  tool: 'list_pods',
  args: (t) => (t.namespace ? { namespace: t.namespace, problems_only: true } : undefined),
};
const workload: EvidenceStep = {
  tool: 'get_workload',
  args: (t) =>
    t.namespace && t.workload
      ? { namespace: t.namespace, kind: t.workloadKind, name: t.workload }
      : undefined,
};
const nodeStatus: EvidenceStep = {
  tool: 'get_node_status',
  args: (t) => (t.node ? { node_name: t.node } : undefined),
};
const pdbStatus: EvidenceStep = {
  tool: 'get_pdb_status',
  args: (t) => (t.namespace ? { namespace: t.namespace } : undefined),
};

/** Built-in playbooks, most specific first; the generic one answers anything else. */
export const PLAYBOOKS: Playbook[] = [
  {
    name: 'oom-killed',
    title: 'container OOMKilled',
    alertNames: [/oom/i],
    evidence: [podStatus, nodeCapacity('memory'), deploymentHistory, previousLogs, hpaStatus],
    actions: ['increase_resources', 'rollback_deployment', 'restart_workload', 'collect_diagnostics'],
    followUps: ['get_pod_logs', 'get_events', 'get_workload', 'check_resource_change_feasibility'],
  },
  {
    name: 'node-not-ready',
    title: 'node NotReady or under pressure',
    alertNames: [/node.*(notready|unreachable|down)/i, /pressure/i, /kubelet/i],
    targetKinds: ['Node'],
    evidence: [nodeStatus, nodeCapacity('pods'), events, relatedAlerts],
    actions: ['cordon_node', 'drain_node', 'uncordon_node', 'remove_taint', 'collect_diagnostics'],
    followUps: ['list_pods', 'get_pdb_status', 'get_node_status'],
  },
  {
    name: 'memory-high',
    title: 'memory near the limit',
    alertNames: [/memory/i],
    evidence: [podStatus, nodeCapacity('memory'), deploymentHistory, hpaStatus, relatedAlerts],
    actions: ['increase_resources', 'scale_workload', 'restart_workload', 'rollback_deployment', 'patch_hpa'],
    followUps: ['get_pod_logs', 'get_events', 'get_workload', 'check_resource_change_feasibility'],
  },
  {
    name: 'cpu-high',
    title: 'CPU high or throttled',
    alertNames: [/cpu/i, /throttl/i],
    evidence: [podStatus, nodeCapacity('cpu'), hpaStatus, deploymentHistory, relatedAlerts],
    actions: ['increase_resources', 'scale_workload', 'patch_hpa', 'rollback_deployment'],
    followUps: [
      'get_workload',
      'check_scaling_feasibility',
      'check_resource_change_feasibility',
      'get_events',
    ],
  },
  {
    name: 'crash-loop',
    title: 'container crash-looping',
    alertNames: [/crashloop/i, /restart/i],
    evidence: [podStatus, previousLogs, deploymentHistory, events],
    actions: [
      'rollback_deployment',
      'restart_pod',
      'restart_workload',
      'increase_resources',
      'collect_diagnostics',
    ],
    followUps: ['get_pod_logs', 'get_workload', 'get_events'],
  },
  {
    name: 'image-pull',
    title: 'image cannot be pulled',
    alertNames: [/imagepull/i, /errimage/i, /image/i],
    evidence: [podStatus, events, deploymentHistory],
    actions: ['rollback_deployment', 'collect_diagnostics'],
    followUps: ['get_workload', 'get_events', 'list_pods'],
  },
  {
    name: 'pod-pending',
    title: 'pods Pending / unschedulable',
    alertNames: [/pending/i, /unschedul/i],
    evidence: [problemPods, events, nodeCapacity('cpu'), nodeCapacity('memory'), quotas],
    actions: ['remove_taint', 'uncordon_node', 'scale_workload', 'increase_resources', 'collect_diagnostics'],
    followUps: ['get_node_status', 'get_workload', 'check_resource_quotas'],
  },
  {
    name: 'rollout-stuck',
    title: 'rollout stuck or replicas mismatch',
    alertNames: [/rollout/i, /replicasmismatch/i, /replicas.*mismatch/i, /generationmismatch/i, /progress/i],
    evidence: [workload, deploymentHistory, problemPods, events],
    actions: ['rollback_deployment', 'restart_workload', 'scale_workload', 'collect_diagnostics'],
    followUps: ['get_pod_status', 'get_pod_logs', 'check_resource_quotas'],
  },
  {
    name: 'hpa-maxed',
    title: 'autoscaler at its maximum',
    alertNames: [/hpa/i, /autoscal/i],
    targetKinds: ['HorizontalPodAutoscaler'],
    evidence: [hpaStatus, workload, nodeCapacity('cpu'), quotas],
    actions: ['patch_hpa', 'scale_workload', 'increase_resources'],
    followUps: ['check_scaling_feasibility', 'get_events', 'get_pod_status'],
  },
  {
    name: 'pvc-filling',
    title: 'volume filling up or claim pending',
    alertNames: [/persistentvolume/i, /pvc/i, /volume/i, /disk/i],
    targetKinds: ['PersistentVolumeClaim'],
    evidence: [events, quotas, nodeCapacity('storage')],
    actions: ['expand_pvc', 'collect_diagnostics'],
    followUps: ['list_pods', 'get_pod_status'],
  },
  {
    name: 'pdb-at-limit',
    title: 'disruption budget at its limit',
    alertNames: [/pdb/i, /disruption/i],
    evidence: [pdbStatus, workload, problemPods],
    actions: ['relax_pdb', 'scale_workload', 'collect_diagnostics'],
    followUps: ['get_events', 'list_pods'],
  },
  {
    name: 'quota-exhausted',
    title: 'namespace quota exhausted',
    alertNames: [/quota/i],
    targetKinds: ['Namespace'],
    evidence: [quotas, problemPods, events],
    actions: ['collect_diagnostics'],
    followUps: ['get_workload', 'list_pods'],
  },
  {
    name: 'generic',
    title: 'anything else',
    alertNames: [],
    evidence: [podStatus, workload, deploymentHistory, nodeStatus, events, relatedAlerts],
    actions: [
      'increase_resources',
      'scale_workload',
      'restart_pod',
      'restart_workload',
      'rollback_deployment',
      'cordon_node',
      'collect_diagnostics',
      'silence_alert',
    ],
    followUps: ['get_pod_logs', 'list_pods', 'get_deployment_history', 'check_node_capacity'],
  },
];

export function choosePlaybook(alert: Alert, playbooks: Playbook[] = PLAYBOOKS): Playbook {
  const byName = playbooks.find((p) => p.alertNames.some((pattern) => pattern.test(alert.name)));
  if (byName) return byName;
  const byKind = playbooks.find(
    (p) => alert.target.kind !== undefined && p.targetKinds?.includes(alert.target.kind),
  );
  return byKind ?? (playbooks.find((p) => p.name === 'generic') as Playbook);
}

/** The tools offered to the model for this playbook: its evidence tools and its follow-ups. */
export function offeredTools(playbook: Playbook): string[] {
  return [...new Set([...playbook.evidence.map((step) => step.tool), ...playbook.followUps])];
}

/** The calls a playbook makes for this alert; critical alerts also read the recent events. */
export function planEvidence(alert: Alert, playbook: Playbook): ToolCallRequest[] {
  const target = resolveTarget(alert);
  const steps = [...playbook.evidence];
  if (/^(critical|page|high)$/i.test(alert.severity) && !steps.includes(events)) steps.push(events);
  const calls: ToolCallRequest[] = [];
  for (const step of steps) {
    const args = step.args(target, alert);
    if (!args) continue;
    const key = JSON.stringify([step.tool, args]);
    if (calls.some((c) => JSON.stringify([c.tool, c.arguments]) === key)) continue;
    calls.push({ tool: step.tool, arguments: args });
  }
  return calls;
}
