// Kubernetes Events recorded by the simulated controllers, aggregated like the real event recorder.
import { randomBytes } from 'node:crypto';
import type { SandboxClock } from '../clock.js';
import { isoSeconds, type KubeObject, type ObjectStore } from '../store.js';

export interface EventInput {
  /** The object the event is about. */
  about: KubeObject;
  /** e.g. `spec.containers{webapp}` for container events. */
  fieldPath?: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** e.g. deployment-controller, replicaset-controller, default-scheduler, kubelet. */
  component: string;
  /** The node, for kubelet events. */
  host?: string;
}

const EVENTS = 'core/events';

/** Event names by (object uid, fieldPath, reason, message), so a repeat finds its event without a scan. */
const recorded = new WeakMap<ObjectStore, Map<string, string>>();

function seen(store: ObjectStore): Map<string, string> {
  let map = recorded.get(store);
  if (!map) {
    // Events already in the store (a scenario's history) are counted on, not duplicated.
    map = new Map();
    for (const e of store.list(EVENTS)) {
      const involved = (e.involvedObject ?? {}) as { uid?: string; fieldPath?: string };
      map.set(
        identityOf(involved.uid, involved.fieldPath, String(e.reason), String(e.message)),
        e.metadata.name,
      );
    }
    recorded.set(store, map);
  }
  return map;
}

function identityOf(
  uid: string | undefined,
  fieldPath: string | undefined,
  reason: string,
  message: string,
): string {
  return [uid ?? '', fieldPath ?? '', reason, message].join('\u0000');
}

/** Records an event; a repeat of the same reason and message on the same object bumps its count. */
export function recordEvent(store: ObjectStore, clock: SandboxClock, input: EventInput): void {
  const { about } = input;
  const namespace = about.metadata.namespace ?? 'default';
  const now = isoSeconds(clock.now());
  const identity = identityOf(about.metadata.uid, input.fieldPath, input.reason, input.message);
  const known = seen(store);
  const existingName = known.get(identity);
  const existing = existingName ? store.get(EVENTS, namespace, existingName) : undefined;
  if (existing) {
    store.mutate(EVENTS, namespace, existing.metadata.name, (draft) => {
      draft.count = ((draft.count as number | undefined) ?? 1) + 1;
      draft.lastTimestamp = now;
    });
    return;
  }
  const name = `${about.metadata.name}.${randomBytes(8).toString('hex')}`;
  known.set(identity, name);
  store.create(EVENTS, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace, creationTimestamp: now },
    involvedObject: {
      apiVersion: about.apiVersion,
      kind: about.kind,
      name: about.metadata.name,
      namespace: about.metadata.namespace,
      uid: about.metadata.uid,
      resourceVersion: about.metadata.resourceVersion,
      ...(input.fieldPath ? { fieldPath: input.fieldPath } : {}),
    },
    reason: input.reason,
    message: input.message,
    source: input.host ? { component: input.component, host: input.host } : { component: input.component },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    type: input.type,
    eventTime: null,
    reportingComponent: input.component,
    reportingInstance: input.host ?? '',
  });
}
