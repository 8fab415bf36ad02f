// Checks a model's answer: the recommendation schema, the catalogue, and a target that exists and is the alert's.
import { type Alert, alertNamesObject } from '../alerts/alert.js';
import { actionCatalogue } from '../actions/catalogue/index.js';
import { validateRecommendation } from '../actions/validateRecommendation.js';
import { recommendationSchema, type Recommendation } from '../proposal/recommendation.js';
import type { ResolvedTarget } from './playbooks.js';
import type { ToolResult, ToolRunner } from './toolRunner.js';

export type AnswerCheck = { ok: true; recommendation: Recommendation } | { ok: false; error: string };

export interface AnswerContext {
  alert: Alert;
  target: ResolvedTarget;
  evidence: ToolResult[];
  runner: ToolRunner;
}

function zodMessage(issues: Array<{ path: PropertyKey[]; message: string }>): string {
  const issue = issues[0];
  if (!issue) return 'the answer does not match the recommendation shape';
  const path = issue.path.map(String).join('.');
  return `${path ? `${path}: ` : ''}${issue.message}`;
}

function nodeInTrouble(data: Record<string, unknown>): boolean {
  const listed = (value: unknown) => Array.isArray(value) && value.length > 0;
  return data.ready === false || data.schedulable === false || listed(data.taints) || listed(data.pressure);
}

/**
 * Nodes the evidence ties to the alert: the alert's node, the node its pods run on, and nodes the evidence
 * shows in trouble (tainted, cordoned, NotReady, under pressure) — the ones a scheduling problem is about.
 */
function relatedNodes(context: AnswerContext): Set<string> {
  const nodes = new Set<string>();
  if (context.target.node) nodes.add(context.target.node);
  if (context.target.kind === 'Node' && context.target.name) nodes.add(context.target.name);
  for (const result of context.evidence) {
    if (!result.ok) continue;
    const data = (result.structured ?? {}) as Record<string, unknown>;
    // Structured fields only (spec.nodeName as the tools report it): free text such as an annotation that says
    // "node: worker-05" must never make a node related.
    if (result.tool === 'get_pod_status' && typeof data.node === 'string') nodes.add(data.node);
    if (result.tool === 'list_pods' && Array.isArray(data.pods)) {
      for (const pod of data.pods as Array<Record<string, unknown>>)
        if (typeof pod.node === 'string') nodes.add(pod.node);
    }
    if (result.tool === 'get_node_status' && nodeInTrouble(data)) {
      const name = data.node ?? data.name ?? result.arguments.node_name;
      if (typeof name === 'string') nodes.add(name);
    }
    if (result.tool === 'check_node_capacity' && Array.isArray(data.nodes)) {
      // `schedulable: false` is set exactly when the node refuses new pods (cordoned, tainted, NotReady).
      for (const node of data.nodes as Array<Record<string, unknown>>)
        if (typeof node.node === 'string' && node.schedulable === false) nodes.add(node.node);
    }
  }
  return nodes;
}

/** The read-only call that shows whether a target exists. */
function existenceCall(
  kind: string,
  namespace: string | undefined,
  name: string,
): { tool: string; args: Record<string, unknown> } | undefined {
  switch (kind) {
    case 'Pod':
      return { tool: 'get_pod_status', args: { namespace, pod_name: name } };
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
      return { tool: 'get_workload', args: { namespace, kind, name } };
    case 'Node':
      return { tool: 'get_node_status', args: { node_name: name } };
    case 'HorizontalPodAutoscaler':
      return { tool: 'get_hpa_status', args: { namespace, hpa_name: name } };
    default:
      return undefined;
  }
}

export async function checkAnswer(raw: unknown, context: AnswerContext): Promise<AnswerCheck> {
  const shaped = recommendationSchema.safeParse(raw);
  if (!shaped.success) return { ok: false, error: zodMessage(shaped.error.issues) };
  const validated = validateRecommendation(shaped.data, { alert: context.alert });
  if (!validated.ok) return { ok: false, error: validated.error };
  const { target } = validated;
  const alertNamespace = context.target.namespace;

  if (actionCatalogue[validated.action].writes === 'cluster' && !alertNamesObject(context.alert.target)) {
    return {
      ok: false,
      error: `${context.alert.name} names no object (no pod, workload or node label), so nothing in the cluster may be changed on its word; answer escalate (naming what a human should check), silence_alert or collect_diagnostics`,
    };
  }

  if (target.kind === 'Node') {
    const nodes = relatedNodes(context);
    if (!nodes.has(target.name)) {
      const known = [...nodes];
      return {
        ok: false,
        error: `node ${target.name} is not related to this alert${known.length ? `; the alert's node is ${known.join(' or ')}` : ''}`,
      };
    }
  } else if (target.kind !== 'Alert' && alertNamespace && target.namespace !== alertNamespace) {
    return {
      ok: false,
      error: `target ${target.kind} ${target.namespace}/${target.name} is in namespace ${target.namespace}, but the alert is about namespace ${alertNamespace}; change only objects in ${alertNamespace}`,
    };
  }

  if (validated.action !== 'escalate' && target.kind !== 'Alert') {
    const probe = existenceCall(target.kind, target.namespace, target.name);
    if (probe && context.runner.has(probe.tool)) {
      const result = await context.runner.call(context.runner.newId(), probe.tool, probe.args);
      if (!result.ok) {
        return {
          ok: false,
          error: `target ${target.kind} ${target.namespace ? `${target.namespace}/` : ''}${target.name} was not found (${result.finding})`,
        };
      }
    }
  }

  return {
    ok: true,
    recommendation: {
      ...shaped.data,
      action: validated.action,
      target: {
        kind: target.kind,
        name: target.name,
        ...(target.namespace ? { namespace: target.namespace } : {}),
      },
      parameters: validated.parameters as Record<string, unknown>,
    },
  };
}
