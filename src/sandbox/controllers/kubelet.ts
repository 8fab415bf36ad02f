// The simulated kubelet: takes bound pods through ContainerCreating to Running/Ready, or into
// ErrImagePull/ImagePullBackOff, CrashLoopBackOff and OOMKilled as the scenario's rules say; publishes PodMetrics.
import { createHash, randomBytes } from 'node:crypto';
import { tryParseQuantity } from '../../cluster/quantity.js';
import { isoSeconds, type KubeObject } from '../store.js';
import { recordEvent } from './events.js';
import { isActive, podSpec, sameJson, setCondition, type Condition, type Container } from './podState.js';
import { qosClassOf } from './podTemplate.js';
import { imageMatches } from './simulation.js';
import { NODES, POD_METRICS, PODS, splitKey, type ControllerContext } from './runtime.js';
import { containerUsage } from './workloadUsage.js';
import { moveNodeUsage } from './nodeMetrics.js';
import { containerConfigError, missingPullSecrets, volumeMountError } from './containerConfig.js';
import {
  MAX_BACKOFF_SECONDS,
  containerStatus,
  pullError,
  type ContainerSim,
  type Fate,
  type Stage,
} from './containerSim.js';

interface PodSim {
  uid: string;
  containers: ContainerSim[];
  podIP?: string;
  hostIP?: string;
  startTime: string;
}

/** How long an OOM-bound container runs before the kernel kills it (simulated seconds). */
const OOM_AFTER_SECONDS = 2;
/** How often the kubelet retries mounting a volume whose Secret or ConfigMap is missing. */
const MOUNT_RETRY_SECONDS = 30;
/** How long a pull error shows ErrImagePull before the kubelet backs off. */
const PULL_ERROR_SECONDS = 5;

export class Kubelet {
  private readonly sims = new Map<string, PodSim>();
  private readonly nextHost = new Map<string, number>();

  constructor(private readonly ctx: ControllerContext) {}

  /** Forgets a deleted pod. */
  forget(key: string): void {
    this.sims.delete(key);
  }

  /** Whether the kubelet should take over a pod it has not seen: bound and never started. */
  static wantsPod(pod: KubeObject): boolean {
    if (!podSpec(pod).nodeName || !isActive(pod)) return false;
    const status = (pod.status ?? {}) as { containerStatuses?: unknown[]; phase?: string };
    return (status.containerStatuses?.length ?? 0) === 0 && (status.phase ?? 'Pending') === 'Pending';
  }

  sync(key: string): void {
    const { namespace, name } = splitKey(key);
    const pod = this.ctx.store.get(PODS, namespace, name);
    if (!pod || !isActive(pod) || !podSpec(pod).nodeName) {
      this.sims.delete(key);
      return;
    }
    let sim = this.sims.get(key);
    if (sim && sim.uid !== pod.metadata.uid) sim = undefined;
    if (!sim) {
      if (!Kubelet.wantsPod(pod)) return;
      sim = this.admit(pod);
      this.sims.set(key, sim);
    }
    const now = this.ctx.clock.nowMs();
    this.mountVolumes(pod, sim, now);
    for (const c of sim.containers) {
      let guard = 0;
      while (c.nextMs !== undefined && c.nextMs <= now && guard++ < 100) this.step(pod, c, c.nextMs);
    }
    this.writeStatus(pod, sim);
    const next = Math.min(...sim.containers.map((c) => c.nextMs ?? Infinity));
    if (Number.isFinite(next)) this.ctx.wakeAt('kubelet', key, next);
  }

  private admit(pod: KubeObject): PodSim {
    const startMs = this.ctx.clock.nowMs() + this.ctx.simulation.podStartSeconds * 1000;
    const containers = (podSpec(pod).containers ?? []).map((c) => ({
      name: c.name,
      image: c.image ?? '',
      fate: this.fateOf(pod, c),
      stage: 'creating' as Stage,
      nextMs: startMs,
      restartCount: 0,
      backoffSeconds: 10,
      configBackoffSeconds: 10,
    }));
    const nodeName = podSpec(pod).nodeName as string;
    const node = this.ctx.store.get(NODES, undefined, nodeName);
    const hostNetwork = (pod.spec as { hostNetwork?: boolean }).hostNetwork === true;
    const hostIP = nodeAddress(node);
    return {
      uid: pod.metadata.uid ?? '',
      containers,
      hostIP,
      podIP: hostNetwork ? hostIP : this.allocateIP(node, nodeName),
      startTime: isoSeconds(this.ctx.clock.now()),
    };
  }

  private fateOf(pod: KubeObject, container: Container): Fate {
    const image = container.image ?? '';
    const sim = this.ctx.simulation;
    if (sim.unavailableImages.some((p) => imageMatches(p, image))) return { kind: 'unavailable' };
    const rule = sim.crashingImages.find(
      (r) => imageMatches(r.image, image) && (r.container === undefined || r.container === container.name),
    );
    if (rule) return { kind: 'crash', rule };
    const limit = tryParseQuantity(container.resources?.limits?.memory);
    const usage = containerUsage(this.ctx, pod, container.name).memory;
    if (limit !== undefined && usage !== undefined && usage >= limit) return { kind: 'oom' };
    return { kind: 'healthy' };
  }

  private allocateIP(node: KubeObject | undefined, nodeName: string): string {
    const cidr = (node?.spec as { podCIDR?: string } | undefined)?.podCIDR;
    const n = (this.nextHost.get(nodeName) ?? 10) + 1;
    this.nextHost.set(nodeName, n > 250 ? 11 : n);
    const base = cidr?.split('/')[0]?.split('.');
    if (base && base.length === 4) return `${base[0]}.${base[1]}.${base[2]}.${n}`;
    const index = createHash('sha1').update(nodeName).digest()[0] ?? 0;
    return `10.244.${index}.${n}`;
  }

  /**
   * Secret and ConfigMap volumes must exist before any container is created: until they do, the containers stay
   * ContainerCreating and FailedMount is reported at each retry.
   */
  private mountVolumes(pod: KubeObject, sim: PodSim, now: number): void {
    const due = sim.containers.filter(
      (c) => c.stage === 'creating' && c.nextMs !== undefined && c.nextMs <= now,
    );
    if (due.length === 0) return;
    const error = volumeMountError(this.ctx.store, pod.metadata.namespace ?? 'default', podSpec(pod));
    if (!error) return;
    this.podEvent(pod, 'FailedMount', error);
    for (const c of due) c.nextMs = now + MOUNT_RETRY_SECONDS * 1000;
  }

  private podEvent(pod: KubeObject, reason: string, message: string): void {
    recordEvent(this.ctx.store, this.ctx.clock, {
      about: pod,
      type: 'Warning',
      reason,
      message,
      component: 'kubelet',
      host: podSpec(pod).nodeName,
    });
  }

  /** One transition of a container's state machine, at clock time `atMs`. */
  private step(pod: KubeObject, c: ContainerSim, atMs: number): void {
    const at = isoSeconds(new Date(atMs));
    const event = (type: 'Normal' | 'Warning', reason: string, message: string) =>
      recordEvent(this.ctx.store, this.ctx.clock, {
        about: pod,
        fieldPath: `spec.containers{${c.name}}`,
        type,
        reason,
        message,
        component: 'kubelet',
        host: podSpec(pod).nodeName,
      });
    switch (c.stage) {
      case 'creating':
      case 'errImagePull':
      case 'imagePullBackOff':
        if (c.stage === 'creating' || c.stage === 'imagePullBackOff') {
          const missing = missingPullSecrets(
            this.ctx.store,
            pod.metadata.namespace ?? 'default',
            podSpec(pod),
          );
          if (missing.length > 0) {
            this.podEvent(
              pod,
              'FailedToRetrieveImagePullSecret',
              `Unable to retrieve some image pull secrets (${missing.join(', ')}); attempting to pull the image may not succeed.`,
            );
          }
          event('Normal', 'Pulling', `Pulling image "${c.image}"`);
        }
        if (c.fate.kind === 'unavailable') {
          if (c.stage === 'errImagePull') {
            c.stage = 'imagePullBackOff';
            event('Normal', 'BackOff', `Back-off pulling image "${c.image}"`);
            event('Warning', 'Failed', 'Error: ImagePullBackOff');
            c.nextMs = atMs + c.backoffSeconds * 1000;
            c.backoffSeconds = Math.min(MAX_BACKOFF_SECONDS, c.backoffSeconds * 2);
          } else {
            c.stage = 'errImagePull';
            event('Warning', 'Failed', `Failed to pull image "${c.image}": ${pullError(c.image)}`);
            event('Warning', 'Failed', 'Error: ErrImagePull');
            c.nextMs = atMs + PULL_ERROR_SECONDS * 1000;
          }
          return;
        }
        event(
          'Normal',
          'Pulled',
          `Successfully pulled image "${c.image}" in 812ms (812ms including waiting). Image size: 48213456 bytes.`,
        );
        this.start(pod, c, atMs, at, event);
        return;
      case 'running': {
        const fate = c.fate;
        const oom = fate.kind === 'oom';
        const exitCode = oom ? 137 : fate.kind === 'crash' ? fate.rule.exitCode : 0;
        c.lastTerminated = {
          terminated: {
            exitCode,
            reason: oom ? 'OOMKilled' : fate.kind === 'crash' ? fate.rule.reason : 'Completed',
            startedAt: c.startedAt,
            finishedAt: at,
            containerID: c.containerID,
          },
        };
        c.restartCount += 1;
        c.stage = 'crashLoopBackOff';
        c.nextMs = atMs + c.backoffSeconds * 1000;
        event(
          'Warning',
          'BackOff',
          `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace ?? 'default'}(${pod.metadata.uid ?? ''})`,
        );
        return;
      }
      case 'crashLoopBackOff':
        c.backoffSeconds = Math.min(MAX_BACKOFF_SECONDS, c.backoffSeconds * 2);
        event('Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
        this.start(pod, c, atMs, at, event);
        return;
      case 'configError':
        event('Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
        this.start(pod, c, atMs, at, event);
        return;
    }
  }

  /** Creates and starts the container, unless its environment names a Secret, ConfigMap or key that is absent. */
  private start(
    pod: KubeObject,
    c: ContainerSim,
    atMs: number,
    at: string,
    event: (type: 'Normal' | 'Warning', reason: string, message: string) => void,
  ): void {
    const spec = podSpec(pod).containers?.find((x) => x.name === c.name);
    const configError =
      spec && containerConfigError(this.ctx.store, pod.metadata.namespace ?? 'default', spec);
    if (configError) {
      c.stage = 'configError';
      c.configError = configError;
      event('Warning', 'Failed', `Error: ${configError}`);
      c.nextMs = atMs + c.configBackoffSeconds * 1000;
      c.configBackoffSeconds = Math.min(MAX_BACKOFF_SECONDS, c.configBackoffSeconds * 2);
      return;
    }
    delete c.configError;
    c.stage = 'running';
    c.containerID = `containerd://${randomBytes(32).toString('hex')}`;
    c.startedAt = at;
    event('Normal', 'Created', `Created container: ${c.name}`);
    event('Normal', 'Started', `Started container ${c.name}`);
    if (c.fate.kind === 'crash') c.nextMs = atMs + c.fate.rule.runSeconds * 1000;
    else if (c.fate.kind === 'oom') c.nextMs = atMs + OOM_AFTER_SECONDS * 1000;
    else c.nextMs = undefined;
  }

  private writeStatus(pod: KubeObject, sim: PodSim): void {
    const now = isoSeconds(this.ctx.clock.now());
    const namespace = pod.metadata.namespace ?? 'default';
    const containerStatuses = sim.containers.map((c) =>
      containerStatus(c, pod.metadata.name, namespace, sim.uid),
    );
    const allReady = containerStatuses.every((c) => c.ready);
    const started = sim.containers.every((c) => c.stage === 'running' || c.stage === 'crashLoopBackOff');
    const notReady = containerStatuses.filter((c) => !c.ready).map((c) => c.name);
    const previous = (pod.status ?? {}) as Record<string, unknown>;
    let conditions = (previous.conditions as Condition[] | undefined) ?? [];
    const sandboxReady = sim.containers.some((c) => c.stage !== 'creating') || started;
    conditions = setCondition(
      conditions,
      { type: 'PodReadyToStartContainers', status: sandboxReady ? 'True' : 'False', lastProbeTime: null },
      now,
    );
    conditions = setCondition(conditions, { type: 'Initialized', status: 'True', lastProbeTime: null }, now);
    const readiness: Condition = allReady
      ? { type: 'Ready', status: 'True', lastProbeTime: null }
      : {
          type: 'Ready',
          status: 'False',
          lastProbeTime: null,
          reason: 'ContainersNotReady',
          message: `containers with unready status: [${notReady.join(' ')}]`,
        };
    conditions = setCondition(conditions, readiness, now);
    conditions = setCondition(conditions, { ...readiness, type: 'ContainersReady' }, now);
    conditions = setCondition(conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null }, now);
    conditions = conditions.map(stripUndefined);
    const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
    conditions.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
    const status: Record<string, unknown> = {
      phase: started ? 'Running' : 'Pending',
      conditions,
      hostIP: sim.hostIP,
      hostIPs: sim.hostIP ? [{ ip: sim.hostIP }] : undefined,
      podIP: sim.podIP,
      podIPs: sim.podIP ? [{ ip: sim.podIP }] : undefined,
      startTime: sim.startTime,
      containerStatuses,
      qosClass: qosClassOf(podSpec(pod)),
    };
    for (const k of Object.keys(status)) if (status[k] === undefined) delete status[k];
    if (!sameJson(previous, status)) {
      this.ctx.store.mutate(PODS, pod.metadata.namespace, pod.metadata.name, (draft) => {
        draft.status = status;
      });
    }
    this.publishMetrics(pod, sim);
  }

  /** PodMetrics for pods whose containers all run; none while a container is crashing or waiting. */
  private publishMetrics(pod: KubeObject, sim: PodSim): void {
    const namespace = pod.metadata.namespace;
    const existing = this.ctx.store.get(POD_METRICS, namespace, pod.metadata.name);
    const running = sim.containers.every((c) => c.stage === 'running' && c.fate.kind === 'healthy');
    if (!running) return;
    if (existing) return;
    const containers = sim.containers.map((c) => {
      const usage = containerUsage(this.ctx, pod, c.name);
      const spec = podSpec(pod).containers?.find((x) => x.name === c.name);
      const requests = { ...(spec?.resources?.limits ?? {}), ...(spec?.resources?.requests ?? {}) };
      const cpu = usage.cpu ?? (tryParseQuantity(requests.cpu) ?? 0.01) * 0.1;
      const memory = usage.memory ?? (tryParseQuantity(requests.memory) ?? 64 * 2 ** 20) * 0.3;
      return {
        name: c.name,
        usage: {
          cpu: `${Math.max(1, Math.round(cpu * 1e9))}n`,
          memory: `${Math.max(1, Math.round(memory / 1024))}Ki`,
        },
      };
    });
    const metrics = this.ctx.store.create(POD_METRICS, {
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetrics',
      metadata: {
        name: pod.metadata.name,
        namespace,
        labels: { ...(pod.metadata.labels ?? {}) },
      },
      timestamp: isoSeconds(this.ctx.clock.now()),
      window: '30s',
      containers,
    });
    moveNodeUsage(this.ctx, podSpec(pod).nodeName, metrics, 1);
  }
}

function nodeAddress(node: KubeObject | undefined): string | undefined {
  const addresses =
    (node?.status as { addresses?: Array<{ type: string; address: string }> } | undefined)?.addresses ?? [];
  return addresses.find((a) => a.type === 'InternalIP')?.address;
}
function stripUndefined(c: Condition): Condition {
  const out: Condition = { type: c.type, status: c.status };
  for (const [k, v] of Object.entries(c)) if (v !== undefined) out[k] = v;
  return out;
}
