// ImagePullBackOff split by the kubelet's message: a tag that does not exist leads to what changed the image;
// unauthorized or a missing pull secret leads to the workload's pull secrets and the secret's events.
import { call, calledAlready, textOf, type FollowUpTrigger } from './trigger.js';

export type ImagePullCause = 'tag-not-found' | 'unauthorized' | 'missing-pull-secret';

export function imagePullCause(text: string): ImagePullCause | undefined {
  if (
    /FailedToRetrieveImagePullSecret|Unable to retrieve some image pull secrets|secret "[^"]+" not found/i.test(
      text,
    )
  ) {
    return 'missing-pull-secret';
  }
  if (
    /\b(401|403)\b|unauthorized|authentication required|access denied|denied: |insufficient_scope/i.test(text)
  ) {
    return 'unauthorized';
  }
  if (/manifest unknown|not found|does not exist|no such manifest|failed to resolve reference/i.test(text)) {
    return /ErrImagePull|ImagePullBackOff|Failed to pull image|pull/i.test(text)
      ? 'tag-not-found'
      : undefined;
  }
  return undefined;
}

export const imagePullFailure: FollowUpTrigger = {
  name: 'image-pull-failure',
  calls(results, target) {
    const text = textOf(results, ['get_events', 'get_pod_status', 'list_pods']);
    if (!/ImagePullBackOff|ErrImagePull|Failed to pull image|FailedToRetrieveImagePullSecret/i.test(text))
      return [];
    const cause = imagePullCause(text);
    if (!target.namespace || !cause) return [];
    if (cause === 'tag-not-found') {
      return target.workload &&
        target.workloadKind === 'Deployment' &&
        !calledAlready(results, 'get_deployment_history')
        ? [
            call('get_deployment_history', {
              namespace: target.namespace,
              deployment: target.workload,
              hours_back: 24,
            }),
          ]
        : [];
    }
    // The pod spec names its imagePullSecrets; the workload shows them with the containers.
    return target.workload
      ? [
          call('get_workload', {
            namespace: target.namespace,
            kind: target.workloadKind,
            name: target.workload,
          }),
        ]
      : [];
  },
};
