// The named questions the trends tool answers, as PromQL over the standard cAdvisor, kube-state-metrics and
// kubelet metric names, with the label names a setup uses.
import type { MetricLabels } from './prometheus.js';

export const QUESTIONS = [
  'container_memory',
  'container_cpu',
  'container_restarts',
  'cpu_throttling',
  'pvc_usage',
  'node_allocatable_pressure',
  'alert_expression',
] as const;
export type Question = (typeof QUESTIONS)[number];

export type Unit = 'bytes' | 'cores' | 'ratio' | 'count' | 'value';

export interface Target {
  namespace?: string;
  pod?: string;
  container?: string;
  pvc?: string;
  node?: string;
  /** alert_expression only: the PromQL itself. */
  expression?: string;
}

export interface QuestionQuery {
  /** What is measured, in the on-call engineer's words. */
  what: string;
  /** Range query, one series per thing compared (container, PVC, node). */
  expr: string;
  /** Instant query of each series' limit, matched by `key`. */
  limitExpr?: string;
  /** The label naming each series (container, persistentvolumeclaim…); undefined: all labels. */
  key?: string;
  unit: Unit;
}

/** A label value inside a PromQL string literal. */
function quote(value: string): string {
  return JSON.stringify(value);
}

function selector(matchers: Array<[string, string, string | undefined]>, extra: string[] = []): string {
  const parts = matchers
    .filter(([, , v]) => v !== undefined)
    .map(([l, op, v]) => `${l}${op}${quote(v as string)}`);
  return `{${[...parts, ...extra].join(',')}}`;
}

/** What each question needs, for a clear refusal before anything is queried. */
export const NEEDS: Record<Question, Array<keyof Target>> = {
  container_memory: ['namespace', 'pod'],
  container_cpu: ['namespace', 'pod'],
  container_restarts: ['namespace', 'pod'],
  cpu_throttling: ['namespace', 'pod'],
  pvc_usage: ['namespace', 'pvc'],
  node_allocatable_pressure: ['node'],
  alert_expression: ['expression'],
};

/** The queries of one question about one target (the caller checked NEEDS). */
export function buildQuery(question: Question, target: Target, labels: MetricLabels): QuestionQuery {
  const pod: Array<[string, string, string | undefined]> = [
    [labels.namespace, '=', target.namespace],
    [labels.pod, '=', target.pod],
    [labels.container, '=', target.container],
  ];
  // cAdvisor also reports the pod's sandbox ("POD") and the pod as a whole (no container label).
  const cadvisor = selector(pod, [`${labels.container}!=""`, `${labels.container}!="POD"`]);
  const ksm = (resource: string) => selector(pod, [`resource="${resource}"`]);
  const byContainer = `max by (${labels.container})`;
  switch (question) {
    case 'container_memory':
      return {
        what: 'memory working set',
        expr: `${byContainer} (container_memory_working_set_bytes${cadvisor})`,
        limitExpr: `${byContainer} (kube_pod_container_resource_limits${ksm('memory')})`,
        key: labels.container,
        unit: 'bytes',
      };
    case 'container_cpu':
      return {
        what: 'CPU usage',
        expr: `${byContainer} (rate(container_cpu_usage_seconds_total${cadvisor}[5m]))`,
        limitExpr: `${byContainer} (kube_pod_container_resource_limits${ksm('cpu')})`,
        key: labels.container,
        unit: 'cores',
      };
    case 'container_restarts':
      return {
        what: 'restarts',
        expr: `${byContainer} (kube_pod_container_status_restarts_total${selector(pod)})`,
        key: labels.container,
        unit: 'count',
      };
    case 'cpu_throttling':
      return {
        what: 'CPU throttled share of periods',
        expr:
          `${byContainer} (rate(container_cpu_cfs_throttled_periods_total${cadvisor}[5m]) ` +
          `/ rate(container_cpu_cfs_periods_total${cadvisor}[5m]))`,
        key: labels.container,
        unit: 'ratio',
      };
    case 'pvc_usage': {
      const pvc = selector([
        [labels.namespace, '=', target.namespace],
        ['persistentvolumeclaim', '=', target.pvc],
      ]);
      return {
        what: 'volume usage',
        expr: `max by (persistentvolumeclaim) (kubelet_volume_stats_used_bytes${pvc})`,
        limitExpr: `max by (persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes${pvc})`,
        key: 'persistentvolumeclaim',
        unit: 'bytes',
      };
    }
    case 'node_allocatable_pressure': {
      return {
        what: "memory working set of the node's containers",
        expr: `sum by (${labels.node}) (container_memory_working_set_bytes${selector([[labels.node, '=', target.node]], [`${labels.container}!=""`, `${labels.container}!="POD"`])})`,
        limitExpr: `max by (${labels.node}) (kube_node_status_allocatable${selector([[labels.node, '=', target.node]], ['resource="memory"'])})`,
        key: labels.node,
        unit: 'bytes',
      };
    }
    case 'alert_expression':
      return { what: "the alert's expression", expr: target.expression as string, unit: 'value' };
  }
}

/**
 * The expression an alert's generatorURL carries (Prometheus's graph link: `…/graph?g0.expr=…&g0.tab=1`),
 * or undefined when the URL has none.
 */
export function expressionFromGeneratorUrl(generatorUrl: string): string | undefined {
  try {
    const expr = new URL(generatorUrl).searchParams.get('g0.expr');
    return expr?.trim() || undefined;
  } catch {
    return undefined;
  }
}
