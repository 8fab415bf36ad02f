// What every API handler works with: the store, the clock, the callers' tokens and the simulation's hooks.
import type { SandboxClock } from '../clock.js';
import type { KubeObject, ObjectStore } from '../store.js';
import type { SandboxTokens } from './authz.js';
import type { ResourceType } from './resources.js';
import { toEventsV1 } from './eventsView.js';

/** The answer of the eviction policy (PodDisruptionBudgets) for one pod; refusals carry the Status to send. */
export type EvictionOutcome =
  | { ok: true }
  | {
      ok: false;
      status: number;
      reason: string;
      message: string;
      causes?: Array<{ reason: string; message: string }>;
    };

/** Logs a container wrote; undefined when there are none for that container (or no previous instance). */
export type LogSource = (
  namespace: string,
  pod: string,
  container: string,
  previous: boolean,
) => string | undefined;

export interface SandboxHooks {
  /** Decides and (unless dryRun) performs an eviction: deletes the pod when PDBs allow it. */
  evictPod?: (input: { namespace: string; name: string; dryRun: boolean }) => EvictionOutcome;
  podLogs?: LogSource;
}

export interface WriteRecord {
  method: string;
  path: string;
}

export interface ApiContext {
  store: ObjectStore;
  clock: SandboxClock;
  tokens: SandboxTokens;
  hooks: SandboxHooks;
  /** Called for every mutating request that is not a dry run, before it runs. */
  recordWrite(record: WriteRecord): void;
}

/** The object as the resource serves it (events.k8s.io shows core Events converted). */
export function served(type: ResourceType, stored: KubeObject): KubeObject {
  return type.view === 'events.k8s.io' ? toEventsV1(stored) : stored;
}
