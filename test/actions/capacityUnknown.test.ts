// Capacity fails closed in words: a user who may not list nodes gets "capacity unknown", never "ok", and no rule claims room.
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionCluster } from '../../src/actions/kube.js';
import { planAction } from '../../src/actions/plan.js';
import { planView } from '../../src/session/planView.js';
import { checkVerdict } from '../../src/session/actionView.js';
import { startNamespaceScopedProxy, type NamespaceScopedProxy } from '../helpers/namespaceScopedProxy.js';
import { type ActionRig, recommend, startRig, webapp } from './sandboxSetup.js';

let rig: ActionRig;
let proxy: NamespaceScopedProxy;
let scoped: ActionCluster;
beforeEach(async () => {
  rig = await startRig();
  const admin = rig.cluster.config;
  const ca = Buffer.from(admin.getCurrentCluster()?.caData ?? '', 'base64').toString();
  proxy = await startNamespaceScopedProxy(rig.sandbox.url, ca);
  const config = new KubeConfig();
  config.loadFromOptions({
    // client-node refuses a plain-HTTP server unless told TLS is not in play.
    clusters: [{ name: 'prod', server: proxy.url, skipTLSVerify: true }],
    users: [{ name: 'oncall', token: admin.getCurrentUser()?.token }],
    contexts: [{ name: 'prod-oncall', cluster: 'prod', user: 'oncall', namespace: 'production' }],
    currentContext: 'prod-oncall',
  });
  scoped = new ActionCluster(config);
});
afterEach(async () => {
  await proxy.close();
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
