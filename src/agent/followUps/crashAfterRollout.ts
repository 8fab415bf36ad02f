// A crash loop that began after a rollout: read what the rollout changed, and the crashed container's last lines.
import { call, calledAlready, textOf, type FollowUpTrigger } from './trigger.js';

const CRASHING = /CrashLoopBackOff|Error \(exit|OOMKilled|BackOff/;

export const crashAfterRollout: FollowUpTrigger = {
  name: 'crash-after-rollout',
  calls(results, target) {
    if (!target.namespace || !CRASHING.test(textOf(results, ['get_pod_status', 'list_pods', 'get_events']))) {
      return [];
    }
    const calls = [];
    if (
      target.workload &&
      target.workloadKind === 'Deployment' &&
      !calledAlready(results, 'get_deployment_history')
    ) {
      calls.push(
        call('get_deployment_history', {
          namespace: target.namespace,
          deployment: target.workload,
          hours_back: 24,
        }),
      );
    }
    if (target.pod && !calledAlready(results, 'get_pod_logs')) {
      calls.push(
        call('get_pod_logs', {
          namespace: target.namespace,
          pod_name: target.pod,
          previous: true,
          tail: 100,
        }),
      );
    }
    return calls;
  },
};
