// Opens a triage session (src/session) on a cluster: kubeconfig, kopilot's MCP tools, the engine, actions, audit.
import { userInfo } from 'node:os';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Alert } from '../alerts/alert.js';
import { parseAlerts } from '../alerts/parse.js';
import type { AlertSource } from '../alerts/alertSource.js';
import { runTriage } from '../agent/triage.js';
import type { Recommendation } from '../proposal/recommendation.js';
import type { AuditLog } from '../audit/auditLog.js';
import { ClusterClient } from '../cluster/clusterClient.js';
import { loadKubeconfig, type LoadedKubeconfig } from '../cluster/kubeconfig.js';
import type { Settings } from '../config/settings.js';
import { connectInMemory } from '../mcp/inMemory.js';
import type { VerifyOptions } from '../actions/verify.js';
import { initialExecution, type Decision, type PlanView } from './actionView.js';
import { createActionBridge } from './actionBridge.js';
import { feasibleTriage, type CheckedRecommendation } from './feasibility.js';
import {
  modelLabel,
  READ_ONLY_MESSAGE,
  type AlertFeed,
  type OpenTriageSession,
  type PlanResult,
  type TriageSession,
} from './session.js';
import { prometheusFromSettings } from '../metrics/prometheus.js';

/** What a session is made of once the cluster and the MCP tools are at hand. */
export interface TriageSessionParts {
  settings: Settings;
  kube: LoadedKubeconfig;
  /** An MCP client connected to kopilot's read-only tools. */
  mcp: Client;
  noModel: boolean;
  /** Records decisions and writes; a read-only session may go without (eval on its disposable sandbox). */
  auditLog?: AuditLog;
  alertSourceName: string;
  watchAlerts?(onChange: (feed: AlertFeed) => void): () => void;
  /** How verification waits between looks (the demo advances the sandbox clock). */
  verify?: VerifyOptions;
  /** Plans, never approves or executes: eval, serve and the non-interactive output. */
  readOnly?: boolean;
  /** false: no evidence before the first model request (eval's --no-prefetch). */
  prefetch?: boolean;
  /**
   * Where plans are made when not on `kube`: eval reads evidence as a read-only user but dry-runs on its disposable
   * sandbox as admin, because a server-side dry run needs write permission. A read-only session never executes.
   */
  planKube?: LoadedKubeconfig;
}

export interface TriageSessionOptions extends Omit<TriageSessionParts, 'kube' | 'mcp' | 'auditLog'> {
  kubeconfig?: string;
  context?: string;
  auditLog: AuditLog;
  /** For list_related_alerts and the live alert list. */
  alerts?: AlertSource;
  env?: NodeJS.ProcessEnv;
}

/** Reads the kubeconfig and connects the MCP tools; `close()` disconnects them. */
export async function openTriageSession(options: TriageSessionOptions): Promise<OpenTriageSession> {
  const { settings } = options;
  const kube = loadKubeconfig({
    kubeconfig: options.kubeconfig,
    context: options.context ?? settings.context,
    env: options.env,
  });
  const cluster = new ClusterClient({ kubeConfig: kube.kubeConfig });
  const mcp = await connectInMemory({
    cluster,
    audit: options.auditLog,
    alerts: options.alerts,
    metrics: prometheusFromSettings(settings),
    tokenBudget: settings.resultTokenBudget,
  });
  return { ...createTriageSession({ ...options, kube, mcp: mcp.client }), close: () => mcp.close() };
}

/**
 * The session over parts the caller owns (and closes). Plans are checked against the alert the session last
 * triaged, so triages that run side by side (serve) each take their own session; over shared parts it is cheap.
 */
export function createTriageSession(parts: TriageSessionParts): TriageSession {
  const { settings, auditLog } = parts;
  const planKube = parts.readOnly && parts.planKube ? parts.planKube : parts.kube;
  const actions = createActionBridge({ kube: planKube, settings, auditLog, verify: parts.verify });
  // The plan the shown recommendation got when its feasibility was checked: the front end's first plan() is it.
  let checked: { key: string; result: PlanResult } | undefined;
  const remember = ({ event, plan }: CheckedRecommendation) => {
    checked = event && plan ? { key: JSON.stringify(event.recommendation), result: plan } : undefined;
  };
  const who = { osUser: safeUser(), kubeUser: parts.kube.kubeConfig.getCurrentUser()?.name ?? 'unknown' };

  return {
    model: modelLabel(settings, parts.noModel),
    context: parts.kube.context,
    alertSource: parts.alertSourceName,
    ...(parts.readOnly ? { readOnly: true } : {}),
    triage(alert: Alert, signal: AbortSignal) {
      actions.setAlert(alert);
      checked = undefined;
      const events = runTriage({
        alert,
        mcp: parts.mcp,
        noModel: parts.noModel,
        model: settings.model,
        ollamaHost: settings.ollamaHost,
        numCtx: settings.numCtx,
        temperature: settings.temperature,
        keepAlive: settings.keepAlive,
        modelTimeoutMs: settings.modelTimeoutMs,
        ...(parts.prefetch !== undefined ? { prefetch: parts.prefetch } : {}),
        signal,
      });
      const plan = (recommendation: Recommendation) => actions.plan(recommendation, signal);
      return feasibleTriage(events, plan, signal, remember);
    },
    plan(recommendation, signal, overrides) {
      const cached = checked;
      checked = undefined;
      if (cached && !overrides && cached.key === JSON.stringify(recommendation))
        return Promise.resolve(cached.result);
      return actions.plan(recommendation, signal, overrides);
    },
    async decide(decision: Decision, plan: PlanView | undefined, recommendation: Recommendation | undefined) {
      if (parts.readOnly && decision.kind === 'approved') throw new Error(READ_ONLY_MESSAGE);
      const recorded = await actions.decide(decision, plan);
      if (recorded) return recorded;
      if (!auditLog) throw new Error('this session has no audit log: nothing can be decided');
      const record = await auditLog.append({
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
    execute: parts.readOnly
      ? async function* () {
          yield { ...initialExecution(), outcome: 'failed' as const, message: READ_ONLY_MESSAGE };
        }
      : (plan, signal) => actions.execute(plan, signal),
    rollback: (plan, signal) => actions.rollback(plan, signal),
    parseAlerts: (text: string) => parseAlerts(text, { source: 'pasted alert' }),
    watchAlerts: parts.watchAlerts,
  };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}
