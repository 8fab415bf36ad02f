// Pod objects as the API server returns them: admitted spec, status, conditions and container states.
import type { KubeObject } from '../../store.js';
import { digest } from './ids.js';
import { rfc3339 } from './time.js';

/** What a container is doing at snapshot time. */
export type PodState =
  | {
      phase: 'running';
      restarts?: number;
      lastTermination?: { reason: string; exitCode: number; ago: number };
    }
  /** Restarting over and over: waiting in CrashLoopBackOff after the last exit. */
  | { phase: 'crashloop'; restarts: number; reason: string; exitCode: number; lastExitAgo: number }
  /** The image cannot be pulled (bad tag, missing registry credentials). */
  | { phase: 'imagepull'; message?: string }
  /** A referenced Secret or ConfigMap key is missing. */
  | { phase: 'configerror'; message: string }
  /** The scheduler cannot place it. */
  | { phase: 'pending'; message: string }
  /** Its node stopped reporting: the pod still says Running but is no longer Ready. */
  | { phase: 'node-lost'; since: number }
  /** Running but failing its readiness probe. */
  | { phase: 'unready'; restarts?: number };

export interface PodInput {
  namespace: string;
  name: string;
  uid: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: KubeObject['metadata']['ownerReferences'];
  generateName?: string;
  /** Pod template spec (containers, volumes, …) as in the owning workload. */
  template: Record<string, unknown>;
  node?: { name: string; ip: string };
  podIP?: string;
  createdMs: number;
  nowMs: number;
  state: PodState;
  serviceAccount?: string;
}

interface ContainerLike {
  name: string;
  image: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: unknown[];
}

/** The service-account token volume admission adds to every pod (shared: objects are never mutated). */
const API_ACCESS_PROJECTION = {
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
    {
      downwardAPI: {
        items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }],
      },
    },
  ],
};

const DEFAULT_TOLERATIONS = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
];

/** The QoS class the kubelet assigns from requests and limits. */
export function qosClass(containers: ContainerLike[]): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const resource of ['cpu', 'memory']) {
      const limit = lim[resource];
      const request = req[resource] ?? limit;
      if (limit === undefined || request !== limit) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function buildPod(input: PodInput): KubeObject {
  const { createdMs } = input;
  const apiVolume = `kube-api-access-${input.uid.slice(0, 5).replace(/[^a-z0-9]/g, 'x')}`;
  const templateContainers = (input.template.containers ?? []) as ContainerLike[];
  const containers = templateContainers.map((c) => ({
    ...c,
    volumeMounts: [
      ...(c.volumeMounts ?? []),
      { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: apiVolume, readOnly: true },
    ],
  }));
  const serviceAccount = input.serviceAccount ?? 'default';
  const spec: Record<string, unknown> = {
    ...input.template,
    containers,
    enableServiceLinks: true,
    preemptionPolicy: 'PreemptLowerPriority',
    priority: 0,
    serviceAccount,
    serviceAccountName: serviceAccount,
    tolerations: input.template.tolerations
      ? [...(input.template.tolerations as unknown[]), ...DEFAULT_TOLERATIONS]
      : DEFAULT_TOLERATIONS,
    volumes: [
      ...((input.template.volumes as unknown[]) ?? []),
      {
        name: apiVolume,
        projected: API_ACCESS_PROJECTION,
      },
    ],
  };
  if (input.node) spec.nodeName = input.node.name;

  const metadata: KubeObject['metadata'] = {
    name: input.name,
    namespace: input.namespace,
    uid: input.uid,
    creationTimestamp: rfc3339(createdMs),
    labels: input.labels,
    ...(input.generateName ? { generateName: input.generateName } : {}),
    ...(input.annotations ? { annotations: input.annotations } : {}),
    ...(input.ownerReferences ? { ownerReferences: input.ownerReferences } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec,
    status: podStatus(input, templateContainers),
  };
}

function podStatus(input: PodInput, containers: ContainerLike[]): Record<string, unknown> {
  const { nowMs, createdMs, state } = input;
  const created = rfc3339(createdMs);
  const started = rfc3339(createdMs + 2_000);
  const qos = qosClass(containers);
  if (state.phase === 'pending' || !input.node) {
    return {
      phase: 'Pending',
      qosClass: qos,
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: created,
          reason: 'Unschedulable',
          message: state.phase === 'pending' ? state.message : '0/0 nodes are available.',
        },
      ],
    };
  }
  const ready = state.phase === 'running';
  const readyTime = rfc3339(
    state.phase === 'running' && state.lastTermination
      ? nowMs - state.lastTermination.ago + 5_000
      : createdMs + 12_000,
  );
  const notReadyTime =
    state.phase === 'node-lost'
      ? rfc3339(nowMs - state.since)
      : state.phase === 'crashloop'
        ? rfc3339(nowMs - state.lastExitAgo)
        : created;
  const unreadyReason = state.phase === 'node-lost' ? undefined : 'ContainersNotReady';
  const notReadyNames = containers[0] ? `[${containers[0].name}]` : '[]';
  const readyCondition = (type: string) =>
    ready
      ? { type, status: 'True', lastProbeTime: null, lastTransitionTime: readyTime }
      : state.phase === 'node-lost'
        ? { type, status: 'False', lastProbeTime: null, lastTransitionTime: notReadyTime }
        : {
            type,
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime: notReadyTime,
            reason: unreadyReason,
            message: `containers with unready status: ${notReadyNames}`,
          };
  const conditions = [
    {
      type: 'PodReadyToStartContainers',
      status: state.phase === 'node-lost' ? 'False' : 'True',
      lastProbeTime: null,
      lastTransitionTime: state.phase === 'node-lost' ? notReadyTime : rfc3339(createdMs + 3_000),
    },
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: created },
    readyCondition('Ready'),
    readyCondition('ContainersReady'),
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: created },
  ];
  if (state.phase === 'node-lost') {
    (conditions[2] as Record<string, unknown>).reason = 'NodeNotReady';
    (conditions[2] as Record<string, unknown>).message = undefined;
    delete (conditions[2] as Record<string, unknown>).message;
  }
  return {
    phase: 'Running',
    hostIP: input.node.ip,
    hostIPs: [{ ip: input.node.ip }],
    podIP: input.podIP,
    podIPs: input.podIP ? [{ ip: input.podIP }] : [],
    startTime: created,
    qosClass: qos,
    conditions,
    containerStatuses: containers.map((c, i) =>
      containerStatus(c, i === 0 ? state : { phase: 'running' }, input, started),
    ),
  };
}

const imageIds = new Map<string, string>();

function imageId(image: string): string {
  let id = imageIds.get(image);
  if (id === undefined) {
    const repo = image.replace(/:[^/:]+$/, '');
    id = `${repo.includes('/') ? repo : `docker.io/library/${repo}`}@sha256:${digest(`image ${image}`)}`;
    imageIds.set(image, id);
  }
  return id;
}

function containerStatus(
  c: ContainerLike,
  state: PodState,
  input: PodInput,
  started: string,
): Record<string, unknown> {
  const containerId = `containerd://${digest(`${input.uid}/${c.name}/${'restarts' in state ? state.restarts : 0}`)}`;
  const base = { name: c.name, image: c.image, imageID: imageId(c.image) };
  const { nowMs } = input;
  switch (state.phase) {
    case 'running':
    case 'unready': {
      const restarts = state.restarts ?? 0;
      const last = state.phase === 'running' ? state.lastTermination : undefined;
      return {
        ...base,
        containerID: containerId,
        ready: state.phase === 'running',
        started: true,
        restartCount: restarts,
        state: { running: { startedAt: last ? rfc3339(nowMs - last.ago + 1_000) : started } },
        lastState: last
          ? {
              terminated: {
                containerID: `containerd://${digest(`${input.uid}/${c.name}/previous`)}`,
                exitCode: last.exitCode,
                reason: last.reason,
                startedAt: rfc3339(Math.max(input.createdMs, nowMs - last.ago - 3_600_000)),
                finishedAt: rfc3339(nowMs - last.ago),
              },
            }
          : {},
      };
    }
    case 'crashloop':
      return {
        ...base,
        containerID: containerId,
        ready: false,
        started: false,
        restartCount: state.restarts,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off 5m0s restarting failed container=${c.name} pod=${input.name}_${input.namespace}(${input.uid})`,
          },
        },
        lastState: {
          terminated: {
            containerID: containerId,
            exitCode: state.exitCode,
            reason: state.reason,
            startedAt: rfc3339(nowMs - state.lastExitAgo - 4_000),
            finishedAt: rfc3339(nowMs - state.lastExitAgo),
          },
        },
      };
    case 'imagepull':
      return {
        name: c.name,
        image: c.image,
        imageID: '',
        ready: false,
        started: false,
        restartCount: 0,
        state: {
          waiting: {
            reason: 'ImagePullBackOff',
            message: state.message ?? `Back-off pulling image "${c.image}"`,
          },
        },
        lastState: {},
      };
    case 'configerror':
      return {
        name: c.name,
        image: c.image,
        imageID: '',
        ready: false,
        started: false,
        restartCount: 0,
        state: { waiting: { reason: 'CreateContainerConfigError', message: state.message } },
        lastState: {},
      };
    case 'node-lost':
      return {
        ...base,
        containerID: containerId,
        ready: false,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: started } },
        lastState: {},
      };
    case 'pending':
      return {
        name: c.name,
        image: c.image,
        imageID: '',
        ready: false,
        started: false,
        restartCount: 0,
        state: {},
        lastState: {},
      };
  }
}
