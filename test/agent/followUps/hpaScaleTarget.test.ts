// An HPA alert names only the autoscaler: the second round reads the workload its scaleTargetRef names.
import { describe, expect, it } from 'vitest';
import { hpaScaleTarget } from '../../../src/agent/followUps/hpaScaleTarget.js';
import { resultOf } from './results.js';

describe('second round: HPA scale target', () => {
  it('KubeHpaMaxedOut on shop/cart-hpa scaling Deployment cart-api → that Deployment and its history', () => {
    const hpa = resultOf('get_hpa_status', 'summary: cart-hpa scales Deployment cart-api between 2 and 10', {
      hpa: 'cart-hpa',
      target: 'Deployment cart-api',
    });
    expect(
      hpaScaleTarget.calls([hpa], { namespace: 'shop', kind: 'HorizontalPodAutoscaler', name: 'cart-hpa' }),
    ).toEqual([
      { tool: 'get_workload', arguments: { namespace: 'shop', kind: 'Deployment', name: 'cart-api' } },
      {
        tool: 'get_deployment_history',
        arguments: { namespace: 'shop', deployment: 'cart-api', hours_back: 24 },
      },
    ]);
  });

  it('no HPA result, or an alert about the pod rather than its autoscaler: no follow-up', () => {
    expect(hpaScaleTarget.calls([], { namespace: 'shop' })).toEqual([]);
    const hpa = resultOf('get_hpa_status', 'summary: webapp scales Deployment webapp', {
      target: 'Deployment webapp',
    });
    expect(hpaScaleTarget.calls([hpa], { namespace: 'production', kind: 'Pod', name: 'webapp-123' })).toEqual(
      [],
    );
  });
});
