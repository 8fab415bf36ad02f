// One ClusterClient per allowed kubeconfig context, built on first use; the default context serves calls
// that name none.
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterClient, type ClusterClientOptions } from './clusterClient.js';
import { ClusterError } from './clusterError.js';
import { withContext } from './kubeconfig.js';

export class ClusterPool {
  private readonly clients = new Map<string, ClusterClient>();
  readonly defaultContext: string;

  constructor(
    private readonly kubeConfig: KubeConfig,
    /** Contexts a tool call may name; the default one is always allowed. */
    readonly allowedContexts: string[] = [],
    private readonly clientOptions: Omit<ClusterClientOptions, 'kubeConfig'> = {},
  ) {
    this.defaultContext = kubeConfig.getCurrentContext();
  }

  /** Several contexts to choose from: the tools then take a `context` parameter. */
  get multiContext(): boolean {
    return this.allowedContexts.some((c) => c !== this.defaultContext);
  }

  client(context?: string): ClusterClient {
    const name = context || this.defaultContext;
    if (name !== this.defaultContext && !this.allowedContexts.includes(name)) {
      throw new ClusterError(
        'BadRequest',
        `context "${name}" is not allowed; use one of: ${[this.defaultContext, ...this.allowedContexts.filter((c) => c !== this.defaultContext)].join(', ')}`,
      );
    }
    let client = this.clients.get(name);
    if (!client) {
      const config = name === this.defaultContext ? this.kubeConfig : withContext(this.kubeConfig, name);
      client = new ClusterClient({ ...this.clientOptions, kubeConfig: config });
      this.clients.set(name, client);
    }
    return client;
  }
}
