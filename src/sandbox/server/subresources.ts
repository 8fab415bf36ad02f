// Subresources: scale (autoscaling/v1 Scale), pods/log (plain text) and pods/eviction (PDB-checked).
import type { KubeObject } from '../store.js';
import type { ApiContext } from './context.js';
import { applyPatch, patchTypeOf } from './patch.js';
import { jsonReply, type Reply } from './reads.js';
import type { ResourceRequest } from './requestInfo.js';
import { formatLabelSelectorSpec } from './selectors.js';
import { ApiError, badRequest, conflict, fromStoreError, invalid, notFound } from './status.js';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});

function target(ctx: ApiContext, req: ResourceRequest): KubeObject {
  const stored = ctx.store.get(req.type.storeKey, req.namespace, req.name ?? '');
  if (!stored) throw notFound(req.type.group, req.type.plural, req.name ?? '');
  return stored;
}

/** The autoscaling/v1 Scale a workload shows through its `scale` subresource. */
export function scaleOf(workload: KubeObject): Rec {
  const spec = rec(workload.spec);
  const status = rec(workload.status);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: workload.metadata.name,
      namespace: workload.metadata.namespace,
      uid: workload.metadata.uid,
      resourceVersion: workload.metadata.resourceVersion,
      creationTimestamp: workload.metadata.creationTimestamp,
    },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: {
      replicas: typeof status.replicas === 'number' ? status.replicas : 0,
      selector: formatLabelSelectorSpec(spec.selector as never).replace(/^<none>$/, ''),
    },
  };
}

export function handleScale(
  ctx: ApiContext,
  req: ResourceRequest,
  body: unknown,
  contentType: string | undefined,
  dryRun: boolean,
): Reply {
  const workload = target(ctx, req);
  const scale = scaleOf(workload);
  if (req.verb === 'get') return jsonReply(200, scale);
  let next: Rec;
  if (req.verb === 'update') {
    next = rec(body);
    if (next.kind !== undefined && next.kind !== 'Scale')
      throw badRequest(
        `the kind of the object (${String(next.kind)}) does not match the kind of the resource (Scale)`,
      );
  } else if (req.verb === 'patch') {
    next = applyPatch(patchTypeOf(contentType), scale, body);
  } else {
    throw new ApiError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  }
  const rv = rec(next.metadata).resourceVersion;
  if (typeof rv === 'string' && rv !== '' && rv !== workload.metadata.resourceVersion)
    throw conflict(req.type.group, req.type.plural, workload.metadata.name);
  const replicas = rec(next.spec).replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid('autoscaling', 'Scale', workload.metadata.name, [
      {
        field: 'spec.replicas',
        message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0`,
      },
    ]);
  }
  const updated: KubeObject = { ...workload, spec: { ...rec(workload.spec), replicas } };
  if (dryRun) return jsonReply(200, { ...scaleOf(updated), status: scale.status });
  try {
    const stored = ctx.store.update(req.type.storeKey, updated);
    return jsonReply(200, scaleOf(stored));
  } catch (error) {
    throw fromStoreError(error, req.type.group, req.type.plural, workload.metadata.name);
  }
}

const WAITING_MESSAGES: Record<string, string> = {
  ContainerCreating: 'ContainerCreating',
  PodInitializing: 'PodInitializing',
  ErrImagePull: 'trying and failing to pull image',
  ImagePullBackOff: 'trying and failing to pull image',
  InvalidImageName: 'InvalidImageName',
};

export function handleLog(ctx: ApiContext, req: ResourceRequest): Reply {
  const pod = target(ctx, req);
  const spec = rec(pod.spec);
  const containers = [
    ...(Array.isArray(spec.containers) ? spec.containers : []),
    ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
  ].map((c) => String(rec(c).name));
  const mainContainers = (Array.isArray(spec.containers) ? spec.containers : []).map((c) =>
    String(rec(c).name),
  );
  let container = req.query.get('container') ?? '';
  const podName = pod.metadata.name;
  if (container === '') {
    if (mainContainers.length !== 1) {
      throw badRequest(
        `a container name must be specified for pod ${podName}, choose one of: [${mainContainers.join(' ')}]`,
      );
    }
    container = mainContainers[0] ?? '';
  }
  if (!containers.includes(container))
    throw badRequest(`container ${container} is not valid for pod ${podName}`);
  const previous = req.query.get('previous') === 'true' || req.query.get('previous') === '1';
  const namespace = pod.metadata.namespace ?? '';
  const text = ctx.hooks.podLogs?.(namespace, podName, container, previous);
  if (previous && text === undefined) {
    throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
  }
  const statuses = [
    ...asArray(rec(pod.status).containerStatuses),
    ...asArray(rec(pod.status).initContainerStatuses),
  ];
  const waiting = rec(rec(rec(statuses.find((s) => rec(s).name === container)).state).waiting);
  const waitingReason = typeof waiting.reason === 'string' ? waiting.reason : undefined;
  if (!previous && text === undefined && waitingReason && WAITING_MESSAGES[waitingReason]) {
    throw badRequest(
      `container "${container}" in pod "${podName}" is waiting to start: ${WAITING_MESSAGES[waitingReason]}`,
    );
  }
  let lines = (text ?? '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const tail = req.query.get('tailLines');
  if (tail !== null) {
    const n = Number(tail);
    if (!Number.isInteger(n)) throw badRequest(`invalid tailLines: "${tail}"`);
    if (n >= 0) lines = n === 0 ? [] : lines.slice(-n);
  }
  let body = lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  const limitBytes = req.query.get('limitBytes');
  if (limitBytes !== null) {
    const n = Number(limitBytes);
    if (!Number.isInteger(n) || n < 1) throw badRequest(`invalid limitBytes: "${limitBytes}"`);
    body = Buffer.from(body).subarray(0, n).toString('utf8');
  }
  return { status: 200, text: body };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function handleEviction(ctx: ApiContext, req: ResourceRequest, body: unknown, dryRun: boolean): Reply {
  const eviction = rec(body);
  if (eviction.kind !== undefined && eviction.kind !== 'Eviction') {
    throw badRequest(
      `the kind of the object (${String(eviction.kind)}) does not match the kind of the resource (Eviction)`,
    );
  }
  const bodyName = rec(eviction.metadata).name;
  if (bodyName !== undefined && bodyName !== req.name)
    throw badRequest(`name in URL does not match name in Eviction object`);
  const pod = target(ctx, req);
  const evict = ctx.hooks.evictPod;
  if (!evict) throw new ApiError(503, 'ServiceUnavailable', 'evictions are not available in this sandbox');
  const deleteOptions = rec(eviction.deleteOptions);
  const dry = dryRun || (Array.isArray(deleteOptions.dryRun) && deleteOptions.dryRun.includes('All'));
  const outcome = evict({ namespace: pod.metadata.namespace ?? '', name: pod.metadata.name, dryRun: dry });
  if (!outcome.ok) {
    throw new ApiError(outcome.status, outcome.reason, outcome.message, {
      name: pod.metadata.name,
      kind: 'pods',
      ...(outcome.causes ? { causes: outcome.causes } : {}),
    });
  }
  return jsonReply(201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}
