// Evidence playbooks: for each kind of incident, the read-only tool calls worth making before the model is asked.
import type { ActionType } from '../actions/catalogue/index.js';
import type { Alert } from '../alerts/alert.js';
import type { ToolName } from '../mcp/tools/index.js';
import type { ToolCallRequest } from './events.js';
import {
  deploymentHistory,
  events,
  hpaStatus,
  nodeCapacity,
  nodeStatus,
  pdbStatus,
  podStatus,
  previousLogs,
  problemPods,
  pvcStatus,
  quotas,
  relatedAlerts,
  workload,
  type EvidenceStep,
} from './playbooks/steps.js';
import { resolveTarget } from './playbooks/target.js';

export type { EvidenceStep } from './playbooks/steps.js';
export { resolveTarget, workloadNameOfPod, type ResolvedTarget } from './playbooks/target.js';

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
  followUps: ToolName[];
}

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
    evidence: [pvcStatus, events, quotas, nodeCapacity('storage')],
    actions: ['expand_pvc', 'collect_diagnostics'],
    followUps: ['list_pods', 'get_pod_status', 'get_pvc_status'],
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
