// ImagePullBackOff is three different incidents; the kubelet's message tells which, and where to look next.
import { describe, expect, it } from 'vitest';
import { imagePullCause, imagePullFailure } from '../../../src/agent/followUps/imagePullFailure.js';
import { resultOf } from './results.js';

const target = {
  namespace: 'storefront',
  kind: 'Pod' as const,
  name: 'frontend-5544dd4bf5-p7r2n',
  pod: 'frontend-5544dd4bf5-p7r2n',
  workload: 'frontend',
  workloadKind: 'Deployment' as const,
};

describe('second round: image pull failures', () => {
  it.each([
    [
      'Failed to pull image "registry.shop.example.com/storefront/frontend:v3.9.O": rpc error: code = NotFound desc = failed to pull and unpack image: failed to resolve reference "registry.shop.example.com/storefront/frontend:v3.9.O": registry.shop.example.com/storefront/frontend:v3.9.O: not found',
      'tag-not-found',
    ],
    [
      'Failed to pull image "ghcr.io/acme/api:1.2": failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized',
      'unauthorized',
    ],
    [
      'Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.',
      'missing-pull-secret',
    ],
  ])('%s → %s', (message, cause) => {
    expect(imagePullCause(message)).toBe(cause);
  });

  it('tag not found → what changed the image; a missing pull secret → the workload and its pull secrets', () => {
    const notFound = resultOf(
      'get_events',
      'reason: Failed\nmessage: Failed to pull image "frontend:v3.9.O": not found\nreason: BackOff ImagePullBackOff',
    );
    expect(imagePullFailure.calls([notFound], target)).toEqual([
      {
        tool: 'get_deployment_history',
        arguments: { namespace: 'storefront', deployment: 'frontend', hours_back: 24 },
      },
    ]);
    const secret = resultOf(
      'get_events',
      'reason: FailedToRetrieveImagePullSecret\nmessage: Unable to retrieve some image pull secrets (regcred)',
    );
    expect(imagePullFailure.calls([secret], target)).toEqual([
      { tool: 'get_workload', arguments: { namespace: 'storefront', kind: 'Deployment', name: 'frontend' } },
    ]);
  });
});
