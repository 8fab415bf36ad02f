// The action layer's own cluster connection: fresh reads and the only writes kopilot ever sends, via kubeconfig.
import {
  ApiException,
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  KubeConfig,
  PolicyV1Api,
  type V1Pod,
} from '@kubernetes/client-node';

import type { KubeObject } from '../cluster/clusterClient.js';

export type { KubeObject };

export const PATCHABLE_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Pod',
  'Node',
  'HorizontalPodAutoscaler',
  'PersistentVolumeClaim',
  'PodDisruptionBudget',
] as const;
export type ObjectKind = (typeof PATCHABLE_KINDS)[number];

export interface ObjectRef {
  kind: ObjectKind;
  namespace?: string;
  name: string;
}

export type JsonPatchOp =
  { op: 'replace' | 'add' | 'test'; path: string; value: unknown } | { op: 'remove'; path: string };

/** What the API server said when it refused a request: status code, reason and its own message. */
export class KubeFailure extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'KubeFailure';
  }
}

export function refText(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

const STATUS_REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Gone',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** Turns a client-node failure into one KubeFailure carrying the server's own Status message. */
export function toKubeFailure(error: unknown): KubeFailure {
  if (error instanceof KubeFailure) return error;
  if (error instanceof ApiException) {
    const status = error.code;
    let body: { message?: string; reason?: string };
    try {
      body = (typeof error.body === 'string' ? JSON.parse(error.body) : error.body) ?? {};
    } catch {
      body = { message: String(error.body).slice(0, 300) };
    }
    return new KubeFailure(
      status,
      body.reason || STATUS_REASONS[status] || 'Error',
      body.message || `HTTP ${status} from the API server`,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new KubeFailure(0, 'Unreachable', `cannot reach the API server: ${message}`);
}

export interface ConnectOptions {
  /** Path to the kubeconfig; $KUBECONFIG or ~/.kube/config when left out. */
  kubeconfigPath?: string;
  /** The context whose credentials execute actions; the kubeconfig's current one when left out. */
  context?: string;
}

/** Fresh (uncached) reads and dry-run/real writes through the user's own kubeconfig credentials. */
export class ActionCluster {
  readonly core: CoreV1Api;
  readonly apps: AppsV1Api;
  readonly autoscaling: AutoscalingV2Api;
  readonly policy: PolicyV1Api;
  /** The kubeconfig context used, shown to the user before approval. */
  readonly contextName: string;
  /** The kubeconfig user of that context, recorded in the audit log. */
  readonly kubeUser: string;
  readonly server: string;

  constructor(readonly config: KubeConfig) {
    this.core = config.makeApiClient(CoreV1Api);
    this.apps = config.makeApiClient(AppsV1Api);
    this.autoscaling = config.makeApiClient(AutoscalingV2Api);
    this.policy = config.makeApiClient(PolicyV1Api);
    this.contextName = config.getCurrentContext();
    this.kubeUser = config.getCurrentUser()?.name ?? 'unknown';
    this.server = config.getCurrentCluster()?.server ?? 'unknown';
  }

  static connect(options: ConnectOptions = {}): ActionCluster {
    const config = new KubeConfig();
    if (options.kubeconfigPath) config.loadFromFile(options.kubeconfigPath);
    else config.loadFromDefault();
    if (options.context) {
      if (!config.getContextObject(options.context)) {
        throw new KubeFailure(0, 'NoContext', `kubeconfig has no context named "${options.context}"`);
      }
      config.setCurrentContext(options.context);
    }
    return new ActionCluster(config);
  }

  async read(ref: ObjectRef): Promise<KubeObject> {
    const { name } = ref;
    const namespace = ref.namespace ?? '';
    try {
      switch (ref.kind) {
        case 'Deployment':
          return plain(await this.apps.readNamespacedDeployment({ name, namespace }));
        case 'StatefulSet':
          return plain(await this.apps.readNamespacedStatefulSet({ name, namespace }));
        case 'DaemonSet':
          return plain(await this.apps.readNamespacedDaemonSet({ name, namespace }));
        case 'ReplicaSet':
          return plain(await this.apps.readNamespacedReplicaSet({ name, namespace }));
        case 'Pod':
          return plain(await this.core.readNamespacedPod({ name, namespace }));
        case 'Node':
          return plain(await this.core.readNode({ name }));
        case 'HorizontalPodAutoscaler':
          return plain(await this.autoscaling.readNamespacedHorizontalPodAutoscaler({ name, namespace }));
        case 'PersistentVolumeClaim':
          return plain(await this.core.readNamespacedPersistentVolumeClaim({ name, namespace }));
        case 'PodDisruptionBudget':
          return plain(await this.policy.readNamespacedPodDisruptionBudget({ name, namespace }));
      }
    } catch (error) {
      const failure = toKubeFailure(error);
      if (failure.status === 404) throw new KubeFailure(404, 'NotFound', `${refText(ref)} not found`);
      throw failure;
    }
  }

  /** A JSON Patch; `dryRun` asks the server to run admission, quota and validation without persisting. */
  async patch(ref: ObjectRef, ops: JsonPatchOp[], dryRun: boolean): Promise<KubeObject> {
    const { name } = ref;
    const namespace = ref.namespace ?? '';
    const common = { name, body: ops, dryRun: dryRun ? 'All' : undefined, fieldManager: 'kopilot' };
    try {
      switch (ref.kind) {
        case 'Deployment':
          return plain(await this.apps.patchNamespacedDeployment({ ...common, namespace }));
        case 'StatefulSet':
          return plain(await this.apps.patchNamespacedStatefulSet({ ...common, namespace }));
        case 'DaemonSet':
          return plain(await this.apps.patchNamespacedDaemonSet({ ...common, namespace }));
        case 'ReplicaSet':
          return plain(await this.apps.patchNamespacedReplicaSet({ ...common, namespace }));
        case 'Pod':
          return plain(await this.core.patchNamespacedPod({ ...common, namespace }));
        case 'Node':
          return plain(await this.core.patchNode(common));
        case 'HorizontalPodAutoscaler':
          return plain(
            await this.autoscaling.patchNamespacedHorizontalPodAutoscaler({ ...common, namespace }),
          );
        case 'PersistentVolumeClaim':
          return plain(await this.core.patchNamespacedPersistentVolumeClaim({ ...common, namespace }));
        case 'PodDisruptionBudget':
          return plain(await this.policy.patchNamespacedPodDisruptionBudget({ ...common, namespace }));
      }
    } catch (error) {
      throw toKubeFailure(error);
    }
  }

  /** Deletes one pod, only if it is still the same pod (uid precondition). */
  async deletePod(namespace: string, name: string, uid: string | undefined, dryRun: boolean): Promise<void> {
    try {
      await this.core.deleteNamespacedPod({
        name,
        namespace,
        dryRun: dryRun ? 'All' : undefined,
        body: { preconditions: uid ? { uid } : undefined, dryRun: dryRun ? ['All'] : undefined },
      });
    } catch (error) {
      throw toKubeFailure(error);
    }
  }

  /** An Eviction: the API server refuses it with 429 when a PodDisruptionBudget would be violated. */
  async evictPod(namespace: string, name: string, gracePeriodSeconds: number | undefined, dryRun: boolean) {
    try {
      await this.core.createNamespacedPodEviction({
        name,
        namespace,
        dryRun: dryRun ? 'All' : undefined,
        body: {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name, namespace },
          deleteOptions: {
            gracePeriodSeconds,
            dryRun: dryRun ? ['All'] : undefined,
          },
        },
      });
    } catch (error) {
      throw toKubeFailure(error);
    }
  }

  async podsOnNode(node: string): Promise<KubeObject[]> {
    try {
      const list = await this.core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node}` });
      // A server that ignores the field selector still gets the right answer.
      return list.items.filter((p: V1Pod) => p.spec?.nodeName === node).map(plain);
    } catch (error) {
      throw toKubeFailure(error);
    }
  }

  async pods(namespace: string, labelSelector?: string): Promise<KubeObject[]> {
    try {
      return (await this.core.listNamespacedPod({ namespace, labelSelector })).items.map(plain);
    } catch (error) {
      throw toKubeFailure(error);
    }
  }

  async replicaSets(namespace: string, labelSelector?: string): Promise<KubeObject[]> {
    try {
      return (await this.apps.listNamespacedReplicaSet({ namespace, labelSelector })).items.map(plain);
    } catch (error) {
      throw toKubeFailure(error);
    }
  }

  /** A Service, or undefined when there is none by that name. */
  async service(namespace: string, name: string): Promise<KubeObject | undefined> {
    try {
      return plain(await this.core.readNamespacedService({ namespace, name }));
    } catch (error) {
      const failure = toKubeFailure(error);
      if (failure.status === 404) return undefined;
      throw failure;
    }
  }

  /** The namespace's Deployments, StatefulSets and DaemonSets. */
  async workloads(namespace: string): Promise<KubeObject[]> {
    try {
      const [deployments, statefulSets, daemonSets] = await Promise.all([
        this.apps.listNamespacedDeployment({ namespace }),
        this.apps.listNamespacedStatefulSet({ namespace }),
        this.apps.listNamespacedDaemonSet({ namespace }),
      ]);
      const kinds = [
        ['Deployment', deployments.items],
        ['StatefulSet', statefulSets.items],
        ['DaemonSet', daemonSets.items],
      ] as const;
      return kinds.flatMap(([kind, items]) => items.map((item) => ({ ...plain(item), kind })));
    } catch (error) {
      throw toKubeFailure(error);
    }
  }

  async podDisruptionBudgets(namespace: string): Promise<KubeObject[]> {
    try {
      return (await this.policy.listNamespacedPodDisruptionBudget({ namespace })).items.map(plain);
    } catch (error) {
      throw toKubeFailure(error);
    }
  }

  async autoscalers(namespace: string): Promise<KubeObject[]> {
    try {
      return (await this.autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace })).items.map(plain);
    } catch (error) {
      throw toKubeFailure(error);
    }
  }

  async events(namespace: string | undefined, objectName: string): Promise<KubeObject[]> {
    try {
      const fieldSelector = `involvedObject.name=${objectName}`;
      const list = namespace
        ? await this.core.listNamespacedEvent({ namespace, fieldSelector })
        : await this.core.listEventForAllNamespaces({ fieldSelector });
      return list.items
        .map(plain)
        .filter((e) => (e.involvedObject as { name?: string } | undefined)?.name === objectName);
    } catch (error) {
      throw toKubeFailure(error);
    }
  }

  async podLog(
    namespace: string,
    name: string,
    container: string | undefined,
    tailLines: number,
  ): Promise<string> {
    try {
      return await this.core.readNamespacedPodLog({ name, namespace, container, tailLines });
    } catch (error) {
      throw toKubeFailure(error);
    }
  }
}

/** Typed client models → plain data (dates become ISO text), so plans are serialisable and comparable. */
export function plain(value: unknown): KubeObject {
  return JSON.parse(JSON.stringify(value)) as KubeObject;
}

/** Reads a nested field by path segments, e.g. ['spec', 'template', 'spec', 'containers', 0]. */
export function fieldAt(object: unknown, path: Array<string | number>): unknown {
  let current: unknown = object;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** JSON Pointer (RFC 6901) for a path. */
export function pointer(path: Array<string | number>): string {
  return `/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}
