// The triage session as eval, serve and the non-interactive output use it: the sandbox, the rules, a real audit log.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticAlertSource } from '../../src/alerts/alertSource.js';
import type { TriageEvent } from '../../src/agent/events.js';
import { AuditLog } from '../../src/audit/auditLog.js';
import { resolveSettings } from '../../src/config/settings.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { deferTriageSession } from '../../src/session/deferredSession.js';
import { openTriageSession, type TriageSessionOptions } from '../../src/session/openSession.js';
import { READ_ONLY_MESSAGE, type OpenTriageSession } from '../../src/session/session.js';
import { collect, scenarioAlerts } from '../agent/rig.js';

describe('a read-only triage session on the webapp memory incident', { timeout: 120_000 }, () => {
  let sandbox: Sandbox;
  let auditLog: AuditLog;
  let options: TriageSessionOptions;

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'webapp-memory' });
    auditLog = new AuditLog(join(mkdtempSync(join(tmpdir(), 'kopilot-session-')), 'audit.jsonl'));
    const alerts = scenarioAlerts(sandbox);
    options = {
      settings: resolveSettings({ env: {}, file: {}, flags: {} }),
      kubeconfig: sandbox.kubeconfigPath,
      env: {},
      noModel: true,
      auditLog,
      alerts: staticAlertSource(alerts),
      alertSourceName: 'scenario webapp-memory',
      readOnly: true,
    };
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('HighMemoryUsage on webapp-123 → events as plain JSON data, a dry-run plan, and no way to execute it', async () => {
    const session = await openTriageSession(options);
    try {
      const alert = scenarioAlerts(sandbox)[0]!;
      const events = await collect(session.triage(alert, new AbortController().signal));
      // Everything the session hands out survives a trip through JSON, as serve's HTTP API needs.
      expect(JSON.parse(JSON.stringify(events)) as TriageEvent[]).toEqual(events);
      const recommendation = events.find((e) => e.type === 'recommendation');
      expect(recommendation?.type === 'recommendation' && recommendation.recommendation.action).toBe(
        'increase_resources',
      );
      if (recommendation?.type !== 'recommendation') throw new Error('no recommendation');

      const planned = await session.plan(recommendation.recommendation, new AbortController().signal);
      expect(planned.ok && planned.plan.dryRun?.ok).toBe(true);
      if (!planned.ok) throw new Error(planned.error);
      expect(JSON.parse(JSON.stringify(planned))).toEqual(planned);

      expect(session.readOnly).toBe(true);
      await expect(
        session.decide(
          { kind: 'approved', parameters: recommendation.recommendation.parameters, edited: false },
          planned.plan,
          recommendation.recommendation,
        ),
      ).rejects.toThrow(READ_ONLY_MESSAGE);
      const progress = [];
      for await (const view of session.execute(planned.plan, new AbortController().signal))
        progress.push(view);
      expect(progress.at(-1)).toMatchObject({ outcome: 'failed', message: READ_ONLY_MESSAGE });
      expect(sandbox.writeCount()).toBe(0);
      // No approval, no write on record: only the tool calls and the plan.
      const kinds = (await auditLog.readAll()).map((r) => r.kind);
      expect(kinds.filter((k) => k === 'action_decision' || k === 'action_started')).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('an aborted signal ends the triage as aborted, without a recommendation', async () => {
    const session = await openTriageSession(options);
    try {
      const abort = new AbortController();
      abort.abort();
      const events = await collect(session.triage(scenarioAlerts(sandbox)[0]!, abort.signal));
      expect(events.at(-1)).toMatchObject({ type: 'done', outcome: 'aborted' });
      expect(events.some((e) => e.type === 'recommendation')).toBe(false);
    } finally {
      await session.close();
    }
  });
});

describe('a session used before it has loaded', () => {
  it('shows the alert at once, and a session that cannot open fails the first call that needs it', async () => {
    let opened = false;
    const deferred = deferTriageSession(
      async (): Promise<OpenTriageSession> => {
        opened = true;
        throw new Error('no kubeconfig found');
      },
      { settings: { model: 'granite3.1-dense:8b' }, noModel: false, alertSourceName: 'test' },
    );
    deferred.opened.catch(() => undefined);
    expect(deferred.session.model).toBe('granite3.1-dense:8b');
    const alert = { name: 'HighMemoryUsage' } as Parameters<typeof deferred.session.triage>[0];
    const events = deferred.session.triage(alert, new AbortController().signal)[Symbol.asyncIterator]();
    expect((await events.next()).value).toEqual({ type: 'alert_loaded', alert });
    expect(opened).toBe(false);
    deferred.start();
    await expect(events.next()).rejects.toThrow('no kubeconfig found');
    await expect(deferred.opened).rejects.toThrow('no kubeconfig found');
    await deferred.close();
  });
});
