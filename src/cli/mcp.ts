// `kopilot mcp`: the read-only Kubernetes MCP server on stdio (default) or Streamable HTTP (--http);
// `kopilot mcp rbac` prints the least-privilege ClusterRole/Binding for running it in a cluster.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { AuditLog, defaultAuditLogPath } from '../audit/auditLog.js';
import { loadSettings } from '../config/settings.js';
import { UsageError } from '../errors.js';
import { globalOptions } from './globalOptions.js';
import { prometheusFromSettings } from '../metrics/prometheus.js';

interface McpFlags {
  http?: boolean;
  port?: string;
  host?: string;
  tokenFile?: string;
  allowContext?: string[];
  cacheTtl?: string;
  qps?: string;
  burst?: string;
  alerts?: boolean;
}

function positiveNumber(flag: string, text: string | undefined, fallback: number, min = 0): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min)
    throw new UsageError(`${flag} must be a number ≥ ${min}, not ${JSON.stringify(text)}`);
  return value;
}

export function registerMcpCommand(program: Command): void {
  const mcp = program
    .command('mcp')
    .description('serve the read-only Kubernetes MCP server (stdio by default, --http for Streamable HTTP)')
    .option('--http', 'serve Streamable HTTP at /mcp instead of stdio')
    .option('--port <n>', 'HTTP port (0 picks a free one)', '8931')
    .option(
      '--host <address>',
      'HTTP address to bind; anything but loopback requires a bearer token',
      '127.0.0.1',
    )
    .option(
      '--token-file <path>',
      'file holding the bearer token HTTP clients must send (or set KOPILOT_MCP_TOKEN)',
    )
    .option(
      '--allow-context <name...>',
      'other kubeconfig contexts tools may be asked about (adds a `context` parameter)',
    )
    .option('--cache-ttl <ms>', 'how long a cluster read is reused, in milliseconds', '5000')
    .option('--qps <n>', 'API requests per second', '50')
    .option('--burst <n>', 'API requests allowed at once', '100')
    .option('--no-alerts', 'do not offer alerts from AlertManager to list_related_alerts')
    .addHelpText(
      'after',
      `
Examples:
  kopilot mcp --kubeconfig ~/.kube/config --context prod-readonly
  kopilot mcp --http --port 8931
  KOPILOT_MCP_TOKEN=$(openssl rand -hex 24) kopilot mcp --http --host 0.0.0.0
  kopilot mcp rbac | kubectl apply -f -`,
    )
    .action(async (flags: McpFlags, command: Command) => {
      // Loaded here, not at start-up: client-node and the MCP SDK cost every other command ~2 s of CPU.
      const [{ AlertmanagerClient }, { ClusterPool }, { loadKubeconfig }, { serveHttp }, { serveStdio }] =
        await Promise.all([
          import('../alerts/alertmanagerClient.js'),
          import('../cluster/clusterPool.js'),
          import('../cluster/kubeconfig.js'),
          import('../mcp/http.js'),
          import('../mcp/stdio.js'),
        ]);
      const global = globalOptions(command);
      const settings = loadSettings({ flags: global.context ? { context: global.context } : {} });
      const kube = loadKubeconfig({
        kubeconfig: global.kubeconfig,
        context: global.context ?? settings.context,
      });
      for (const context of flags.allowContext ?? []) {
        if (!kube.contexts.includes(context)) {
          throw new UsageError(
            `--allow-context ${context}: not in the kubeconfig (contexts: ${kube.contexts.join(', ')})`,
          );
        }
      }
      const cluster = new ClusterPool(kube.kubeConfig, flags.allowContext ?? [], {
        cacheTtlMs: positiveNumber('--cache-ttl', flags.cacheTtl, 5000),
        rateLimit: {
          qps: positiveNumber('--qps', flags.qps, 50, 0.1),
          burst: positiveNumber('--burst', flags.burst, 100, 1),
        },
      });
      const audit = new AuditLog(settings.auditLogPath ?? defaultAuditLogPath());
      const alerts =
        flags.alerts === false
          ? undefined
          : new AlertmanagerClient({
              url: settings.alertmanagerUrl,
              bearerToken: settings.alertmanagerBearerToken,
              basicAuth: settings.alertmanagerBasicAuth,
            });
      const metrics = prometheusFromSettings(settings);
      const common = { cluster, audit, alerts, metrics, tokenBudget: settings.resultTokenBudget };
      if (!flags.http) {
        await serveStdio(common);
        return;
      }
      const port = positiveNumber('--port', flags.port, 8931);
      if (!Number.isInteger(port) || port > 65535)
        throw new UsageError(`--port must be a TCP port, not ${flags.port}`);
      let bearerToken = process.env.KOPILOT_MCP_TOKEN || undefined;
      if (flags.tokenFile) {
        try {
          bearerToken = readFileSync(flags.tokenFile, 'utf8').trim();
        } catch (error) {
          throw new UsageError(`cannot read --token-file ${flags.tokenFile}: ${(error as Error).message}`);
        }
        if (!bearerToken) throw new UsageError(`--token-file ${flags.tokenFile} is empty`);
      }
      const running = await serveHttp({ ...common, host: flags.host, port, bearerToken });
      process.stderr.write(
        `kopilot MCP server on ${running.url} (context ${kube.context}${bearerToken ? ', bearer token required' : ''}); health at ${running.url.replace(/\/mcp$/, '/healthz')}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await running.close();
    });

  mcp
    .command('rbac')
    .description(
      'print the least-privilege ServiceAccount, ClusterRole and binding for the MCP server (no Secrets)',
    )
    .option('--name <name>', 'ClusterRole and binding name', 'kopilot-readonly')
    .option('--service-account <namespace/name>', 'the ServiceAccount to bind', 'kopilot/kopilot')
    .action(async (flags: { name: string; serviceAccount: string }) => {
      const { rbacManifests } = await import('../mcp/rbac.js');
      const [namespace, name] = flags.serviceAccount.split('/');
      if (!namespace || !name)
        throw new UsageError(`--service-account must be namespace/name, not ${flags.serviceAccount}`);
      process.stdout.write(rbacManifests(flags.name, { name, namespace }));
    });
}
