// Loads the kubeconfig the way kubectl does: --kubeconfig, else $KUBECONFIG (merged), else ~/.kube/config,
// else in-cluster service account; --context picks the context, else the file's current-context.
import { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

export interface KubeconfigOptions {
  /** --kubeconfig: one file, used alone. */
  kubeconfig?: string;
  /** --context (or the settings' default context). */
  context?: string;
  env?: NodeJS.ProcessEnv;
}

export interface LoadedKubeconfig {
  kubeConfig: KubeConfig;
  /** The context in use. */
  context: string;
  /** Every context the kubeconfig names. */
  contexts: string[];
  /** Where it came from, for messages: a path, "$KUBECONFIG" or "in-cluster". */
  source: string;
}

export function loadKubeconfig(options: KubeconfigOptions = {}): LoadedKubeconfig {
  const env = options.env ?? process.env;
  const kubeConfig = new KubeConfig();
  let source: string;
  try {
    if (options.kubeconfig) {
      if (!existsSync(options.kubeconfig))
        throw new UsageError(`kubeconfig file not found: ${options.kubeconfig}`);
      kubeConfig.loadFromFile(options.kubeconfig);
      source = options.kubeconfig;
    } else if (env.KUBECONFIG) {
      const files = env.KUBECONFIG.split(process.platform === 'win32' ? ';' : ':').filter(Boolean);
      const present = files.filter((file) => existsSync(file));
      if (present.length === 0) throw new UsageError(`no file of $KUBECONFIG exists: ${env.KUBECONFIG}`);
      kubeConfig.loadFromFile(present[0] as string);
      for (const file of present.slice(1)) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        kubeConfig.mergeConfig(more, true);
      }
      source = '$KUBECONFIG';
    } else if (existsSync(join(env.HOME || homedir(), '.kube', 'config'))) {
      const path = join(env.HOME || homedir(), '.kube', 'config');
      kubeConfig.loadFromFile(path);
      source = path;
    } else if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) {
      loadInCluster(kubeConfig, env.KUBERNETES_SERVICE_HOST, env.KUBERNETES_SERVICE_PORT);
      source = 'in-cluster';
    } else {
      throw new UsageError(
        'no kubeconfig found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run inside a cluster',
      );
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot read the kubeconfig: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const contexts = kubeConfig.getContexts().map((c) => c.name);
  const context = options.context ?? kubeConfig.getCurrentContext();
  if (!context || !contexts.includes(context)) {
    throw new UsageError(
      context
        ? `context "${context}" is not in the kubeconfig (${source}); contexts: ${contexts.join(', ') || 'none'}`
        : `the kubeconfig (${source}) has no current context; pass --context (one of: ${contexts.join(', ') || 'none'})`,
    );
  }
  kubeConfig.setCurrentContext(context);
  return { kubeConfig, context, contexts, source };
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The pod's service account, as client-go's rest.InClusterConfig builds it (host and port from `env`). */
function loadInCluster(kubeConfig: KubeConfig, host: string, port: string): void {
  const server = `https://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'in-cluster', server, caFile: `${SERVICE_ACCOUNT}/ca.crt`, skipTLSVerify: false }],
    users: [
      {
        name: 'in-cluster',
        authProvider: { name: 'tokenFile', config: { tokenFile: `${SERVICE_ACCOUNT}/token` } },
      },
    ],
    contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster' }],
    currentContext: 'in-cluster',
  });
}

/** A copy of the kubeconfig switched to another of its contexts (for the tools' optional `context`). */
export function withContext(kubeConfig: KubeConfig, context: string): KubeConfig {
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kubeConfig.clusters,
    users: kubeConfig.users,
    contexts: kubeConfig.contexts,
    currentContext: context,
  });
  return copy;
}
