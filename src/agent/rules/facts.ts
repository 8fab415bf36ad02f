// Reads the facts runbook rules need from the tools' structured results, typed by each tool's output schema.
import type { z } from 'zod';
import { tryParseQuantity } from '../../cluster/quantity.js';
import type { checkNodeCapacity } from '../../mcp/tools/checkNodeCapacity.js';
import type { checkResourceQuotas } from '../../mcp/tools/checkResourceQuotas.js';
import type { getDeploymentHistory } from '../../mcp/tools/getDeploymentHistory.js';
import type { getEvents } from '../../mcp/tools/getEvents.js';
import type { getHpaStatus } from '../../mcp/tools/getHpaStatus.js';
import type { getNodeStatus } from '../../mcp/tools/getNodeStatus.js';
import type { getPdbStatus } from '../../mcp/tools/getPdbStatus.js';
import type { getPodLogs } from '../../mcp/tools/getPodLogs.js';
import type { getPodStatus } from '../../mcp/tools/getPodStatus.js';
import type { getWorkload } from '../../mcp/tools/getWorkload.js';
import type { listPods } from '../../mcp/tools/listPods.js';
import type { ToolResult } from '../toolRunner.js';
import { parseAge, readHistory, type RolloutHistory } from './history.js';

export { parseAge } from './history.js';

/** A tool's structured result; any field may be missing (trimmed to the budget, or an older/newer tool). */
type Out<T extends { output: z.ZodType }> = Partial<z.infer<T['output']>>;
export type PodStatusResult = Out<typeof getPodStatus>;
export type NodeStatusResult = Out<typeof getNodeStatus>;
export type WorkloadResult = Out<typeof getWorkload>;
export type HpaResult = Out<typeof getHpaStatus>;
export type EventsResult = Out<typeof getEvents>;
export type PodEvent = NonNullable<EventsResult['events']>[number];
export type PdbResult = Out<typeof getPdbStatus>;
export type Pdb = NonNullable<PdbResult['pdbs']>[number];
export type QuotaResult = Out<typeof checkResourceQuotas>;
export type QuotaLine = NonNullable<QuotaResult['quotas']>[number];
export type PodList = Out<typeof listPods>;
export type LogsResult = Out<typeof getPodLogs>;
type CapacityResult = Out<typeof checkNodeCapacity>;
type HistoryResult = Out<typeof getDeploymentHistory>;

export interface Usage {
  used: number;
  limit?: number;
  percent?: number;
}

export interface ContainerFacts {
  name: string;
  /** The waiting/terminated reason of the current state, e.g. "CrashLoopBackOff"; "running" when running. */
  state: string;
  ready: boolean;
  restarts: number;
  /** The last termination's reason and exit code, e.g. "OOMKilled" and 137. */
  lastReason?: string;
  lastExitCode?: number;
  memory?: Usage;
  cpu?: Usage;
  memoryRequest?: number;
  memoryLimit?: number;
  cpuRequest?: number;
  cpuLimit?: number;
}

export interface PodFacts {
  name: string;
  status: string;
  node?: string;
  /** Age in ms, when the tool gave one. */
  ageMs?: number;
  restarts: number;
  owner?: { kind: string; name: string };
  /** The container the rules look at: the one with a memory limit in use, else the first. */
  main?: ContainerFacts;
  containers: ContainerFacts[];
  memory?: Usage;
  cpu?: Usage;
}

/** A claim's fill state and class, from a PVC status tool when the evidence has one (fields optional). */
export interface VolumeFacts {
  claim?: string;
  capacity?: string;
  usage?: string;
  storage_class?: string;
  allows_expansion?: boolean;
}

export interface IncidentFacts {
  pod?: PodFacts;
  /** Pods of the namespace as list_pods shows them (the ones with problems, usually). */
  pods?: PodList;
  workload?: WorkloadResult;
  /** Most memory / CPU a single new pod could request on a schedulable node. */
  largestAvailableMemory?: number;
  largestAvailableCpu?: number;
  history?: RolloutHistory;
  hpa?: HpaResult;
  /** True when get_hpa_status answered that the workload has no autoscaler. */
  noHpa?: boolean;
  node?: NodeStatusResult;
  pdbs?: Pdb[];
  quotas?: QuotaLine[];
  events: PodEvent[];
  logs?: LogsResult;
  volume?: VolumeFacts;
  /** Every finding, for an escalation summary. */
  findings: string[];
}

/** "7.6Gi/8Gi (95%)" → used, limit, percent; "1.2 (no limit)" → used. */
export function parseUsage(text: unknown): Usage | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^\s*([^/\s(]+)\s*(?:\/\s*([^\s(]+))?\s*(?:\((\d+(?:\.\d+)?)%\))?/.exec(text);
  const used = tryParseQuantity(match?.[1]);
  if (!match || used === undefined) return undefined;
  const limit = tryParseQuantity(match[2]);
  const percent = match[3] ? Number(match[3]) : limit ? (used / limit) * 100 : undefined;
  return { used, ...(limit !== undefined ? { limit } : {}), ...(percent !== undefined ? { percent } : {}) };
}

/** "cpu 500m, memory 4Gi" → {cpu: 0.5, memory: 4294967296}. */
export function parseResourceList(text: unknown): { cpu?: number; memory?: number } {
  if (typeof text !== 'string') return {};
  const out: { cpu?: number; memory?: number } = {};
  for (const match of text.matchAll(/\b(cpu|memory)[:= ]+([0-9.]+[A-Za-z]*)/g)) {
    const value = tryParseQuantity(match[2]);
    if (value !== undefined) out[match[1] as 'cpu' | 'memory'] = value;
  }
  return out;
}

/** "OOMKilled (exit 137) at …" → reason and exit code. */
function termination(text: string | undefined): { lastReason?: string; lastExitCode?: number } {
  if (!text) return {};
  const reason = /^\s*([A-Za-z][\w-]*)/.exec(text)?.[1];
  const exit = /exit (?:code )?(\d+)/.exec(text)?.[1];
  return { lastReason: reason, ...(exit !== undefined ? { lastExitCode: Number(exit) } : {}) };
}

type Container = NonNullable<PodStatusResult['containers']>[number];

function containerFacts(c: Partial<Container>): ContainerFacts {
  const requests = parseResourceList(c.requests);
  const limits = parseResourceList(c.limits);
  const state = c.state ?? '';
  return {
    name: c.name ?? '',
    state: /^\w+:\s*(\S+)/.exec(state)?.[1] ?? state,
    ready: c.ready === true,
    restarts: c.restarts ?? 0,
    ...termination(c.last_termination),
    memory: parseUsage(c.memory_usage),
    cpu: parseUsage(c.cpu_usage),
    memoryRequest: requests.memory,
    memoryLimit: limits.memory,
    cpuRequest: requests.cpu,
    cpuLimit: limits.cpu,
  };
}

function podFacts(data: PodStatusResult): PodFacts | undefined {
  if (!data.pod) return undefined;
  const containers = (data.containers ?? []).map(containerFacts);
  const main = containers.find((c) => c.memory?.limit !== undefined) ?? containers[0];
  const owner = data.owner ? /^(\w+)\s+(\S+)$/.exec(data.owner) : null;
  return {
    name: data.pod,
    status: data.status ?? '',
    node: data.node,
    ageMs: parseAge(data.age),
    restarts: data.restarts ?? 0,
    owner: owner ? { kind: owner[1] as string, name: owner[2] as string } : undefined,
    main,
    containers,
    memory: main?.memory ?? parseUsage(data.memory_usage),
    cpu: main?.cpu ?? parseUsage(data.cpu_usage),
  };
}

function largestAvailable(data: CapacityResult, resource: 'memory' | 'cpu'): number | undefined {
  if (data.resource_type !== resource) return undefined;
  const largest = tryParseQuantity(data.largest_available);
  if (largest !== undefined) return largest;
  const values = (data.nodes ?? [])
    .map((n) => n as Record<string, unknown>)
    .filter((n) => n.schedulable !== false)
    .map((n) => tryParseQuantity(n[`available_${resource}`] as string | undefined))
    .filter((v): v is number => v !== undefined);
  return values.length ? Math.max(...values) : undefined;
}

export function gatherFacts(evidence: ToolResult[]): IncidentFacts {
  const facts: IncidentFacts = { findings: [], events: [] };
  for (const result of evidence) {
    facts.findings.push(`${result.tool}: ${result.finding}`);
    if (!result.ok || !result.structured || typeof result.structured !== 'object') continue;
    const data = result.structured;
    switch (result.tool) {
      case 'get_pod_status':
        facts.pod ??= podFacts(data as PodStatusResult);
        break;
      case 'list_pods':
        facts.pods ??= data as PodList;
        break;
      case 'check_node_capacity':
        facts.largestAvailableMemory ??= largestAvailable(data as CapacityResult, 'memory');
        facts.largestAvailableCpu ??= largestAvailable(data as CapacityResult, 'cpu');
        break;
      case 'get_deployment_history':
        facts.history ??= readHistory(data as HistoryResult);
        break;
      case 'get_workload':
        facts.workload ??= data as WorkloadResult;
        break;
      case 'get_hpa_status': {
        const hpa = data as HpaResult;
        if (hpa.max_replicas !== undefined) facts.hpa ??= hpa;
        else if (/not found|no horizontalpodautoscalers/i.test(hpa.summary ?? '')) facts.noHpa = true;
        break;
      }
      case 'get_node_status':
        facts.node ??= data as NodeStatusResult;
        break;
      case 'get_pdb_status':
        facts.pdbs = [...(facts.pdbs ?? []), ...((data as PdbResult).pdbs ?? [])];
        break;
      case 'check_resource_quotas':
        facts.quotas = [...(facts.quotas ?? []), ...((data as QuotaResult).quotas ?? [])];
        break;
      case 'get_events':
        facts.events.push(...((data as EventsResult).events ?? []));
        break;
      case 'get_pod_logs':
        facts.logs ??= data as LogsResult;
        break;
      case 'get_pvc_status':
        facts.volume ??= data as VolumeFacts;
        break;
      default:
        break;
    }
  }
  return facts;
}
