// Field validation the real API server does before storing: names, selectors, containers, resources, immutable fields.
import { tryParseQuantity } from '../../cluster/quantity.js';
import type { KubeObject } from '../store.js';
import type { ResourceType } from './resources.js';
import { matchesLabelSelectorSpec } from './selectors.js';
import { invalid } from './status.js';

interface Cause {
  field: string;
  message: string;
  reason?: string;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

const WORKLOADS = new Set(['apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets']);

/** Throws 422 Invalid with one cause per problem, like kube-apiserver's validation. */
export function validateObject(type: ResourceType, object: KubeObject, previous?: KubeObject): void {
  const causes: Cause[] = [];
  const { name } = object.metadata;
  const dnsLabelNames = type.storeKey === 'core/namespaces' || type.storeKey === 'core/services';
  const namePattern = dnsLabelNames ? DNS_LABEL : DNS_SUBDOMAIN;
  if (!namePattern.test(name) || name.length > (dnsLabelNames ? 63 : 253)) {
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 ${dnsLabelNames ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    });
  }
  for (const [key, value] of Object.entries(object.metadata.labels ?? {})) {
    if (!validLabelKey(key))
      causes.push({
        field: 'metadata.labels',
        message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.'`,
      });
    if (typeof value !== 'string' || !LABEL_VALUE.test(value) || value.length > 63)
      causes.push({
        field: 'metadata.labels',
        message: `Invalid value: "${String(value)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.'`,
      });
  }
  if (type.storeKey === 'core/pods') {
    validatePodSpec(rec(object.spec), 'spec', causes);
    if (previous) validatePodUpdate(rec(previous.spec), rec(object.spec), causes);
  }
  if (WORKLOADS.has(type.storeKey)) validateWorkload(type, object, previous, causes);
  if (type.storeKey === 'autoscaling/horizontalpodautoscalers') {
    const spec = rec(object.spec);
    const min = spec.minReplicas ?? 1;
    if (typeof min !== 'number' || min < 1)
      causes.push({
        field: 'spec.minReplicas',
        message: `Invalid value: ${String(min)}: must be greater than or equal to 1`,
      });
    if (typeof spec.maxReplicas !== 'number' || spec.maxReplicas < (typeof min === 'number' ? min : 1))
      causes.push({
        field: 'spec.maxReplicas',
        message: `Invalid value: ${String(spec.maxReplicas)}: must be greater than or equal to \`minReplicas\``,
      });
  }
  if (type.storeKey === 'policy/poddisruptionbudgets') {
    const spec = rec(object.spec);
    if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined)
      causes.push({
        field: 'spec',
        message: 'Invalid value: minAvailable and maxUnavailable cannot be both set',
      });
  }
  if (causes.length > 0) throw invalid(type.group, type.kind, name, causes);
}

function validLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (!DNS_SUBDOMAIN.test(prefix) || prefix.length > 253)) return false;
  return LABEL_KEY_NAME.test(name) && name.length <= 63;
}

function validateWorkload(
  type: ResourceType,
  object: KubeObject,
  previous: KubeObject | undefined,
  causes: Cause[],
): void {
  const spec = rec(object.spec);
  const selector = spec.selector as Parameters<typeof matchesLabelSelectorSpec>[0];
  const template = rec(spec.template);
  const templateLabels = rec(template.metadata).labels as Record<string, string> | undefined;
  if (type.storeKey !== 'apps/daemonsets' && spec.replicas !== undefined) {
    if (typeof spec.replicas !== 'number' || !Number.isInteger(spec.replicas) || spec.replicas < 0)
      causes.push({
        field: 'spec.replicas',
        message: `Invalid value: ${JSON.stringify(spec.replicas)}: must be greater than or equal to 0`,
      });
  }
  if (!selector || Object.keys(rec(selector)).length === 0) {
    causes.push({ field: 'spec.selector', message: 'Required value', reason: 'FieldValueRequired' });
  } else if (!matchesLabelSelectorSpec(selector, templateLabels)) {
    causes.push({
      field: 'spec.template.metadata.labels',
      message: `Invalid value: ${JSON.stringify(templateLabels ?? {})}: \`selector\` does not match template \`labels\``,
    });
  }
  if (previous && JSON.stringify(rec(previous.spec).selector) !== JSON.stringify(spec.selector)) {
    causes.push({
      field: 'spec.selector',
      message: `Invalid value: ${JSON.stringify(spec.selector)}: field is immutable`,
    });
  }
  validatePodSpec(rec(template.spec), 'spec.template.spec', causes);
}

function validatePodSpec(spec: Rec, path: string, causes: Cause[]): void {
  const containers = Array.isArray(spec.containers) ? (spec.containers as unknown[]) : [];
  if (containers.length === 0) {
    causes.push({ field: `${path}.containers`, message: 'Required value', reason: 'FieldValueRequired' });
  }
  const seen = new Set<string>();
  const check = (list: unknown, listName: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, i) => {
      const c = rec(raw);
      const at = `${path}.${listName}[${i}]`;
      const name = c.name;
      if (typeof name !== 'string' || !DNS_LABEL.test(name))
        causes.push({
          field: `${at}.name`,
          message: `Invalid value: ${JSON.stringify(name ?? '')}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'`,
        });
      else if (seen.has(name))
        causes.push({
          field: `${at}.name`,
          message: `Duplicate value: "${name}"`,
          reason: 'FieldValueDuplicate',
        });
      else seen.add(name);
      if (typeof c.image !== 'string' || c.image.trim() === '')
        causes.push({ field: `${at}.image`, message: 'Required value', reason: 'FieldValueRequired' });
      validateResources(rec(c.resources), `${at}.resources`, causes);
    });
  };
  check(spec.containers, 'containers');
  check(spec.initContainers, 'initContainers');
}

function validateResources(resources: Rec, path: string, causes: Cause[]): void {
  const parsed: Record<'limits' | 'requests', Record<string, number>> = { limits: {}, requests: {} };
  for (const kind of ['limits', 'requests'] as const) {
    for (const [resource, raw] of Object.entries(rec(resources[kind]))) {
      const value = tryParseQuantity(raw as string | number);
      if (value === undefined) {
        causes.push({
          field: `${path}.${kind}[${resource}]`,
          message: `Invalid value: ${JSON.stringify(raw)}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
        });
      } else if (value < 0) {
        causes.push({
          field: `${path}.${kind}[${resource}]`,
          message: `Invalid value: ${JSON.stringify(raw)}: must be greater than or equal to 0`,
        });
      } else parsed[kind][resource] = value;
    }
  }
  for (const [resource, request] of Object.entries(parsed.requests)) {
    const limit = parsed.limits[resource];
    if (limit !== undefined && request > limit) {
      const raw = rec(resources.requests)[resource];
      causes.push({
        field: `${path}.requests`,
        message: `Invalid value: ${JSON.stringify(String(raw))}: must be less than or equal to ${resource} limit of ${String(rec(resources.limits)[resource])}`,
      });
    }
  }
}

/** Pods are mostly immutable: only images, tolerations additions and activeDeadlineSeconds may change. */
function validatePodUpdate(before: Rec, after: Rec, causes: Cause[]): void {
  const mask = (spec: Rec) => {
    const copy = structuredClone(spec);
    for (const list of ['containers', 'initContainers'] as const) {
      const items = copy[list];
      if (Array.isArray(items))
        for (const c of items) if (c && typeof c === 'object') delete (c as Rec).image;
    }
    delete copy.activeDeadlineSeconds;
    delete copy.tolerations;
    return JSON.stringify(copy);
  };
  if (mask(before) !== mask(after)) {
    causes.push({
      field: 'spec',
      message:
        'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      reason: 'FieldValueForbidden',
    });
  }
}
