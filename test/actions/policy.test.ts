import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  allowedRange,
  boundsCheck,
  historyChecks,
  isProtectedNamespace,
  protectedNamespaceCheck,
} from '../../src/actions/policy.js';
import type { AuditRecord } from '../../src/audit/auditLog.js';
import { markInterrupted, parseSince } from '../../src/cli/audit.js';

const show = (_: unknown, v: number) => String(v);
const webapp = { kind: 'Deployment' as const, namespace: 'production', name: 'webapp' };

describe('policy: protected namespaces', () => {
  it('protects kube-system, kube-public, kube-node-lease and any *-system by default', () => {
    for (const ns of [
      'kube-system',
      'kube-public',
      'kube-node-lease',
      'cert-manager-system',
      'istio-system',
    ]) {
      expect(isProtectedNamespace(ns, DEFAULT_POLICY.protectedNamespaces), ns).toBe(true);
    }
    for (const ns of ['production', 'system', 'systems-team', 'kube-systemx']) {
      expect(isProtectedNamespace(ns, DEFAULT_POLICY.protectedNamespaces), ns).toBe(false);
    }
  });

  it('asks for the typed target name when a plan touches a protected namespace, e.g. a drain evicting kube-system pods', () => {
    const node = { kind: 'Node' as const, name: 'worker-02' };
    const evict = {
      kind: 'evict_pod' as const,
      ref: { kind: 'Pod' as const, namespace: 'kube-system', name: 'coredns-1' },
      uid: 'u',
      description: 'evict',
    };
    const result = protectedNamespaceCheck(node, [evict], DEFAULT_POLICY);
    expect(result.finding.level).toBe('confirm');
    expect(result.confirmation?.phrase).toBe('worker-02');
    expect(result.finding.message).toContain('kube-system');
    expect(protectedNamespaceCheck(webapp, [], DEFAULT_POLICY).confirmation).toBeUndefined();
  });
});

describe('policy: change-size bounds', () => {
  it('lets replicas grow to ×2 or +5, whichever is more: 3 → 8 passes, 3 → 9 is refused with the limit', () => {
    expect(
      allowedRange({ field: 'replicas', unit: 'replicas', before: 3, after: 0 }, DEFAULT_POLICY).max,
    ).toBe(8);
    expect(
      allowedRange({ field: 'replicas', unit: 'replicas', before: 10, after: 0 }, DEFAULT_POLICY).max,
    ).toBe(20);
    expect(
      boundsCheck([{ field: 'replicas', unit: 'replicas', before: 3, after: 8 }], DEFAULT_POLICY, show).level,
    ).toBe('ok');
    const over = boundsCheck(
      [{ field: 'replicas', unit: 'replicas', before: 3, after: 9 }],
      DEFAULT_POLICY,
      show,
    );
    expect(over.level).toBe('refuse');
    expect(over.message).toBe(
      'replicas 3 → 9 is beyond the policy bound (at most ×2 or ±5 replicas); ask for at most 8',
    );
  });

  it('lets requests and limits change by at most ×2 either way', () => {
    const gi = 2 ** 30;
    const ok = boundsCheck(
      [{ field: 'memory limit', unit: 'resource', before: 8 * gi, after: 12 * gi }],
      DEFAULT_POLICY,
      show,
    );
    expect(ok.level).toBe('ok');
    const up = boundsCheck(
      [{ field: 'memory limit', unit: 'resource', before: 8 * gi, after: 17 * gi }],
      DEFAULT_POLICY,
      show,
    );
    expect(up.level).toBe('refuse');
    const down = boundsCheck(
      [{ field: 'cpu request', unit: 'resource', before: 1, after: 0.4 }],
      DEFAULT_POLICY,
      show,
    );
    expect(down.level).toBe('refuse');
    expect(down.message).toContain('at least 0.5');
  });
});

function result(minutesAgo: number, action: string, direction: 'up' | 'down', now: Date): AuditRecord {
  return {
    kind: 'action_result',
    id: `r-${minutesAgo}`,
    time: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
    ok: true,
    action,
    direction,
    targetKey: 'Deployment/production/webapp',
  };
}

describe('policy: cooldown and oscillation from the audit log', () => {
  const now = new Date('2026-11-24T02:00:00Z');

  it('warns when the same target had an action in the last 30 minutes, not before', () => {
    const recent = historyChecks(
      webapp,
      'up',
      [result(12, 'scale_workload', 'up', now)],
      now,
      DEFAULT_POLICY,
    );
    expect(recent.find((f) => f.check === 'cooldown')).toMatchObject({ level: 'warning' });
    expect(recent.find((f) => f.check === 'cooldown')?.message).toContain(
      'scale_workload 12 minutes ago (audit r-12)',
    );
    const old = historyChecks(webapp, 'up', [result(45, 'scale_workload', 'up', now)], now, DEFAULT_POLICY);
    expect(old.find((f) => f.check === 'cooldown')?.level).toBe('ok');
    const otherTarget = historyChecks(
      { ...webapp, name: 'api' },
      'up',
      [result(5, 'scale_workload', 'up', now)],
      now,
      DEFAULT_POLICY,
    );
    expect(otherTarget.find((f) => f.check === 'cooldown')?.level).toBe('ok');
  });

  it('keys the history on the cluster: production/webapp scaled in cluster A is no cooldown for cluster B', () => {
    const inA = {
      ...result(5, 'scale_workload', 'up', now),
      cluster: 'https://a.example:6443',
      context: 'a',
    };
    const clusterB = { context: 'b', server: 'https://b.example:6443' };
    const clusterA = { context: 'a', server: 'https://a.example:6443' };
    const cooldown = (cluster: typeof clusterA) =>
      historyChecks(webapp, 'down', [inA], now, DEFAULT_POLICY, cluster).map((f) => `${f.check}:${f.level}`);
    expect(cooldown(clusterA)).toEqual(['cooldown:warning', 'oscillation:warning']);
    expect(cooldown(clusterB)).toEqual(['cooldown:ok']);
    // Records written before the cluster was recorded fall back to the context name.
    const legacy = { ...result(5, 'scale_workload', 'up', now), context: 'a' };
    expect(historyChecks(webapp, 'up', [legacy], now, DEFAULT_POLICY, clusterB)[0]?.level).toBe('ok');
    expect(historyChecks(webapp, 'up', [legacy], now, DEFAULT_POLICY, clusterA)[0]?.level).toBe('warning');
  });

  it('flags scale up then down as oscillation', () => {
    const records = [
      result(80, 'scale_workload', 'up', now),
      result(40, 'scale_workload', 'down', now),
      result(35, 'increase_resources', 'up', now),
    ];
    const findings = historyChecks(webapp, 'down', records, now, DEFAULT_POLICY);
    const oscillation = findings.find((f) => f.check === 'oscillation');
    expect(oscillation?.level).toBe('warning');
    expect(oscillation?.message).toMatch(
      /went up with increase_resources 35 minutes ago and this plan goes down \(3 reversals\)/,
    );
    expect(
      historyChecks(webapp, 'up', records, now, DEFAULT_POLICY).some((f) => f.check === 'oscillation'),
    ).toBe(false);
  });
});

describe('kopilot audit helpers', () => {
  it('reads --since as a duration ago or an ISO time, and refuses anything else', () => {
    const now = Date.parse('2026-11-24T02:00:00Z');
    expect(parseSince('30m', now)).toBe(now - 30 * 60_000);
    expect(parseSince('2026-11-24T01:00:00Z', now)).toBe(Date.parse('2026-11-24T01:00:00Z'));
    expect(() => parseSince('yesterday', now)).toThrow(/not a duration like 30m/);
  });

  it('marks a started action with no result after it as interrupted', () => {
    const base = { time: '2026-11-24T01:00:00Z', planId: 'p1' };
    const records: AuditRecord[] = [
      { ...base, id: 'a', kind: 'action_started', step: 0 },
      { ...base, id: 'b', kind: 'action_applied', step: 0, startedId: 'a' },
      { ...base, id: 'c', kind: 'action_started', step: 1 },
    ];
    const marked = markInterrupted(records);
    expect(marked.map((r) => Boolean(r.interrupted))).toEqual([false, false, true]);
  });
});
