// Planning reads what it needs in parallel: through an API front that answers in waves (every answer held until the
// client has sent all it can without one), the number of sequential round trips stays small, so a slow API server
// costs a few answer times, not a dozen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planAction } from '../../src/actions/plan.js';
import { type ApiFront, startApiFront } from '../helpers/apiFront.js';
import { type ActionRig, recommend, startRig, webapp } from './sandboxSetup.js';

/** Long enough that a client needing no answer has sent everything it can. */
const QUIET_MS = 300;
let rig: ActionRig;
let front: ApiFront;
beforeEach(async () => {
  rig = await startRig();
  const ca = Buffer.from(rig.cluster.config.getCurrentCluster()?.caData ?? '', 'base64').toString();
  front = await startApiFront(rig.sandbox.url, ca, { quietMs: QUIET_MS });
});
afterEach(async () => {
  await front.close();
  await rig.close();
});

async function depthOf(
  action: string,
  target: Parameters<typeof recommend>[1],
  parameters: Record<string, unknown>,
): Promise<number> {
  const result = await planAction(recommend(action, target, parameters), {
    cluster: front.cluster(rig.cluster.config),
    alert: rig.alert,
    auditLog: rig.auditLog,
  });
  expect(result.ok, JSON.stringify(result)).toBe(true);
  const paths = front.requests.map((r) => `${r.method} ${r.path}`);
  // Every check still ran: relatedness (the alert pod's owner chain), capacity (nodes) and the dry run.
  expect(paths).toContain('GET /api/v1/namespaces/production/pods/webapp-123');
  expect(paths.some((p) => p.startsWith('GET /api/v1/nodes'))).toBe(true);
  expect(paths.some((p) => p.startsWith('PATCH ') && p.includes('dryRun=All'))).toBe(true);
  return front.waves();
}

// Before the reads were parallelised: 13 waves (15 requests) and 12 waves (14 requests). What is left in sequence:
// the owner chain pod → ReplicaSet → Deployment, then the capacity tool's own four dependent reads.
describe(`planning against an API server that answers only when the client has gone quiet`, () => {
  it('increase_resources on the alert pod: at most 7 sequential round trips', async () => {
    const waves = await depthOf(
      'increase_resources',
      { kind: 'Pod', namespace: 'production', name: 'webapp-123' },
      { memory_limit: '12Gi', memory_request: '10Gi' },
    );
    expect(waves).toBeLessThanOrEqual(7);
  });

  it('scale_workload on the Deployment: at most 7 sequential round trips', async () => {
    expect(await depthOf('scale_workload', webapp, { replicas: 4 })).toBeLessThanOrEqual(7);
  });
});
