// Deterministic runbook rules: from the gathered facts to one recommendation, without a model.
import type { Alert } from '../../alerts/alert.js';
import { formatBytes } from '../../cluster/quantity.js';
import type { ResolvedTarget } from '../playbooks.js';
import type { Recommendation } from '../../proposal/recommendation.js';
import type { IncidentFacts } from './facts.js';

export interface RunbookRule {
  name: string;
  /** What the rule checks, in the on-call engineer's words. */
  when: string;
  recommend(facts: IncidentFacts, alert: Alert, target: ResolvedTarget): Recommendation | undefined;
}

const GI = 2 ** 30;
const MI = 2 ** 20;

/** Rounds bytes up to a whole Gi (or to 64Mi below 1Gi), the step people write limits in. */
export function roundUpMemory(bytes: number): number {
  if (bytes >= GI) return Math.ceil(bytes / GI - 1e-9) * GI;
  return Math.ceil(bytes / (64 * MI) - 1e-9) * 64 * MI;
}

/** Rounds cores up to a multiple of 100m. */
export function roundUpCpu(cores: number): number {
  return Math.ceil(cores * 10 - 1e-9) / 10;
}

function cpuText(cores: number): string {
  return cores >= 1 && Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

/** The workload that owns the alert's pod: its owner from pod status, else the alert's workload. */
function workloadOf(
  facts: IncidentFacts,
  target: ResolvedTarget,
): { kind: string; name: string } | undefined {
  const owner = facts.pod?.owner;
  if (owner && owner.kind !== 'ReplicaSet' && owner.kind !== 'Node') return owner;
  if (target.workload) return { kind: target.workloadKind ?? 'Deployment', name: target.workload };
  return undefined;
}

const pct = (value: number | undefined) => (value === undefined ? '?' : `${Math.round(value)}%`);

/** New memory settings: limit × 1.5 and request = usage + 30%, both rounded up to whole Gi. */
export function memoryStep(limit: number, used: number | undefined, request: number | undefined) {
  const newLimit = roundUpMemory(limit * 1.5);
  const wanted = Math.max(used !== undefined ? used * 1.3 : 0, request ?? 0);
  const newRequest = Math.min(newLimit, roundUpMemory(wanted || limit));
  return { newLimit, newRequest };
}

const memoryNearLimit: RunbookRule = {
  name: 'memory-near-limit',
  when: 'memory at ≥ 90% of the limit (or OOMKilled), a node has room for the bigger request, and memory was not just changed',
  recommend(facts, alert, target) {
    const pod = facts.pod;
    const oom =
      /OOMKilled/i.test(`${pod?.status ?? ''} ${pod?.lastTermination ?? ''}`) || /oom/i.test(alert.name);
    const limit = pod?.memory?.limit ?? pod?.memoryLimit;
    if (!pod || !limit) return undefined;
    // Without metrics (a crash-looping pod) an OOMKill means it used its whole limit.
    const memory = {
      used: pod.memory?.used ?? limit,
      limit,
      percent: pod.memory?.percent ?? (oom ? 100 : undefined),
    };
    if (!oom && (memory.percent ?? 0) < 90) return undefined;
    if (facts.history?.recentResourceChange) return undefined;
    const workload = workloadOf(facts, target);
    if (!workload || target.namespace === undefined) return undefined;
    const { newLimit, newRequest } = memoryStep(
      memory.limit,
      oom ? Math.max(memory.used, memory.limit) : memory.used,
      pod.memoryRequest,
    );
    if (facts.largestAvailableMemory !== undefined && facts.largestAvailableMemory < newRequest)
      return undefined;
    const container = target.container ?? pod.container;
    return {
      action: 'increase_resources',
      target: { kind: workload.kind, namespace: target.namespace, name: workload.name },
      parameters: {
        ...(container ? { container } : {}),
        memory_limit: formatBytes(newLimit),
        memory_request: formatBytes(newRequest),
      },
      confidence: 0.8,
      reasoning:
        `${pod.name} uses ${formatBytes(memory.used)} of its ${formatBytes(memory.limit)} memory limit (${pct(memory.percent)})` +
        `${oom ? ' and was OOMKilled' : ''}; raising the limit to ${formatBytes(newLimit)} and the request to ${formatBytes(newRequest)} ` +
        (facts.largestAvailableMemory !== undefined
          ? 'gives headroom, and a node can fit the new request.'
          : 'gives headroom; room on the nodes is unknown (node capacity could not be read), so the plan must check it.'),
      evidence: [
        `memory ${formatBytes(memory.used)}/${formatBytes(memory.limit)} (${pct(memory.percent)})`,
        facts.largestAvailableMemory !== undefined
          ? `largest node room ${formatBytes(facts.largestAvailableMemory)} memory`
          : 'node room unknown: node capacity could not be read',
        facts.history
          ? 'no recent memory change in the deployment history'
          : 'deployment history not available',
      ],
      alternatives: [
        { action: 'scale_workload', why_not: 'more replicas do not lower the memory each pod needs' },
        { action: 'restart_pod', why_not: 'memory would climb back to the limit' },
      ],
    };
  },
};

const cpuThrottled: RunbookRule = {
  name: 'cpu-near-limit',
  when: 'CPU at ≥ 90% of the limit with node room and no HPA at its maximum',
  recommend(facts, alert, target) {
    const cpu = facts.pod?.cpu;
    if (!/cpu|throttl/i.test(alert.name) || !cpu?.limit || (cpu.percent ?? 0) < 90) return undefined;
    if (facts.hpa?.atMax) return undefined;
    const workload = workloadOf(facts, target);
    if (!workload || !target.namespace) return undefined;
    const newLimit = roundUpCpu(cpu.limit * 1.5);
    if (facts.largestAvailableCpu !== undefined && facts.largestAvailableCpu < (facts.pod?.cpuRequest ?? 0))
      return undefined;
    return {
      action: 'increase_resources',
      target: { kind: workload.kind, namespace: target.namespace, name: workload.name },
      parameters: {
        ...(facts.pod?.container ? { container: facts.pod.container } : {}),
        cpu_limit: cpuText(newLimit),
      },
      confidence: 0.6,
      reasoning: `CPU is at ${pct(cpu.percent)} of its ${cpuText(cpu.limit)} limit, so the container is throttled; raise the limit to ${cpuText(newLimit)}.`,
      evidence: [`cpu ${cpu.used}/${cpu.limit} cores (${pct(cpu.percent)})`],
      alternatives: [{ action: 'scale_workload', why_not: 'throttling is per pod' }],
    };
  },
};

const hpaAtMaximum: RunbookRule = {
  name: 'hpa-at-maximum',
  when: 'the HorizontalPodAutoscaler runs at maxReplicas',
  recommend(facts, _alert, target) {
    const hpa = facts.hpa;
    if (!hpa?.atMax || hpa.max === undefined || !target.namespace) return undefined;
    const name = hpa.name || (target.kind === 'HorizontalPodAutoscaler' ? target.name : target.workload);
    if (!name) return undefined;
    const newMax = Math.max(hpa.max + 1, Math.ceil(hpa.max * 1.5));
    return {
      action: 'patch_hpa',
      target: { kind: 'HorizontalPodAutoscaler', namespace: target.namespace, name },
      parameters: { max_replicas: newMax },
      confidence: 0.7,
      reasoning: `The autoscaler is at its maximum of ${hpa.max} replicas and cannot add more; raise maxReplicas to ${newMax}.`,
      evidence: [`HPA ${name} at ${hpa.current ?? hpa.max}/${hpa.max} replicas`],
      alternatives: [{ action: 'scale_workload', why_not: 'the HPA would scale it back' }],
    };
  },
};

const badRollout: RunbookRule = {
  name: 'bad-rollout',
  when: 'pods crash-loop or cannot pull their image right after a rollout',
  recommend(facts, alert, target) {
    const status = `${facts.pod?.status ?? ''} ${alert.name} ${facts.pod?.lastTermination ?? ''}`;
    if (!/CrashLoop|ImagePull|ErrImage|InvalidImageName|CreateContainerConfigError/i.test(status))
      return undefined;
    if (!facts.history?.recentRollout && !facts.rolloutStalled) return undefined;
    const workload = workloadOf(facts, target);
    if (!workload || workload.kind !== 'Deployment' || !target.namespace) return undefined;
    return {
      action: 'rollback_deployment',
      target: { kind: 'Deployment', namespace: target.namespace, name: workload.name },
      parameters: {},
      confidence: 0.75,
      reasoning: `Pods are ${facts.pod?.status || alert.name} after a recent rollout of ${workload.name}; roll back to the previous revision.`,
      evidence: [
        `pod status ${facts.pod?.status ?? 'unknown'}`,
        'a rollout happened recently (deployment history)',
      ],
      alternatives: [{ action: 'restart_workload', why_not: 'the new revision would fail the same way' }],
    };
  },
};

const nodeNotReady: RunbookRule = {
  name: 'node-not-ready',
  when: 'the alert is about a node that is NotReady (drain) or under pressure (cordon)',
  recommend(facts, _alert, target) {
    const node = facts.node;
    const name = node?.name || target.node;
    if (!node || !name || (!node.notReady && node.pressure.length === 0)) return undefined;
    const action = node.notReady ? 'drain_node' : 'cordon_node';
    return {
      action,
      target: { kind: 'Node', name },
      parameters: {},
      confidence: 0.65,
      reasoning: node.notReady
        ? `${name} is NotReady; cordon it and move its pods to healthy nodes.`
        : `${name} reports ${node.pressure.join(', ')}; stop new pods landing there.`,
      evidence: [node.notReady ? `${name} NotReady` : `${name} ${node.pressure.join(', ')}`],
      alternatives: [{ action: 'escalate', why_not: 'pods on the node stay unavailable meanwhile' }],
    };
  },
};

/** Rules in order; the first that answers wins. Escalation is what happens when none does. */
export const RUNBOOK_RULES: RunbookRule[] = [
  memoryNearLimit,
  badRollout,
  hpaAtMaximum,
  cpuThrottled,
  nodeNotReady,
];

export function escalation(facts: IncidentFacts, alert: Alert, target: ResolvedTarget): Recommendation {
  const kind = target.kind && target.kind !== 'Namespace' ? target.kind : 'Alert';
  const name = kind === 'Alert' ? alert.name : (target.name ?? alert.name);
  return {
    action: 'escalate',
    target: {
      kind,
      name,
      ...(kind !== 'Alert' && kind !== 'Node' && target.namespace ? { namespace: target.namespace } : {}),
    },
    parameters: {
      summary:
        `${alert.name}: no runbook rule matched the evidence; a human should look. ${facts.findings.slice(0, 4).join('; ')}`.slice(
          0,
          2000,
        ),
    },
    confidence: 0.5,
    reasoning: 'No runbook rule matched the evidence with enough certainty for an automatic change.',
    evidence: facts.findings.slice(0, 6),
    alternatives: [],
  };
}
