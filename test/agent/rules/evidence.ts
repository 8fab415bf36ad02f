// Tool results shaped as kopilot's MCP tools return them, for the per-rule tests.
import { resolveTarget } from '../../../src/agent/playbooks.js';
import { gatherFacts } from '../../../src/agent/rules/facts.js';
import type { RuleInput } from '../../../src/agent/rules/rule.js';
import type { ToolResult } from '../../../src/agent/toolRunner.js';
import type { Alert } from '../../../src/alerts/alert.js';

export function result(tool: string, structured: Record<string, unknown>, ok = true): ToolResult {
  return {
    id: tool,
    tool,
    arguments: {},
    ok,
    text: JSON.stringify(structured),
    structured,
    finding: String(structured.summary ?? ''),
    durationMs: 1,
    repeated: false,
  };
}

export function input(alert: Alert, evidence: ToolResult[]): RuleInput {
  return { facts: gatherFacts(evidence), alert, target: resolveTarget(alert) };
}

export const history = (changes: Array<{ when: string; change: string }>, revision?: number) =>
  result('get_deployment_history', {
    summary: `${changes.length} changes`,
    deployment: 'api',
    namespace: 'shop',
    replicas: '3/3',
    image: 'api:2',
    ...(revision !== undefined ? { revision } : {}),
    changes: changes.map((c) => ({ ...c, time: '2026-01-01T00:00:00Z' })),
  });

export const crashingPod = (extra: Record<string, unknown> = {}, container: Record<string, unknown> = {}) =>
  result('get_pod_status', {
    summary: 'api-7c9d8f6b5-abcde CrashLoopBackOff',
    pod: 'api-7c9d8f6b5-abcde',
    namespace: 'shop',
    status: 'CrashLoopBackOff',
    ready: '0/1',
    age: '20m',
    restarts: 7,
    owner: 'Deployment api',
    containers: [
      {
        name: 'api',
        image: 'api:2',
        state: 'waiting: CrashLoopBackOff',
        ready: false,
        restarts: 7,
        last_termination: 'Error (exit 1) at 2026-01-01T00:00:00Z',
        limits: 'memory 512Mi',
        ...container,
      },
    ],
    ...extra,
  });

export const events = (list: Array<{ type?: string; reason: string; object: string; message: string }>) =>
  result('get_events', {
    summary: `${list.length} events`,
    total: list.length,
    by_reason: {},
    events: list.map((e) => ({ type: 'Warning', count: 3, last_seen: '1m ago', ...e })),
  });

export const node = (extra: Record<string, unknown>) =>
  result('get_node_status', {
    summary: 'node',
    node: 'worker-02',
    ready: true,
    schedulable: true,
    pressure: [],
    taints: [],
    conditions: [],
    resources: {},
    pods_by_status: { Running: 4 },
    top_memory_requests: [],
    ...extra,
  });
