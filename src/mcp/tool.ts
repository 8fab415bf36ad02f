// The contract of a kopilot tool, apart from the MCP SDK: name, when-to-use description, zod input and
// output schemas, and a function from validated arguments to facts. The server adapts these to MCP.
import type { z } from 'zod';
import type { ClusterClient } from '../cluster/clusterClient.js';
import type { PrometheusClient } from '../metrics/prometheus.js';
import type { AlertSource } from './alertSource.js';

export interface ToolContext {
  cluster: ClusterClient;
  alerts?: AlertSource;
  /** Where get_metric_trend reads trends; without it the tool says Prometheus is not configured. */
  metrics?: PrometheusClient;
  /** Token budget of this call's result. */
  budget: number;
  /** The cluster's now (ms since epoch), for ages. */
  now: number;
}

export interface KopilotTool<
  I extends z.ZodObject = z.ZodObject,
  O extends z.ZodObject = z.ZodObject,
  N extends string = string,
> {
  /** Kept as its literal type, so playbook steps are typed against each tool's input (see ToolArguments). */
  name: N;
  title: string;
  /** When to use it, what it answers, one example call. */
  description: string;
  input: I;
  output: O;
  run(args: z.infer<I>, context: ToolContext): Promise<z.infer<O>>;
}

/** Keeps each tool's types tied to its own schemas. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject, N extends string>(
  tool: KopilotTool<I, O, N>,
): KopilotTool<I, O, N> {
  return tool;
}
