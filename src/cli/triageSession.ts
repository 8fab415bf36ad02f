// Wires the triage screens and the plain output to kopilot's parts: cluster, MCP tools, engine, actions, audit.
import { userInfo } from 'node:os';
import type { Alert } from '../alerts/alert.js';
import { parseAlerts } from '../alerts/parse.js';
import { runTriage } from '../agent/triage.js';
import type { Recommendation } from '../proposal/recommendation.js';
import type { AuditLog } from '../audit/auditLog.js';
import { ClusterClient } from '../cluster/clusterClient.js';
import { loadKubeconfig, type LoadedKubeconfig } from '../cluster/kubeconfig.js';
import type { Settings } from '../config/settings.js';
import { connectInMemory, type InMemoryConnection } from '../mcp/inMemory.js';
import type { AlertSource } from '../mcp/alertSource.js';
import type { Decision, PlanOverrides, PlanView } from '../output/actionView.js';
import type { AlertFeed, TriageSession } from '../output/session.js';
import { createActionBridge, type ActionBridge } from './triageActions.js';
import { modelLabel } from './deferredSession.js';
import type { VerifyOptions } from '../actions/verify.js';

export interface TriageSessionOptions {
  settings: Settings;
  kubeconfig?: string;
  context?: string;
  noModel: boolean;
  auditLog: AuditLog;
  /** For list_related_alerts and the live alert list. */
  alerts?: AlertSource;
  alertSourceName: string;
  watchAlerts?(onChange: (feed: AlertFeed) => void): () => void;
  env?: NodeJS.ProcessEnv;
  /** How verification waits between looks (the demo advances the sandbox clock). */
  verify?: VerifyOptions;
}

export interface OpenTriageSession extends TriageSession {
  kube: LoadedKubeconfig;
  close(): Promise<void>;
}

export async function openTriageSession(options: TriageSessionOptions): Promise<OpenTriageSession> {
  const { settings } = options;
  const kube = loadKubeconfig({
    kubeconfig: options.kubeconfig,
    context: options.context ?? settings.context,
    env: options.env,
  });
  const cluster = new ClusterClient({ kubeConfig: kube.kubeConfig });
  const mcp: InMemoryConnection = await connectInMemory({
    cluster,
    audit: options.auditLog,
    alerts: options.alerts,
    tokenBudget: settings.resultTokenBudget,
  });
  const actions: ActionBridge = createActionBridge({
    kube,
    settings,
    auditLog: options.auditLog,
    verify: options.verify,
  });
  const who = { osUser: safeUser(), kubeUser: kube.kubeConfig.getCurrentUser()?.name ?? 'unknown' };

  return {
    kube,
    model: modelLabel(settings, options.noModel),
    context: kube.context,
    alertSource: options.alertSourceName,
    triage(alert: Alert, signal: AbortSignal) {
      actions.setAlert(alert);
      return runTriage({
        alert,
        mcp: mcp.client,
        noModel: options.noModel,
        model: settings.model,
        ollamaHost: settings.ollamaHost,
        numCtx: settings.numCtx,
        temperature: settings.temperature,
        keepAlive: settings.keepAlive,
        modelTimeoutMs: settings.modelTimeoutMs,
        signal,
      });
    },
    plan: (recommendation: Recommendation, signal: AbortSignal, overrides?: PlanOverrides) =>
      actions.plan(recommendation, signal, overrides),
    async decide(decision: Decision, plan: PlanView | undefined, recommendation: Recommendation | undefined) {
      const recorded = await actions.decide(decision, plan);
      if (recorded) return recorded;
      const record = await options.auditLog.append({
        kind: 'decision',
        outcome: decision.kind,
        reason: decision.kind === 'rejected' ? decision.reason : undefined,
        parameters: decision.kind === 'approved' ? decision.parameters : undefined,
        edited: decision.kind === 'approved' ? decision.edited : undefined,
        action: recommendation?.action,
        target: recommendation?.target,
        by: who,
      });
      return record.id;
    },
    execute: (plan: PlanView, signal: AbortSignal) => actions.execute(plan, signal),
    rollback: (plan: PlanView, signal: AbortSignal) => actions.rollback(plan, signal),
    parseAlerts: (text: string) => parseAlerts(text, { source: 'pasted alert' }),
    watchAlerts: options.watchAlerts,
    async close() {
      await mcp.close();
    },
  };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
