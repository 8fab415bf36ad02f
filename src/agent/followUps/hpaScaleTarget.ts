// An autoscaler alert is about the workload it scales: read its scaleTargetRef from get_hpa_status, then that
// workload (the alert's labels name only the HPA).
import { call, type FollowUpTrigger } from './trigger.js';

/** get_hpa_status' `target`, "Deployment webapp". */
const SCALE_TARGET = /^(Deployment|StatefulSet) (\S+)$/;

export const hpaScaleTarget: FollowUpTrigger = {
  name: 'hpa-scale-target',
  calls(results, target) {
    const hpa = results.find((r) => r.ok && r.tool === 'get_hpa_status');
    const scaled = (hpa?.structured as { target?: unknown } | undefined)?.target;
    const match = typeof scaled === 'string' ? SCALE_TARGET.exec(scaled) : null;
    // Only an alert about the autoscaler itself; other alerts name their workload already.
    if (!match || !target.namespace || target.kind !== 'HorizontalPodAutoscaler') return [];
    const kind = match[1] as 'Deployment' | 'StatefulSet';
    const name = match[2] as string;
    return [
      call('get_workload', { namespace: target.namespace, kind, name }),
      ...(kind === 'Deployment'
        ? [call('get_deployment_history', { namespace: target.namespace, deployment: name, hours_back: 24 })]
        : []),
    ];
  },
};
