// Starts the sandbox's simulated controllers: they react to store changes, to the clock's advance() and to a
// real-time tick, so rollouts, scaling, scheduling, pod start-up and evictions show the effects real clusters do.
import type { SandboxClock } from '../clock.js';
import type { ObjectStore, StoreEvent } from '../store.js';
import { recordBaselines, syncDeployment, type DeploymentBaselines } from './deploymentController.js';
import { syncBudget } from './disruption.js';
import { Kubelet } from './kubelet.js';
import { LoadedStatus } from './loadedStatus.js';
import { controllerOf, findCondition, isActive, podSpec } from './podState.js';
import { chargeQuotas } from './quota.js';
import { moveNodeUsage } from './nodeMetrics.js';
import { retryRefusedCreations, syncReplicaSet } from './replicaSetController.js';
import {
  DAEMONSETS,
  DEPLOYMENTS,
  HPAS,
  NODES,
  PDBS,
  POD_METRICS,
  PODS,
  PVCS,
  PVS,
  QUOTAS,
  REPLICASETS,
  STATEFULSETS,
  STORAGECLASSES,
  OwnerIndex,
  keyOf,
  splitKey,
  type ControllerContext,
  type QueueName,
} from './runtime.js';
import { schedulePods } from './scheduler.js';
import { defaultSimulation, type Simulation } from './simulation.js';
import { learnFromSnapshot } from './snapshotFates.js';
import { syncStatefulSet } from './statefulSetController.js';
import { syncDaemonSet } from './daemonSetController.js';
import {
  syncAutoscaler,
  type AutoscalerBaselines,
  recordAutoscalerBaselines,
} from './autoscalerController.js';
import { holdPendingClaims, releaseHeldClaims, syncVolumeClaim } from './volumeClaimController.js';

export { evictPod, type EvictionResult } from './disruption.js';
export { simulationSchema, type Simulation, type SimulationInput } from './simulation.js';

export interface Controllers {
  /** Stops reacting; the store keeps its objects. */
  stop(): void;
  /** Resolves once every controller has caught up with the store and the clock; rejects if one failed meanwhile. */
  settle(): Promise<void>;
}

export interface ControllerOptions {
  store: ObjectStore;
  clock: SandboxClock;
  simulation?: Simulation;
  /** Real-time tick for clock-driven work (pod start-up, back-offs, deadlines); default 150 ms. */
  tickMs?: number;
}

/** Passes per run before the controllers yield, so a feedback loop cannot hang the server. */
const MAX_PASSES = 50;

const ORDER: QueueName[] = [
  'deployment',
  'replicaset',
  'statefulset',
  'daemonset',
  'schedule',
  'kubelet',
  'pdb',
  'hpa',
  'pvc',
];

export function startControllers(options: ControllerOptions): Controllers {
  const { store, clock } = options;
  const queues = new Map<QueueName, Set<string>>(ORDER.map((q) => [q, new Set<string>()]));
  const timers = new Map<string, number>();
  let scheduled = false;
  let running = false;
  let stopped = false;
  const failures: unknown[] = [];

  /** A controller bug must not take the API server down: the failure is kept for settle() to report. */
  function safely(work: () => void): void {
    try {
      work();
    } catch (error) {
      failures.push(error);
      if (failures.length > 100) failures.shift();
    }
  }

  const pods = new OwnerIndex(store, PODS);
  const replicaSets = new OwnerIndex(store, REPLICASETS);
  const loadedStatus = new LoadedStatus(pods, replicaSets);
  for (const resource of [DEPLOYMENTS, REPLICASETS, STATEFULSETS, DAEMONSETS])
    loadedStatus.record(resource, store.list(resource));
  const ctx: ControllerContext = {
    store,
    clock,
    simulation: learnFromSnapshot(options.simulation ?? defaultSimulation(), store),
    pods,
    replicaSets,
    loadedStatus,
    enqueue(queue, key) {
      queues.get(queue)?.add(key);
      schedule();
    },
    wakeAt(queue, key, atMs) {
      const id = `${queue}\u0000${key}`;
      const current = timers.get(id);
      if (current === undefined || atMs < current) timers.set(id, atMs);
    },
  };
  const kubelet = new Kubelet(ctx);
  holdPendingClaims(ctx);
  /**
   * Pods the snapshot shows Unschedulable keep the scheduler's verdict it shows (which may rest on rules the
   * sandbox does not model) until the cluster changes: a node, a freed room, a claim, a class or a volume.
   */
  const heldPods = new Set<string>();
  const baselines: DeploymentBaselines = recordBaselines(ctx);
  const autoscalerBaselines: AutoscalerBaselines = recordAutoscalerBaselines(ctx);

  const onEvent = (event: StoreEvent) => {
    if (stopped) return;
    const { object } = event;
    const key = keyOf(object);
    switch (event.resource) {
      case DEPLOYMENTS:
        ctx.enqueue('deployment', key);
        enqueueAutoscalersFor(object.kind, object.metadata.namespace, object.metadata.name);
        break;
      case REPLICASETS: {
        ctx.replicaSets.observe(event);
        ctx.enqueue('replicaset', key);
        const owner = controllerOf(object);
        if (owner?.kind === 'Deployment')
          ctx.enqueue('deployment', `${object.metadata.namespace ?? ''}/${owner.name}`);
        break;
      }
      case STATEFULSETS:
        ctx.enqueue('statefulset', key);
        enqueueAutoscalersFor(object.kind, object.metadata.namespace, object.metadata.name);
        break;
      case DAEMONSETS:
        ctx.enqueue('daemonset', key);
        break;
      case PODS:
        ctx.pods.observe(event);
        if (event.type === 'ADDED' && isActive(object)) chargeQuotas(ctx, object, 1);
        if (event.type === 'DELETED' && isActive(object)) chargeQuotas(ctx, object, -1);
        onPodChange(event);
        break;
      case QUOTAS:
        // More room in a quota: ReplicaSets short of pods try again.
        if (event.type === 'MODIFIED') retryRefusedCreations(ctx, object.metadata.namespace ?? '');
        break;
      case NODES:
        for (const ds of store.list(DAEMONSETS)) ctx.enqueue('daemonset', keyOf(ds));
        // A node back to Ready lets its kubelet start what is bound to it.
        for (const pod of ctx.pods.onNode(object.metadata.name))
          if (Kubelet.wantsPod(pod)) ctx.enqueue('kubelet', keyOf(pod));
        retryPending();
        break;
      case PDBS:
        if (event.type !== 'DELETED') ctx.enqueue('pdb', key);
        break;
      case HPAS:
        if (event.type !== 'DELETED') ctx.enqueue('hpa', key);
        break;
      case PVCS:
        if (event.type !== 'DELETED') ctx.enqueue('pvc', key);
        retryPending();
        break;
      case STORAGECLASSES:
      case PVS:
        releaseHeldClaims(ctx);
        retryPending();
        break;
      default:
        break;
    }
  };

  function onPodChange(event: StoreEvent): void {
    const pod = event.object;
    const key = keyOf(pod);
    const ns = pod.metadata.namespace ?? '';
    const owner = controllerOf(pod);
    if (owner?.kind === 'ReplicaSet') ctx.enqueue('replicaset', `${ns}/${owner.name}`);
    if (owner?.kind === 'StatefulSet') ctx.enqueue('statefulset', `${ns}/${owner.name}`);
    if (owner?.kind === 'DaemonSet') ctx.enqueue('daemonset', `${ns}/${owner.name}`);
    if (!owner && event.type === 'ADDED')
      for (const rs of store.list(REPLICASETS, pod.metadata.namespace)) ctx.enqueue('replicaset', keyOf(rs));
    for (const pdb of store.list(PDBS, pod.metadata.namespace)) ctx.enqueue('pdb', keyOf(pdb));
    if (event.type === 'DELETED') {
      kubelet.forget(key);
      const metrics = store.get(POD_METRICS, pod.metadata.namespace, pod.metadata.name);
      if (metrics) {
        store.delete(POD_METRICS, pod.metadata.namespace, pod.metadata.name);
        safely(() => moveNodeUsage(ctx, podSpec(pod).nodeName, metrics, -1));
      }
      // Room freed on a node: pods waiting for one get another chance.
      if (podSpec(pod).nodeName) retryPending();
      return;
    }
    // New pods only: retries of unschedulable ones come from node changes, freed room and the retry timer.
    if (event.type !== 'ADDED') return;
    if (!podSpec(pod).nodeName) ctx.enqueue('schedule', key);
    else if (Kubelet.wantsPod(pod)) ctx.enqueue('kubelet', key);
  }

  function retryPending(): void {
    for (const key of heldPods) ctx.enqueue('schedule', key);
    heldPods.clear();
    for (const id of timers.keys()) {
      if (id.startsWith('schedule\u0000')) {
        timers.delete(id);
        ctx.enqueue('schedule', id.slice('schedule\u0000'.length));
      }
    }
  }

  function enqueueAutoscalersFor(kind: string, namespace: string | undefined, name: string): void {
    for (const hpa of store.list(HPAS, namespace)) {
      const ref = (hpa.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)
        ?.scaleTargetRef;
      if (ref?.kind === kind && ref.name === name) ctx.enqueue('hpa', keyOf(hpa));
    }
  }

  function releaseDueTimers(): void {
    const now = clock.nowMs();
    for (const [id, at] of timers) {
      if (at > now) continue;
      timers.delete(id);
      const [queue, key] = id.split('\u0000') as [QueueName, string];
      queues.get(queue)?.add(key);
    }
  }

  function hasWork(): boolean {
    for (const q of queues.values()) if (q.size > 0) return true;
    return false;
  }

  function runOnce(queue: QueueName, key: string): void {
    switch (queue) {
      case 'deployment':
        return syncDeployment(ctx, key, baselines);
      case 'replicaset':
        return syncReplicaSet(ctx, key);
      case 'statefulset':
        return syncStatefulSet(ctx, key);
      case 'daemonset':
        return syncDaemonSet(ctx, key);
      case 'kubelet':
        return kubelet.sync(key);
      case 'pdb': {
        const { namespace, name } = splitKey(key);
        return syncBudget(store, clock, namespace, name);
      }
      case 'hpa':
        return syncAutoscaler(ctx, key, autoscalerBaselines);
      case 'pvc':
        return syncVolumeClaim(ctx, key);
      case 'schedule':
        return;
    }
  }

  /** Works the queues until they are empty (or the pass limit): each pass takes every queue in order. */
  function run(): void {
    if (running || stopped) return;
    running = true;
    try {
      releaseDueTimers();
      for (let pass = 0; pass < MAX_PASSES && hasWork(); pass++) {
        for (const name of ORDER) {
          const queue = queues.get(name) as Set<string>;
          if (queue.size === 0) continue;
          const keys = [...queue];
          queue.clear();
          if (name === 'schedule') {
            safely(() => schedulePods(ctx, keys));
            continue;
          }
          for (const key of keys) safely(() => runOnce(name, key));
        }
        releaseDueTimers();
      }
    } finally {
      running = false;
    }
    if (hasWork()) schedule();
  }

  function schedule(): void {
    if (scheduled || stopped) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      run();
    });
  }

  const unsubscribe = store.subscribe(onEvent);
  const stopClock = clock.onAdvance(() => run());
  const tick = setInterval(() => {
    releaseDueTimers();
    if (hasWork()) run();
  }, options.tickMs ?? 150);
  tick.unref();

  // Everything present at start gets one look.
  for (const d of store.list(DEPLOYMENTS)) ctx.enqueue('deployment', keyOf(d));
  for (const rs of store.list(REPLICASETS)) ctx.enqueue('replicaset', keyOf(rs));
  for (const sts of store.list(STATEFULSETS)) ctx.enqueue('statefulset', keyOf(sts));
  for (const ds of store.list(DAEMONSETS)) ctx.enqueue('daemonset', keyOf(ds));
  for (const pdb of store.list(PDBS)) ctx.enqueue('pdb', keyOf(pdb));
  for (const hpa of store.list(HPAS)) ctx.enqueue('hpa', keyOf(hpa));
  for (const pvc of store.list(PVCS)) ctx.enqueue('pvc', keyOf(pvc));
  for (const pod of store.list(PODS)) {
    const scheduled = findCondition(pod, 'PodScheduled');
    if (!podSpec(pod).nodeName) {
      if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') heldPods.add(keyOf(pod));
      else ctx.enqueue('schedule', keyOf(pod));
    } else if (Kubelet.wantsPod(pod)) ctx.enqueue('kubelet', keyOf(pod));
  }

  return {
    stop() {
      stopped = true;
      unsubscribe();
      stopClock();
      clearInterval(tick);
    },
    async settle() {
      for (let round = 0; round < MAX_PASSES; round++) {
        releaseDueTimers();
        if (!hasWork()) {
          await new Promise((resolve) => setImmediate(resolve));
          releaseDueTimers();
          if (!hasWork()) break;
        }
        run();
      }
      if (failures.length > 0) {
        const errors = failures.splice(0);
        throw new AggregateError(errors, `sandbox controllers failed: ${String(errors[0])}`);
      }
    },
  };
}
