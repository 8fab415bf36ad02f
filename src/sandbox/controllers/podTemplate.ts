// Pods made from a workload's pod template: names, pod-template-hash, API-server defaults, QoS class.
import { randomInt } from 'node:crypto';
import { tryParseQuantity } from '../../cluster/quantity.js';
import type { KubeObject, ObjectMeta } from '../store.js';
import { stableJson, type Container, type PodSpec } from './podState.js';

export { stableJson };

export interface PodTemplate {
  metadata?: Partial<ObjectMeta>;
  spec?: PodSpec;
}

/** The alphabet Kubernetes uses for generated names and hashes (no vowels, no look-alikes). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Five random characters, as the API server appends to a generateName. */
export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMS[randomInt(ALPHANUMS.length)];
  return out;
}

/** A template without its pod-template-hash label, for comparing a Deployment with its ReplicaSets. */
export function templateWithoutHash(template: PodTemplate | undefined): PodTemplate {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) {
    delete copy.metadata.labels['pod-template-hash'];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  if (copy.metadata && Object.keys(copy.metadata).length === 0) delete copy.metadata;
  return copy;
}

/**
 * A template as the API server would compare it: no pod-template-hash, and null, empty objects and empty
 * lists dropped (`creationTimestamp: null`, `resources: {}` mean the same as leaving them out).
 */
export function templateKey(template: PodTemplate | undefined): string {
  if (!template) return '{}';
  // Stored objects are never mutated, so a template's key can be remembered by identity.
  let key = templateKeys.get(template);
  if (key === undefined) {
    key = stableJson(withoutEmpty(templateWithoutHash(template)) ?? {});
    templateKeys.set(template, key);
  }
  return key;
}

const templateKeys = new WeakMap<PodTemplate, string>();

function withoutEmpty(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(withoutEmpty).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const cleaned = withoutEmpty(v);
      if (cleaned !== undefined) out[k] = cleaned;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value;
}

export function sameTemplate(a: PodTemplate | undefined, b: PodTemplate | undefined): boolean {
  return templateKey(a) === templateKey(b);
}

/**
 * The pod-template-hash the deployment controller computes: FNV-32a over the template (plus the
 * collision count), its decimal digits mapped onto the safe alphabet, e.g. "5d4f8b9c7".
 */
export function podTemplateHash(template: PodTemplate | undefined, collisionCount = 0): string {
  const text = templateKey(template) + (collisionCount ? String(collisionCount) : '');
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return [...String(hash)].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
}

/** The defaults the API server fills into a pod spec on create. */
export function withPodDefaults(spec: PodSpec | undefined): PodSpec {
  const s = structuredClone(spec ?? {});
  const containers = (s.containers ?? []).map(withContainerDefaults);
  const tolerations = [...(s.tolerations ?? [])];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => t.key === key && t.effect === 'NoExecute')) {
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
  }
  return {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    serviceAccountName: 'default',
    serviceAccount: 'default',
    securityContext: {},
    schedulerName: 'default-scheduler',
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    ...s,
    containers,
    ...(s.initContainers ? { initContainers: s.initContainers.map(withContainerDefaults) } : {}),
    tolerations,
  };
}

function withContainerDefaults(container: Container): Container {
  const image = container.image ?? '';
  const tag = image.includes('@') ? 'digest' : (image.split('/').pop()?.split(':')[1] ?? 'latest');
  return {
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: tag === 'latest' ? 'Always' : 'IfNotPresent',
    resources: {},
    ...container,
  };
}

/** A new pod for a controller, named `<base>-<suffix>` (or exactly `name` for StatefulSets). */
export function podFromTemplate(options: {
  template: PodTemplate | undefined;
  namespace: string;
  name: string;
  generateName?: string;
  owner: NonNullable<ObjectMeta['ownerReferences']>[number];
  extraLabels?: Record<string, string>;
  nodeName?: string;
}): KubeObject {
  const { template } = options;
  const spec = withPodDefaults(template?.spec);
  if (options.nodeName) spec.nodeName = options.nodeName;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      ...(options.generateName ? { generateName: options.generateName } : {}),
      labels: { ...(template?.metadata?.labels ?? {}), ...(options.extraLabels ?? {}) },
      ...(template?.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [options.owner],
    },
    spec,
    status: { phase: 'Pending', qosClass: qosClassOf(spec) },
  };
}

/** Guaranteed, Burstable or BestEffort, from the containers' requests and limits. */
export function qosClassOf(spec: PodSpec): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const limits = c.resources?.limits ?? {};
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    for (const resource of ['cpu', 'memory']) {
      const request = tryParseQuantity(requests[resource]);
      const limit = tryParseQuantity(limits[resource]);
      if (request !== undefined || limit !== undefined) any = true;
      if (limit === undefined || request !== limit) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Summed requests of a pod (limits stand in for missing requests, as the API server defaults them). */
export function podRequests(spec: PodSpec): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of spec.containers ?? []) {
    const limits = c.resources?.limits ?? {};
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    cpu += tryParseQuantity(requests.cpu) ?? 0;
    memory += tryParseQuantity(requests.memory) ?? 0;
  }
  let initCpu = 0;
  let initMemory = 0;
  for (const c of spec.initContainers ?? []) {
    const limits = c.resources?.limits ?? {};
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    initCpu = Math.max(initCpu, tryParseQuantity(requests.cpu) ?? 0);
    initMemory = Math.max(initMemory, tryParseQuantity(requests.memory) ?? 0);
  }
  return { cpu: Math.max(cpu, initCpu), memory: Math.max(memory, initMemory) };
}
