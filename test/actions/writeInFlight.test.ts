// A write whose answer never arrives — the connection reset after the request reached the server, or kopilot
// interrupted while waiting — is reported as "may have landed" with the command to check, never "nothing was changed".
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvePlan } from '../../src/actions/approval.js';
import { executePlan } from '../../src/actions/execute.js';
import { planAction } from '../../src/actions/plan.js';
import type { ActionEvent } from '../../src/actions/events.js';
import { type ApiFront, type FrontFault, startApiFront } from '../helpers/apiFront.js';
import { type ActionRig, recommend, startRig, webapp } from './sandboxSetup.js';

let rig: ActionRig;
let front: ApiFront;
let fault: FrontFault = 'none';
beforeEach(async () => {
  rig = await startRig();
  const ca = Buffer.from(rig.cluster.config.getCurrentCluster()?.caData ?? '', 'base64').toString();
  fault = 'none';
  // Only the real write (no dryRun=All) loses its answer.
  front = await startApiFront(rig.sandbox.url, ca, {
    fault: (req) => (req.method === 'PATCH' && !/dryRun=All/.test(req.url ?? '') ? fault : 'none'),
  });
});
afterEach(async () => {
  await front.close();
  await rig.close();
});

function replicas(): number {
  const d = rig.sandbox.store.get('apps/deployments', 'production', 'webapp') as unknown as {
    spec: { replicas: number };
  };
  return d.spec.replicas;
}

async function scaleThroughFront(signal?: AbortSignal, onApplying?: () => void): Promise<ActionEvent[]> {
  const result = await planAction(recommend('scale_workload', webapp, { replicas: 5 }), {
    cluster: rig.cluster,
    alert: rig.alert,
    auditLog: rig.auditLog,
  });
  if (!result.ok) throw new Error(`expected a plan, got ${result.reason}: ${result.message}`);
  const events: ActionEvent[] = [];
  const plan = result.plan;
  for await (const event of executePlan(plan, {
    approval: approvePlan(plan, { confirmation: plan.confirmation?.phrase }),
    cluster: front.cluster(rig.cluster.config),
    auditLog: rig.auditLog,
    planContext: { alert: rig.alert },
    verify: rig.verify,
    signal,
  })) {
    events.push(event);
    if (event.type === 'applying') onApplying?.();
  }
  return events;
}

const CHECK =
  /the change may have landed: check with kubectl -n production get deployment\/webapp -o yaml \(compare replicas: 3 before, 5 if it landed\)/;

describe('a cluster write whose answer is lost', () => {
  it('connection reset after the PATCH was forwarded: the failure says it may have landed and how to check', async () => {
    fault = 'reset_after_forward';
    const events = await scaleThroughFront();
    // The server did apply it: exactly why "nothing was changed" would be a lie.
    expect(replicas()).toBe(5);
    expect(front.forwarded.filter((r) => r.method === 'PATCH' && !/dryRun/.test(r.path))).toHaveLength(1);
    const failed = events.at(-1);
    expect(failed?.type).toBe('failed');
    expect(failed && 'message' in failed && failed.message).toMatch(CHECK);
    expect(failed && 'message' in failed && failed.message).not.toMatch(/nothing was changed/);
    const result = (await rig.auditLog.readAll()).find((r) => r.kind === 'action_result');
    expect(result).toMatchObject({ ok: false, mayHaveLanded: true });
    expect(String(result?.message)).toMatch(CHECK);
  });

  it('interrupted (abort signal) while the PATCH is in flight: it stops waiting and says it may have landed', async () => {
    fault = 'hold_answer';
    const controller = new AbortController();
    const events = await scaleThroughFront(controller.signal, () => {
      // Abort once the sandbox has the write but its answer is held back.
      const timer = setInterval(() => {
        if (front.forwarded.some((r) => r.method === 'PATCH' && !/dryRun/.test(r.path))) {
          clearInterval(timer);
          controller.abort();
        }
      }, 5);
    });
    expect(replicas()).toBe(5);
    const failed = events.at(-1);
    expect(failed?.type).toBe('failed');
    expect(failed && 'message' in failed && failed.message).toMatch(
      /interrupted while the request was in flight/,
    );
    expect(failed && 'message' in failed && failed.message).toMatch(CHECK);
    const result = (await rig.auditLog.readAll()).find((r) => r.kind === 'action_result');
    expect(result).toMatchObject({ ok: false, mayHaveLanded: true });
  });

  it('a write answered normally is verified, with no "may have landed"', async () => {
    fault = 'none';
    const events = await scaleThroughFront();
    expect(events.at(-1)?.type).toBe('verified');
    const result = (await rig.auditLog.readAll()).find((r) => r.kind === 'action_result');
    expect(result).not.toHaveProperty('mayHaveLanded');
  });
});
