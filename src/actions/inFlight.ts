// A write whose answer never came (connection lost, timed out, interrupted): say the change may have landed, and how to check.
import type { FieldChange } from './planSteps.js';

/** What is known of the write: its object and the fields the plan changes (all kept in the audit records). */
export interface WriteInFlight {
  target: { kind: string; namespace?: string; name: string };
  changes?: FieldChange[];
  /** The request as the audit log recorded it: method and object path (`Pod ns/name/eviction` for an eviction). */
  request?: { method?: unknown; object?: unknown };
}

/** Lower-case kinds as kubectl accepts them (`deployment/webapp`, `poddisruptionbudget/api`). */
function kubectlGet(kind: string, namespace: string | undefined, name: string): string {
  const ns = namespace ? `-n ${namespace} ` : '';
  return `kubectl ${ns}get ${kind.toLowerCase()}/${name} -o yaml`;
}

/** The object the request was sent to: the plan's target, or the pod a delete/eviction step names. */
function requestObject(write: WriteInFlight): WriteInFlight['target'] {
  const text = typeof write.request?.object === 'string' ? write.request.object : '';
  const match = /^(\w+) (?:([a-z0-9.-]+)\/)?([a-z0-9.-]+)(?:\/eviction)?$/.exec(text);
  if (!match) return write.target;
  return { kind: match[1] as string, namespace: match[2], name: match[3] as string };
}

/** One sentence: "the change may have landed: check with kubectl … (compare memory limit: 8Gi before, 12Gi if it landed)". */
export function mayHaveLanded(write: WriteInFlight): string {
  const object = requestObject(write);
  const check = kubectlGet(object.kind, object.namespace, object.name);
  const method = typeof write.request?.method === 'string' ? write.request.method : 'PATCH';
  if (method === 'DELETE' || (method === 'POST' && object.kind === 'Pod')) {
    return `the change may have landed: check with ${check} (if the pod is gone or has a new uid, it was removed)`;
  }
  const compare = (write.changes ?? [])
    .map((c) => `${c.field}: ${c.before} before, ${c.after} if it landed`)
    .join('; ');
  return `the change may have landed: check with ${check}${compare ? ` (compare ${compare})` : ''}`;
}

/** A failure after the request left but before an answer: a lost connection or a timeout, not a server's refusal. */
export function isLostAnswer(status: number): boolean {
  return status === 0 || status === 504;
}

/** Rejects when the signal aborts: the write's answer is no longer awaited, though the request may have arrived. */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new InterruptedWrite());
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** kopilot was interrupted while a write was on its way. */
export class InterruptedWrite extends Error {
  constructor() {
    super('interrupted while the request was in flight');
    this.name = 'InterruptedWrite';
  }
}
