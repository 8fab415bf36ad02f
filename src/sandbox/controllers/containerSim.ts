// A simulated container as the kubelet runs it (its fate, stage and back-off) and how containerStatuses report it.
import { createHash } from 'node:crypto';
import type { CrashRule } from './simulation.js';

export type Fate =
  { kind: 'healthy' } | { kind: 'unavailable' } | { kind: 'crash'; rule: CrashRule } | { kind: 'oom' };

export type Stage =
  'creating' | 'errImagePull' | 'imagePullBackOff' | 'configError' | 'running' | 'crashLoopBackOff';

export interface ContainerSim {
  name: string;
  image: string;
  fate: Fate;
  stage: Stage;
  nextMs?: number;
  restartCount: number;
  backoffSeconds: number;
  /** Retry delay while the container's environment cannot be built (CreateContainerConfigError). */
  configBackoffSeconds: number;
  /** The kubelet's words for why, while stage is configError. */
  configError?: string;
  containerID?: string;
  startedAt?: string;
  lastTerminated?: Record<string, unknown>;
}

export const MAX_BACKOFF_SECONDS = 300;

export function containerStatus(
  c: ContainerSim,
  podName: string,
  namespace: string,
  uid: string,
): Record<string, unknown> & { name: string; ready: boolean } {
  const ready = c.stage === 'running' && c.fate.kind === 'healthy';
  let state: Record<string, unknown>;
  switch (c.stage) {
    case 'creating':
      state = { waiting: { reason: 'ContainerCreating' } };
      break;
    case 'errImagePull':
      state = { waiting: { reason: 'ErrImagePull', message: pullError(c.image) } };
      break;
    case 'imagePullBackOff':
      state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } };
      break;
    case 'configError':
      state = { waiting: { reason: 'CreateContainerConfigError', message: c.configError } };
      break;
    case 'running':
      state = { running: { startedAt: c.startedAt } };
      break;
    case 'crashLoopBackOff':
      state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${Math.min(MAX_BACKOFF_SECONDS, c.backoffSeconds)}s restarting failed container=${c.name} pod=${podName}_${namespace}(${uid})`,
        },
      };
      break;
  }
  const pulled = c.stage === 'running' || c.stage === 'crashLoopBackOff';
  return {
    name: c.name,
    state,
    lastState: c.lastTerminated ?? {},
    ready,
    restartCount: c.restartCount,
    image: c.image,
    imageID: pulled ? imageID(c.image) : '',
    ...(c.containerID ? { containerID: c.containerID } : {}),
    started: c.stage === 'running',
  };
}

function fullImage(image: string): string {
  const first = image.split('/')[0] ?? '';
  const hasRegistry =
    image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return image;
  return `docker.io/${image.includes('/') ? image : `library/${image}`}`;
}

function imageID(image: string): string {
  const digest = createHash('sha256').update(image).digest('hex');
  return `${fullImage(image).replace(/:[^:/]+$/, '')}@sha256:${digest}`;
}

export function pullError(image: string): string {
  const ref = fullImage(image.includes(':') || image.includes('@') ? image : `${image}:latest`);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
}
