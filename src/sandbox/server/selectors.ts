// Label and field selectors as the API server parses them (`app=web,tier in (a,b)`, `spec.nodeName=n1`).
import { labelSelectorMatches, type LabelSelectorSpec } from '../../cluster/labelSelector.js';
import type { KubeObject } from '../store.js';
import { badRequest } from './status.js';

type LabelRequirement =
  | { op: 'exists' | '!exists'; key: string }
  | { op: '=' | '!='; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'gt' | 'lt'; key: string; value: number };

export type LabelSelector = LabelRequirement[];

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Parses `?labelSelector=`; a malformed selector is a 400 BadRequest like the real server's. */
export function parseLabelSelector(text: string | null): LabelSelector {
  if (text === null || text.trim() === '') return [];
  const parts = splitOutsideParens(text);
  return parts.map((part) => parseRequirement(part.trim(), text));
}

function splitOutsideParens(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function parseRequirement(part: string, whole: string): LabelRequirement {
  const fail = (why: string) =>
    badRequest(`unable to parse requirement: ${why} in label selector "${whole}"`);
  if (part === '') throw fail('found empty requirement');
  const setMatch = /^(\S+)\s+(in|notin)\s+\(([^()]*)\)$/.exec(part);
  if (setMatch) {
    const [, key = '', op, list = ''] = setMatch;
    checkKey(key, fail);
    const values = list
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    for (const value of values) checkValue(value, fail);
    return { op: op as 'in' | 'notin', key, values };
  }
  const opMatch = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(part);
  if (opMatch) {
    const [, key = '', op, value = ''] = opMatch;
    checkKey(key, fail);
    if (op === '>' || op === '<') {
      const n = Number(value);
      if (!Number.isInteger(n)) throw fail(`for 'gt', 'lt' operators, the value must be an integer`);
      return { op: op === '>' ? 'gt' : 'lt', key, value: n };
    }
    checkValue(value.trim(), fail);
    return { op: op === '!=' ? '!=' : '=', key, value: value.trim() };
  }
  if (part.startsWith('!')) {
    const key = part.slice(1).trim();
    checkKey(key, fail);
    return { op: '!exists', key };
  }
  checkKey(part, fail);
  return { op: 'exists', key: part };
}

function checkKey(key: string, fail: (why: string) => Error): void {
  if (!KEY.test(key) || key.length > 317) throw fail(`invalid label key "${key}"`);
}

function checkValue(value: string, fail: (why: string) => Error): void {
  if (!VALUE.test(value) || value.length > 63) throw fail(`invalid label value: "${value}"`);
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  for (const req of selector) {
    const value = labels?.[req.key];
    switch (req.op) {
      case 'exists':
        if (value === undefined) return false;
        break;
      case '!exists':
        if (value !== undefined) return false;
        break;
      case '=':
        if (value !== req.value) return false;
        break;
      case '!=':
        if (value === req.value) return false;
        break;
      case 'in':
        if (value === undefined || !req.values.includes(value)) return false;
        break;
      case 'notin':
        if (value !== undefined && req.values.includes(value)) return false;
        break;
      case 'gt':
      case 'lt': {
        const n = Number(value);
        if (value === undefined || !Number.isInteger(n)) return false;
        if (req.op === 'gt' ? !(n > req.value) : !(n < req.value)) return false;
        break;
      }
    }
  }
  return true;
}

/** A workload's `spec.selector` (matchLabels + matchExpressions) against a pod's labels. */
export function matchesLabelSelectorSpec(
  spec: LabelSelectorSpec | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return labelSelectorMatches(spec, labels);
}

/** `spec.selector` rendered the way `kubectl get -o wide` and Scale.status.selector show it. */
export function formatLabelSelectorSpec(
  spec:
    { matchLabels?: Record<string, string>; matchExpressions?: Array<Record<string, unknown>> } | undefined,
): string {
  if (!spec) return '<none>';
  const parts = Object.entries(spec.matchLabels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`);
  for (const expr of spec.matchExpressions ?? []) {
    const values = Array.isArray(expr.values) ? expr.values.map(String).join(',') : '';
    switch (expr.operator) {
      case 'In':
        parts.push(`${String(expr.key)} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${String(expr.key)} notin (${values})`);
        break;
      case 'Exists':
        parts.push(String(expr.key));
        break;
      case 'DoesNotExist':
        parts.push(`!${String(expr.key)}`);
        break;
    }
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}

// ---- field selectors ----

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** Fields each resource may be filtered on, as the real API server supports them. */
const SUPPORTED_FIELDS: Record<string, string[]> = {
  'core/pods': [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  'core/events': [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  'core/nodes': ['spec.unschedulable'],
  'core/namespaces': ['status.phase'],
  'core/secrets': ['type'],
  'core/replicationcontrollers': ['status.replicas'],
  'apps/replicasets': ['status.replicas'],
  'events.k8s.io/events': [
    'regarding.kind',
    'regarding.namespace',
    'regarding.name',
    'regarding.uid',
    'regarding.apiVersion',
    'reason',
    'reportingController',
    'type',
  ],
};

export function parseFieldSelector(text: string | null, selectorKey: string): FieldRequirement[] {
  if (text === null || text.trim() === '') return [];
  const allowed = [...COMMON_FIELDS, ...(SUPPORTED_FIELDS[selectorKey] ?? [])];
  return text.split(',').map((part) => {
    const match = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!match) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const [, field = '', op, value = ''] = match;
    if (!allowed.includes(field)) throw badRequest(`field label not supported: ${field}`);
    return { field, op: op === '!=' ? '!=' : '=', value };
  });
}

export function matchesFields(requirements: FieldRequirement[], object: KubeObject): boolean {
  for (const req of requirements) {
    const actual = fieldValue(object, req.field);
    if (req.op === '=' ? actual !== req.value : actual === req.value) return false;
  }
  return true;
}

function fieldValue(object: KubeObject, field: string): string {
  if (field === 'source') {
    const source = object.source as { component?: string } | undefined;
    return source?.component ?? String(object.reportingComponent ?? '');
  }
  let current: unknown = object;
  for (const part of field.split('.')) {
    if (current === null || typeof current !== 'object') return '';
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return field === 'spec.unschedulable' ? 'false' : '';
  return String(current);
}
