// The most telling warning event (scheduling, volumes, pull secrets, probes, config) named in an escalation.
import type { PodEvent } from './facts.js';
import { type RunbookRule } from './rule.js';
import { namedEscalation } from './escalate.js';

/** Warning reasons in the order they explain an incident, each with the next human step. */
const CAUSES: Array<{ reason: RegExp; cause: string; step: (e: PodEvent, ns: string) => string }> = [
  {
    reason: /^FailedToRetrieveImagePullSecret$/,
    cause: 'an image pull secret the pods name is missing',
    step: (e, ns) =>
      `create or restore the secret, or fix imagePullSecrets (kubectl -n ${ns} describe ${lower(e.object)})`,
  },
  {
    reason: /^(ProvisioningFailed|FailedMount|FailedAttachVolume)$/,
    cause: 'a volume cannot be provisioned or mounted',
    step: (e, ns) =>
      `check the claim and its StorageClass (kubectl -n ${ns} describe ${lower(e.object)}; kubectl get storageclass)`,
  },
  {
    reason: /^FailedScheduling$/,
    cause: 'pods cannot be scheduled',
    step: (e, ns) =>
      `fix what the scheduler names: taints, cordoned nodes, capacity or volume zones (kubectl -n ${ns} describe ${lower(e.object)})`,
  },
  {
    reason: /^(Failed|CreateContainerConfigError)$/,
    cause: 'containers cannot start',
    step: (e, ns) => `fix what the kubelet names (kubectl -n ${ns} describe ${lower(e.object)})`,
  },
  {
    reason: /^Unhealthy$/,
    cause: 'a probe fails',
    step: (e, ns) =>
      `find why the endpoint the probe calls fails: network policy, a dependency, or the app (kubectl -n ${ns} describe ${lower(e.object)}; kubectl -n ${ns} get networkpolicy)`,
  },
];

function lower(object: string): string {
  const [kind, name] = object.split(' ');
  return name ? `${kind?.toLowerCase()} ${name}` : object;
}

export const eventCause: RunbookRule = {
  name: 'warning-event-cause',
  when: 'no action fits, but a warning event names why pods fail (pull secret, volume, scheduling, start, probe)',
  needs: ['get_events'],
  recommend({ facts, alert, target }) {
    const warnings = facts.events.filter((e) => e.type === 'Warning');
    for (const entry of CAUSES) {
      const event = warnings.find((e) => entry.reason.test(e.reason));
      if (!event) continue;
      const found = [`${event.reason} on ${event.object}: ${event.message.slice(0, 240)} (x${event.count})`];
      const others = warnings
        .filter((e) => e !== event)
        .slice(0, 3)
        .map((e) => ({ action: 'escalate', why_not: `also seen, ranked lower: ${e.reason} on ${e.object}` }));
      return {
        found,
        recommendation: namedEscalation(
          alert,
          target,
          `${entry.cause}: ${event.reason} on ${event.object}: ${event.message.slice(0, 240)}`,
          entry.step(event, target.namespace ?? 'default'),
          found,
          others,
        ),
      };
    }
    return undefined;
  },
};
