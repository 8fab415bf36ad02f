// Reads the facts runbook rules need (usage vs limit, node room, recent changes, HPA bounds) out of tool results.
import { parse } from 'yaml';
import { tryParseQuantity } from '../../cluster/quantity.js';
import type { ToolResult } from '../toolRunner.js';

export interface Usage {
  used: number;
  limit?: number;
  percent?: number;
}

export interface PodFacts {
  name: string;
  status: string;
  node?: string;
  restarts: number;
  owner?: { kind: string; name: string };
  container?: string;
  memory?: Usage;
  cpu?: Usage;
  memoryRequest?: number;
  cpuRequest?: number;
  cpuLimit?: number;
  /** The container's memory limit from its spec (known even when there are no metrics). */
  memoryLimit?: number;
  lastTermination?: string;
}

export interface IncidentFacts {
  pod?: PodFacts;
  /** Most memory / CPU a single new pod could request on a schedulable node. */
  largestAvailableMemory?: number;
  largestAvailableCpu?: number;
  history?: { text: string; recentResourceChange: boolean; recentRollout: boolean };
  /** The workload's rollout is stalled or half done (a new ReplicaSet not fully rolled out). */
  rolloutStalled?: boolean;
  hpa?: { name: string; current?: number; min?: number; max?: number; atMax: boolean };
  node?: {
    name: string;
    notReady: boolean;
    pressure: string[];
    taints: Array<{ key: string; effect?: string }>;
  };
  /** Every finding, for an escalation summary. */
  findings: string[];
  /** All the evidence text, for pattern checks. */
  text: string;
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

type Data = Record<string, unknown>;

/** The structured result, or the YAML text parsed back when the server sent none. */
function dataOf(result: ToolResult): Data | undefined {
  if (result.structured && typeof result.structured === 'object') return result.structured as Data;
  try {
    const parsed: unknown = parse(result.text);
    return parsed && typeof parsed === 'object' ? (parsed as Data) : undefined;
  } catch {
    return undefined;
  }
}

const num = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return undefined;
};
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function podFacts(data: Data): PodFacts | undefined {
  const name = str(data.pod) ?? str(data.name);
  if (!name) return undefined;
  const containers = Array.isArray(data.containers) ? (data.containers as Data[]) : [];
  const main = containers.find((c) => parseUsage(c.memory_usage)?.limit !== undefined) ?? containers[0];
  const requests = parseResourceList(main?.requests);
  const limits = parseResourceList(main?.limits);
  const ownerText = str(data.owner);
  const owner = ownerText ? /^(\w+)\s+(\S+)$/.exec(ownerText) : null;
  const terminations = containers.map((c) => str(c.last_termination)).filter(Boolean);
  return {
    name,
    status: str(data.status) ?? '',
    node: str(data.node),
    restarts: num(data.restarts) ?? 0,
    owner: owner ? { kind: owner[1] as string, name: owner[2] as string } : undefined,
    container: str(main?.name),
    memory: parseUsage(main?.memory_usage) ?? parseUsage(data.memory_usage),
    cpu: parseUsage(main?.cpu_usage) ?? parseUsage(data.cpu_usage),
    memoryRequest: requests.memory,
    cpuRequest: requests.cpu,
    cpuLimit: limits.cpu,
    memoryLimit: limits.memory,
    lastTermination: terminations.join('; ') || undefined,
  };
}

function largestAvailable(data: Data, resource: 'memory' | 'cpu'): number | undefined {
  if (data.resource_type !== resource) return undefined;
  const largest = tryParseQuantity(str(data.largest_available));
  if (largest !== undefined) return largest;
  const nodes = Array.isArray(data.nodes) ? (data.nodes as Data[]) : [];
  const values = nodes
    .filter((n) => n.schedulable !== false)
    .map((n) => tryParseQuantity(str(n[`available_${resource}`])))
    .filter((v): v is number => v !== undefined);
  return values.length ? Math.max(...values) : undefined;
}

const RESOURCE_CHANGE =
  /\b(memory|cpu|resources?)\b[^\n]{0,40}\b(limit|request|changed?|raised|increased|set)\b/i;
const ROLLOUT = /\b(image|revision|rollout|rolled|config|template)\b/i;

export function gatherFacts(evidence: ToolResult[]): IncidentFacts {
  const facts: IncidentFacts = { findings: [], text: evidence.map((r) => r.text).join('\n') };
  for (const result of evidence) {
    facts.findings.push(`${result.tool}: ${result.finding}`);
    if (!result.ok) continue;
    const data = dataOf(result);
    if (!data) continue;
    switch (result.tool) {
      case 'get_pod_status':
        facts.pod ??= podFacts(data);
        break;
      case 'check_node_capacity':
        facts.largestAvailableMemory ??= largestAvailable(data, 'memory');
        facts.largestAvailableCpu ??= largestAvailable(data, 'cpu');
        break;
      case 'get_deployment_history': {
        const text = result.text;
        facts.history = {
          text,
          recentResourceChange: RESOURCE_CHANGE.test(text),
          recentRollout: ROLLOUT.test(text) && !/no (changes|revisions|rollouts)/i.test(text),
        };
        break;
      }
      case 'get_workload': {
        const rollout = str(data.rollout) ?? '';
        facts.rolloutStalled = /stalled|ProgressDeadlineExceeded|progressing/i.test(rollout);
        break;
      }
      case 'get_hpa_status': {
        const current = num(data.current_replicas) ?? num(data.currentReplicas) ?? num(data.replicas);
        const max = num(data.max_replicas) ?? num(data.maxReplicas);
        const min = num(data.min_replicas) ?? num(data.minReplicas);
        facts.hpa = {
          name: str(data.hpa) ?? str(data.name) ?? str(data.hpa_name) ?? '',
          current,
          min,
          max,
          atMax: data.at_max === true || (current !== undefined && max !== undefined && current >= max),
        };
        break;
      }
      case 'get_node_status': {
        const conditionsText = JSON.stringify(data.conditions ?? data.status ?? data.ready ?? '');
        const taints = (Array.isArray(data.taints) ? data.taints : []).map((t: unknown) =>
          typeof t === 'string'
            ? { key: t.split(/[=:]/)[0] ?? t, effect: /:(\w+)$/.exec(t)?.[1] }
            : { key: String((t as Data).key), effect: str((t as Data).effect) },
        );
        facts.node = {
          name: str(data.node) ?? str(data.name) ?? '',
          notReady:
            data.ready === false ||
            /NotReady|Ready[^\n]{0,12}(False|Unknown)|"ready":"?(false|unknown)/i.test(
              conditionsText + result.text,
            ),
          pressure: [...result.text.matchAll(/\b(Memory|Disk|PID)Pressure\b[^\n]{0,12}\bTrue\b/g)].map(
            (m) => `${m[1]}Pressure`,
          ),
          taints,
        };
        break;
      }
      default:
        break;
    }
  }
  return facts;
}
