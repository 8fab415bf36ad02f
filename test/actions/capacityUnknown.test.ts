// Capacity fails closed in words: a user who may not list nodes gets "capacity unknown", never "ok", and no rule claims room.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActionCluster } from '../../src/actions/kube.js';
import { planAction } from '../../src/actions/plan.js';
import { planView } from '../../src/session/planView.js';
import { checkVerdict } from '../../src/session/actionView.js';
import { type ApiFront, startApiFront } from '../helpers/apiFront.js';
import { type ActionRig, recommend, startRig, webapp } from './sandboxSetup.js';

let rig: ActionRig;
let front: ApiFront;
let scoped: ActionCluster;
beforeEach(async () => {
  rig = await startRig();
  const admin = rig.cluster.config;
  const ca = Buffer.from(admin.getCurrentCluster()?.caData ?? '', 'base64').toString();
  // Cluster-scoped node reads answer RBAC's 403; everything in the namespace goes through.
  front = await startApiFront(rig.sandbox.url, ca, {
    fault: (req) => (/^\/api\/v1\/nodes(\/|\?|$)/.test(req.url ?? '') ? 'forbidden' : 'none'),
  });
  scoped = front.cluster(admin);
});
afterEach(async () => {
  await front.close();
  await rig.close();
});

describe('a namespace-scoped user (nodes forbidden)', () => {
  it('plans a memory increase with "capacity unknown", shown as UNKNOWN, not ok', async () => {
    const result = await planAction(
      recommend('increase_resources', webapp, { memory_limit: '12Gi', memory_request: '10Gi' }),
      { cluster: scoped, alert: rig.alert },
    );
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    const capacity = result.plan.findings.find((f) => f.check === 'capacity');
    expect(capacity).toMatchObject({ unknown: true, level: 'warning' });
    expect(capacity?.message).toMatch(/^capacity unknown: could not check room on the nodes \(.*forbidden/);
    const view = planView(result.plan);
    expect(view.capacity).toMatchObject({ ok: false, unknown: true });
    expect(view.capacity && checkVerdict(view.capacity)).toBe('unknown');
  });
});
