// Checks a recommendation against the action catalogue, with errors a small model can act on.
import type { z } from 'zod';
import type { Alert } from '../alerts/alert.js';
import { editDistance } from '../cluster/closestNames.js';
import type { Recommendation } from '../proposal/recommendation.js';
import { ACTION_TARGET_KINDS, type ActionTarget, type ActionTargetKind } from './actionTarget.js';
import {
  ACTION_TYPES,
  actionCatalogue,
  isActionType,
  parameterShape,
  type ActionParameters,
  type ActionType,
} from './catalogue/index.js';

export interface ValidationContext {
  /** The alert under triage: fills a missing namespace or container, names the silence's alert. */
  alert?: Alert;
}

export type ValidatedAction = {
  [K in ActionType]: { ok: true; action: K; target: ActionTarget; parameters: ActionParameters[K] };
}[ActionType];

export type ValidationResult = ValidatedAction | { ok: false; error: string };

/** Names the design's origin project and small models use for our actions. */
const ACTION_ALIASES: Record<string, ActionType> = {
  scale_deployment: 'scale_workload',
  scale_statefulset: 'scale_workload',
  scale: 'scale_workload',
  restart_deployment: 'restart_workload',
  restart_daemonset: 'restart_workload',
  restart_statefulset: 'restart_workload',
  rollout_restart: 'restart_workload',
  update_hpa: 'patch_hpa',
  notify_only: 'escalate',
  notify: 'escalate',
  rollback: 'rollback_deployment',
  delete_pod: 'restart_pod',
  cordon: 'cordon_node',
  uncordon: 'uncordon_node',
  drain: 'drain_node',
  increase_memory: 'increase_resources',
  increase_limits: 'increase_resources',
};

const KIND_ALIASES: Record<string, ActionTargetKind> = {
  po: 'Pod',
  deploy: 'Deployment',
  sts: 'StatefulSet',
  ds: 'DaemonSet',
  rs: 'ReplicaSet',
  quota: 'ResourceQuota',
  ns: 'Namespace',
  svc: 'Service',
  netpol: 'NetworkPolicy',
  ing: 'Ingress',
  cj: 'CronJob',
  hpa: 'HorizontalPodAutoscaler',
  pvc: 'PersistentVolumeClaim',
  pdb: 'PodDisruptionBudget',
  no: 'Node',
};

/** Keys a model adds to explain itself; they carry no parameter and are dropped. */
const COMMENTARY_KEYS = new Set([
  'reason',
  'reasoning',
  'why',
  'explanation',
  'kind',
  'name',
  'namespace',
  'target',
]);

const CLUSTER_SCOPED: ReadonlySet<ActionTargetKind> = new Set(['Node', 'Alert', 'Namespace']);

function normaliseAction(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function normaliseKind(text: string): ActionTargetKind | undefined {
  const key = text.trim().toLowerCase();
  const alias = KIND_ALIASES[key] ?? KIND_ALIASES[key.replace(/s$/, '')];
  if (alias) return alias;
  return ACTION_TARGET_KINDS.find((k) => k.toLowerCase() === key || `${k.toLowerCase()}s` === key);
}

function snakeCase(key: string): string {
  return key
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase();
}

/** `{"resources":{"limits":{"memory":"12Gi"}}}` (the Kubernetes shape) → `{"memory_limit":"12Gi"}`. */
function flattenResources(parameters: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...parameters };
  const nested = (out.resources ?? undefined) as Record<string, unknown> | undefined;
  const sources: Array<[string, unknown]> = [
    ['limit', out.limits ?? nested?.limits],
    ['request', out.requests ?? nested?.requests],
  ];
  let flattened = false;
  for (const [suffix, block] of sources) {
    if (!block || typeof block !== 'object') continue;
    for (const [res, value] of Object.entries(block as Record<string, unknown>)) {
      if (res === 'memory' || res === 'cpu') {
        out[`${res}_${suffix}`] ??= value;
        flattened = true;
      }
    }
  }
  if (flattened) {
    delete out.resources;
    delete out.limits;
    delete out.requests;
  }
  return out;
}

function cleanParameters(action: ActionType, raw: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw ?? {})) {
    const name = snakeCase(key);
    if (COMMENTARY_KEYS.has(name) || value === null) continue;
    out[name] = value;
  }
  if (action === 'increase_resources') out = flattenResources(out);
  return out;
}

function closest(word: string, choices: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const choice of choices) {
    const d = editDistance(word, choice);
    if (d < bestDistance) {
      best = choice;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(3, Math.floor(word.length / 3)) ? best : undefined;
}

function describeIssues(action: ActionType, error: z.ZodError, given: Record<string, unknown>): string {
  const allowed = Object.keys(parameterShape(action)).join(', ') || 'none';
  const parts = error.issues.slice(0, 2).map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => `"${k}"`).join(', ');
      return `unknown parameter ${keys} for ${action}; allowed parameters: ${allowed}`;
    }
    const path = issue.path.join('.');
    if (issue.code === 'invalid_type' && path && given[String(issue.path[0])] === undefined) {
      return `${action} needs parameter ${path}; e.g. ${JSON.stringify(actionCatalogue[action].example)}`;
    }
    return path ? `${action} parameter ${path}: ${issue.message}` : `${action}: ${issue.message}`;
  });
  return parts.join('; ');
}

/**
 * Checks a recommendation against the catalogue: known action, a target kind the action can change, the
 * namespace it needs, and parameters of the right type. Errors are one sentence a small model can act on.
 */
export function validateRecommendation(
  rec: Recommendation,
  context: ValidationContext = {},
): ValidationResult {
  const actionName = normaliseAction(String(rec.action ?? ''));
  const action = isActionType(actionName) ? actionName : ACTION_ALIASES[actionName];
  if (!action) {
    const near = closest(actionName, [...ACTION_TYPES, ...Object.keys(ACTION_ALIASES)]);
    const guess = near && (isActionType(near) ? near : ACTION_ALIASES[near]);
    return {
      ok: false,
      error: `unknown action "${rec.action}"${guess ? ` (did you mean ${guess}?)` : ''}; choose one of: ${ACTION_TYPES.join(', ')}`,
    };
  }
  const definition = actionCatalogue[action];
  const alertTarget = context.alert?.target;

  const kindText = String(rec.target?.kind ?? '');
  const kind =
    normaliseKind(kindText) ?? (kindText.trim() === '' && action === 'silence_alert' ? 'Alert' : undefined);
  if (!kind) {
    return {
      ok: false,
      error: `target.kind "${kindText}" is not a kind ${action} can change; use one of: ${definition.targetKinds.join(', ')}`,
    };
  }
  if (!(definition.targetKinds as readonly string[]).includes(kind)) {
    return {
      ok: false,
      error: `${action} cannot target a ${kind}; it targets ${definition.targetKinds.join(' or ')}`,
    };
  }
  const name = String(rec.target?.name ?? '').trim() || (kind === 'Alert' ? (context.alert?.name ?? '') : '');
  if (!name) return { ok: false, error: `target.name is missing; name the ${kind} to change` };

  let namespace: string | undefined;
  if (!CLUSTER_SCOPED.has(kind)) {
    namespace = rec.target?.namespace?.trim() || alertTarget?.namespace;
    if (!namespace) {
      return { ok: false, error: `target.namespace is missing; give the namespace of ${kind} ${name}` };
    }
  }

  const parameters = cleanParameters(action, (rec.parameters ?? {}) as Record<string, unknown>);
  if (action === 'increase_resources' && parameters.container === undefined && alertTarget?.container) {
    parameters.container = alertTarget.container;
  }
  const parsed = definition.parameters.safeParse(parameters);
  if (!parsed.success) return { ok: false, error: describeIssues(action, parsed.error, parameters) };

  return {
    ok: true,
    action,
    target: { kind, name, ...(namespace ? { namespace } : {}) },
    parameters: parsed.data,
  } as ValidatedAction;
}
