// FailedScheduling, parsed as the scheduler words it: untolerated taints, selector/affinity mismatches and
// insufficient resources lead to the nodes' capacity and taints; unbound claims lead to the claims' events.
import { call, textOf, type FollowUpTrigger } from './trigger.js';

/** "0/4 nodes are available: 1 node(s) had untolerated taint {maintenance: kernel-upgrade}, 3 Insufficient memory." */
export interface SchedulingFailure {
  taints: string[];
  insufficient: Array<'cpu' | 'memory' | 'pods' | 'storage'>;
  selectorMismatch: boolean;
  unboundClaims: boolean;
}

export function parseFailedScheduling(text: string): SchedulingFailure | undefined {
  if (!/nodes are available|FailedScheduling|Unschedulable/i.test(text)) return undefined;
  const taints = [...text.matchAll(/untolerated taint\(?s?\)? \{([^}]+)\}/gi)].map((m) =>
    (m[1] as string).trim(),
  );
  const insufficient = new Set<'cpu' | 'memory' | 'pods' | 'storage'>();
  for (const m of text.matchAll(/Insufficient (cpu|memory|pods|ephemeral-storage)/gi)) {
    const what = (m[1] as string).toLowerCase();
    insufficient.add(what === 'ephemeral-storage' ? 'storage' : (what as 'cpu' | 'memory' | 'pods'));
  }
  if (/Too many pods/i.test(text)) insufficient.add('pods');
  return {
    taints: [...new Set(taints)],
    insufficient: [...insufficient],
    selectorMismatch: /didn't match (Pod's )?node (selector|affinity)|node affinity\/selector/i.test(text),
    unboundClaims: /unbound (immediate )?PersistentVolumeClaims|volume node affinity conflict/i.test(text),
  };
}

export const schedulingFailure: FollowUpTrigger = {
  name: 'scheduling-failure',
  calls(results, target) {
    const failure = parseFailedScheduling(textOf(results, ['get_events', 'get_pod_status', 'list_pods']));
    if (!failure) return [];
    const resources = new Set(failure.insufficient);
    // Taints and selectors are told per node by the capacity check's notes (cordoned, tainted, NotReady).
    if ((failure.taints.length || failure.selectorMismatch) && resources.size === 0) resources.add('pods');
    const calls = [...resources].map((resource) => call('check_node_capacity', { resource_type: resource }));
    if (failure.unboundClaims && target.namespace) {
      calls.push(
        call('get_events', {
          namespace: target.namespace,
          object_kind: 'PersistentVolumeClaim',
          warnings_only: true,
        }),
      );
    }
    return calls;
  },
};
