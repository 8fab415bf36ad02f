// A crash loop read together with what the last rollout changed and the crashed container's last lines.
import { describe, expect, it } from 'vitest';
import { crashAfterRollout } from '../../../src/agent/followUps/crashAfterRollout.js';
import { resultOf } from './results.js';

const target = {
  namespace: 'payments',
  kind: 'Pod' as const,
  name: 'payments-api-68cd85f856-x2k8p',
  pod: 'payments-api-68cd85f856-x2k8p',
  workload: 'payments-api',
  workloadKind: 'Deployment' as const,
};

describe('second round: crash loop after a rollout', () => {
  it('KubePodNotReady that is really a CrashLoopBackOff → deployment history and previous logs', () => {
    const status = resultOf(
      'get_pod_status',
      'summary: payments-api-68cd85f856-x2k8p CrashLoopBackOff on worker-03, 9 restarts',
    );
    expect(crashAfterRollout.calls([status], target)).toEqual([
      {
        tool: 'get_deployment_history',
        arguments: { namespace: 'payments', deployment: 'payments-api', hours_back: 24 },
      },
      {
        tool: 'get_pod_logs',
        arguments: {
          namespace: 'payments',
          pod_name: 'payments-api-68cd85f856-x2k8p',
          previous: true,
          tail: 100,
        },
      },
    ]);
  });

  it('what was read already is not read again; a healthy pod triggers nothing', () => {
    const status = resultOf(
      'get_pod_status',
      'summary: payments-api-68cd85f856-x2k8p CrashLoopBackOff, 9 restarts',
    );
    const history = resultOf('get_deployment_history', 'summary: 1 change');
    const logs = resultOf('get_pod_logs', 'lines: []');
    expect(crashAfterRollout.calls([status, history, logs], target)).toEqual([]);
    expect(
      crashAfterRollout.calls([resultOf('get_pod_status', 'summary: Running, 0 restarts')], target),
    ).toEqual([]);
  });
});
