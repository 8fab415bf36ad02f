// get_metric_trend: how a metric got where it is — named questions to Prometheus, answered as trend facts.
import { z } from 'zod';
import { answerTrend, trendAnswerSchema } from '../../metrics/answer.js';
import { PrometheusError } from '../../metrics/prometheus.js';
import { expressionFromGeneratorUrl, NEEDS, QUESTIONS, type Target } from '../../metrics/questions.js';
import { deploymentOfPod, deploymentRollouts, type Rollout } from '../../metrics/rollouts.js';
import { fitToBudget, moreNote } from '../budget.js';
import { renderFacts } from '../render.js';
import { defineTool } from '../tool.js';
import { containerField, nameField, namespaceField } from './common.js';

export const getMetricTrend = defineTool({
  name: 'get_metric_trend',
  title: 'Metric trend',
  description:
    'Use to learn how a value got where it is — a steady leak, a step at a rollout, or a spike already falling — ' +
    'from Prometheus over a window: current value, min/max, slope per hour, time until the limit, step changes ' +
    '(with the revision rolled out then) and a verdict. Questions: container_memory, container_cpu, ' +
    'container_restarts, cpu_throttling (need namespace, pod), pvc_usage (namespace, pvc), ' +
    "node_allocatable_pressure (node), alert_expression (the alert's generator_url or expression). " +
    'Example: {"question": "container_memory", "namespace": "production", "pod": "webapp-123", "window_minutes": 360}',
  input: z.object({
    question: z.enum(QUESTIONS),
    namespace: namespaceField.optional(),
    pod: nameField('Pod', 'webapp-123').optional(),
    container: containerField.optional().describe('only this container (default all)'),
    pvc: nameField('PersistentVolumeClaim', 'data-postgres-0').optional(),
    node: nameField('node', 'worker-02').optional(),
    generator_url: z.string().max(4000).optional().describe("the alert's generatorURL; its g0.expr is run"),
    expression: z
      .string()
      .min(1)
      .max(2000)
      .optional()
      .describe('alert_expression only: the PromQL that fired'),
    window_minutes: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60)
      .default(60)
      .describe('how far back (default 60)'),
    deployment: nameField('Deployment', 'webapp')
      .optional()
      .describe("whose rollouts name the steps (default: the pod's Deployment)"),
    rollouts: z
      .array(z.object({ revision: z.string(), started_at: z.iso.datetime({ offset: true }) }))
      .max(50)
      .optional()
      .describe('rollout times to name steps by, instead of reading ReplicaSets'),
  }),
  output: trendAnswerSchema,
  async run(args, { metrics, cluster, now, budget }) {
    const expression =
      args.expression ?? (args.generator_url ? expressionFromGeneratorUrl(args.generator_url) : undefined);
    const target: Target = { ...args, expression };
    const missing = NEEDS[args.question].filter((field) => !target[field]);
    if (missing.length) {
      const what = missing.map((m) =>
        m === 'expression' ? 'generator_url (with g0.expr) or expression' : m,
      );
      throw new Error(`${args.question} needs ${what.join(' and ')}`);
    }
    if (!metrics) {
      return {
        summary: 'no trends: Prometheus is not configured (set prometheusUrl); answer from the cluster tools',
        series: [],
        total_series: 0,
      };
    }
    let rollouts: Rollout[] | undefined = args.rollouts?.map((r) => ({
      revision: r.revision,
      startedAt: Date.parse(r.started_at) / 1000,
    }));
    if (!rollouts && args.namespace && (args.deployment || args.pod)) {
      // Best effort: without read access to the Deployment the steps are still reported, just unnamed.
      try {
        const deployment =
          args.deployment ?? (await deploymentOfPod(cluster, args.namespace, args.pod as string));
        if (deployment) rollouts = await deploymentRollouts(cluster, args.namespace, deployment);
      } catch {
        rollouts = undefined;
      }
    }
    let answer;
    try {
      answer = await answerTrend(metrics, {
        question: args.question,
        target,
        windowMinutes: args.window_minutes,
        now,
        rollouts,
      });
    } catch (error) {
      // Down, slow, refused or a bad expression: one line in the evidence, and the triage goes on.
      if (error instanceof PrometheusError) {
        return { summary: `no trends: ${error.message}`, series: [], total_series: 0 };
      }
      throw error;
    }
    return fitToBudget(
      (limit) => ({
        ...answer,
        series: answer.series.slice(0, Math.min(limit, 3)),
        more: moreNote(
          answer.total_series,
          Math.min(limit, 3, answer.series.length),
          'ask about one container',
        ),
      }),
      renderFacts,
      budget,
    );
  },
});
