// The kopilot MCP server: adapts each KopilotTool to the SDK, and is the one place every result passes
// through — budget, secret redaction, errors as results, and an audit line before the result is returned.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createRequire } from 'node:module';
import { z } from 'zod';
import type { AuditLog } from '../audit/auditLog.js';
import type { ClusterClient } from '../cluster/clusterClient.js';
import { ClusterError } from '../cluster/clusterError.js';
import { ClusterPool } from '../cluster/clusterPool.js';
import { redactDeep, redactText } from '../cluster/redact.js';
import type { PrometheusClient } from '../metrics/prometheus.js';
import type { AlertSource } from './alertSource.js';
import { DEFAULT_TOKEN_BUDGET, enforceBudget, MAX_TOKEN_BUDGET, MIN_TOKEN_BUDGET } from './budget.js';
import { renderFacts } from './render.js';
import type { KopilotTool } from './tool.js';
import { TOOLS } from './tools/index.js';

const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };

export interface KopilotMcpServerOptions {
  /** The cluster to read: one client, or a pool when tools may pick among several contexts. */
  cluster: ClusterClient | ClusterPool;
  /** Where list_related_alerts reads alerts; without it the tool says no alert source is configured. */
  alerts?: AlertSource;
  /** Where get_metric_trend reads trends (settings prometheusUrl); without it the tool says so in one line. */
  metrics?: PrometheusClient;
  /** Audit log for every call; false turns auditing off (only for tests of other things). */
  audit: AuditLog | false;
  /** Who is calling, for the audit log ("kopilot-agent", "stdio", "http 127.0.0.1"…). */
  caller?: string;
  /** Default token budget of a result (settings resultTokenBudget). */
  tokenBudget?: number;
  /** Only these tools (by name); default all. */
  tools?: string[];
}

const budgetField = z
  .number()
  .int()
  .min(MIN_TOKEN_BUDGET)
  .max(MAX_TOKEN_BUDGET)
  .optional()
  .describe(
    `size limit of the answer in tokens (default ${DEFAULT_TOKEN_BUDGET}); raise it to see more items`,
  );

/** The tools as served: each one's input with the shared token_budget (and context, when several are allowed). */
export function servedTools(options: Pick<KopilotMcpServerOptions, 'cluster' | 'tools'>): Array<{
  tool: KopilotTool;
  input: z.ZodObject;
}> {
  const contexts =
    options.cluster instanceof ClusterPool && options.cluster.multiContext
      ? [options.cluster.defaultContext, ...options.cluster.allowedContexts]
      : undefined;
  return TOOLS.filter((tool) => !options.tools || options.tools.includes(tool.name)).map((tool) => {
    let input = tool.input.extend({ token_budget: budgetField });
    if (contexts) {
      input = input.extend({
        context: z
          .enum([...new Set(contexts)] as [string, ...string[]])
          .optional()
          .describe(`kubeconfig context to ask (default ${contexts[0]})`),
      });
    }
    return { tool, input };
  });
}

export function createKopilotMcpServer(options: KopilotMcpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'kopilot', version: packageJson.version },
    {
      instructions:
        'Read-only Kubernetes tools for on-call triage. Answers are compact facts within a token budget; ' +
        'long lists are summarised and say how to narrow them. Secrets are never returned.',
    },
  );
  for (const { tool, input } of servedTools(options)) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: input,
        outputSchema: tool.output,
        annotations: {
          title: tool.title,
          readOnlyHint: true,
          destructiveHint: false,
          idempotentHint: true,
          openWorldHint: false,
        },
      },
      (async (args: Record<string, unknown>) =>
        callTool(server, tool, args, options)) as unknown as Parameters<typeof server.registerTool>[2],
    );
  }
  return server;
}

async function callTool(
  server: McpServer,
  tool: KopilotTool,
  args: Record<string, unknown>,
  options: KopilotMcpServerOptions,
): Promise<CallToolResult> {
  const started = performance.now();
  const { token_budget, context, ...toolArgs } = args as {
    token_budget?: number;
    context?: string;
    [key: string]: unknown;
  };
  let result: CallToolResult;
  let error: string | undefined;
  try {
    const cluster =
      options.cluster instanceof ClusterPool ? options.cluster.client(context) : options.cluster;
    const budget = token_budget ?? options.tokenBudget ?? DEFAULT_TOKEN_BUDGET;
    const facts = await tool.run(toolArgs, {
      cluster,
      alerts: options.alerts,
      metrics: options.metrics,
      budget,
      now: cluster.now(),
    });
    // The choke point: nothing leaves without passing the redactor, whatever the tool put in, nor over budget.
    const safe = enforceBudget(redactDeep(facts) as Record<string, unknown>, renderFacts, budget);
    result = { content: [{ type: 'text', text: renderFacts(safe) }], structuredContent: safe };
  } catch (caught) {
    error = redactText(errorText(tool.name, caught));
    result = { isError: true, content: [{ type: 'text', text: error }] };
  }
  if (options.audit) {
    const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
    try {
      await options.audit.append({
        kind: 'tool_call',
        tool: tool.name,
        arguments: redactDeep(args),
        caller: options.caller ?? server.server.getClientVersion()?.name ?? 'unknown',
        duration_ms: Math.round(performance.now() - started),
        result_bytes:
          Buffer.byteLength(text) +
          (result.structuredContent ? Buffer.byteLength(JSON.stringify(result.structuredContent)) : 0),
        error,
      });
    } catch (auditError) {
      // An unaudited answer must not leave: say why instead.
      return {
        isError: true,
        content: [
          {
            type: 'text',
            text: `cannot write the audit log at ${options.audit.path}: ${errorText(tool.name, auditError)}`,
          },
        ],
      };
    }
  }
  return result;
}

function errorText(toolName: string, error: unknown): string {
  if (error instanceof ClusterError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `${toolName} failed: ${message}`;
}
