// Parses any alert JSON an engineer pastes into normalised Alerts, or says in one line what is wrong with it.
import type { z } from 'zod';
import type { Alert } from './alert.js';
import {
  alertGroupSchema,
  gettableAlertSchema,
  postableAlertSchema,
  prometheusAlertsResponseSchema,
  webhookPayloadSchema,
} from './formats.js';
import { MAX_ALERT_INPUT_BYTES, readJson, type JsonValue } from './jsonText.js';
import { describeJson, quoteShort } from './describeJson.js';
import { fromAlertGroups, fromGettable, fromPostable, fromPrometheus, fromWebhook } from './normalise.js';

export type AlertParseErrorKind =
  'empty' | 'too-large' | 'not-utf8' | 'invalid-json' | 'wrong-shape' | 'no-alerts';

export type AlertParseResult =
  { ok: true; alerts: Alert[] } | { ok: false; kind: AlertParseErrorKind; error: string };

export interface ParseAlertsOptions {
  /** Where the text came from (a file name, "stdin"): it starts every error line. */
  source?: string;
  /** The time that decides whether a posted alert's endsAt has passed. */
  now?: Date;
}

const NOT_AN_ALERT =
  'not an alert: expected an AlertManager webhook payload, API v2 alert(s) or alert groups, ' +
  'a Prometheus /api/v1/alerts response, or an object with labels';

/** Never throws on bad input: every problem comes back as `{ok: false}` with one line saying what is wrong. */
export function parseAlerts(input: string | Uint8Array, options: ParseAlertsOptions = {}): AlertParseResult {
  const fail = (kind: AlertParseErrorKind, error: string): AlertParseResult => ({
    ok: false,
    kind,
    error: options.source ? `${options.source}: ${error}` : error,
  });
  const bytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (bytes > MAX_ALERT_INPUT_BYTES) {
    return fail(
      'too-large',
      `alert input is ${bytes} bytes, over the 1 MiB limit (${MAX_ALERT_INPUT_BYTES} bytes)`,
    );
  }
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    const decoded = decodeUtf8(input);
    if (!decoded.ok) return fail('not-utf8', decoded.error);
    text = decoded.text;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark from Windows editors
  if (text.trim() === '') return fail('empty', 'no alert given: the input is empty');

  const json = readJson(text);
  if (!json.ok) return fail('invalid-json', json.error);
  const result = alertsFromJson(json.value, options.now ?? new Date());
  if (!result.ok) return fail(result.kind, result.error);
  return result;
}

type Interpreted = { ok: true; alerts: Alert[] } | { ok: false; kind: AlertParseErrorKind; error: string };

function alertsFromJson(value: JsonValue, now: Date): Interpreted {
  const check = <S extends z.ZodType>(schema: S, data: unknown): z.infer<S> | ShapeError => {
    const parsed = schema.safeParse(data);
    return parsed.success
      ? (parsed.data as z.infer<S>)
      : new ShapeError(describeIssue(parsed.error.issues, value));
  };
  const done = (alerts: Alert[] | ShapeError, emptyWhat: string): Interpreted => {
    if (alerts instanceof ShapeError) return { ok: false, kind: 'wrong-shape', error: alerts.message };
    if (alerts.length === 0)
      return { ok: false, kind: 'no-alerts', error: `no alerts in the input: ${emptyWhat}` };
    return { ok: true, alerts };
  };
  const map = <T, R>(parsed: T | ShapeError, f: (t: T) => R): R | ShapeError =>
    parsed instanceof ShapeError ? parsed : f(parsed);

  if (Array.isArray(value)) {
    const first = value[0];
    if (first === undefined) return done([], 'the list is empty');
    if (isObject(first) && 'alerts' in first && 'receiver' in first) {
      const groups = check(alertGroupSchema.array(), value);
      return done(
        map(groups, (g) => fromAlertGroups(g, now)),
        'the alert groups hold no alerts',
      );
    }
    if (isObject(first) && 'fingerprint' in first && isObject(first.status)) {
      return done(
        map(check(gettableAlertSchema.array(), value), (list) => list.map((a) => fromGettable(a, now))),
        'the list is empty',
      );
    }
    if (isObject(first) && 'labels' in first) {
      return done(
        map(check(postableAlertSchema.array(), value), (list) => list.map((a) => fromPostable(a, now))),
        'the list is empty',
      );
    }
    return { ok: false, kind: 'wrong-shape', error: `$[0]: ${NOT_AN_ALERT}` };
  }
  if (!isObject(value)) {
    return {
      ok: false,
      kind: 'wrong-shape',
      error: `$: expected an alert object or a list of alerts, got ${describeJson(value)}`,
    };
  }
  if ('alerts' in value && isObject(value.receiver)) {
    return done(
      map(check(alertGroupSchema, value), (g) => fromAlertGroups([g], now)),
      'the alert group holds no alerts',
    );
  }
  if ('alerts' in value) {
    return done(
      map(check(webhookPayloadSchema, value), (p) => fromWebhook(p, now)),
      'the webhook payload’s alerts list is empty',
    );
  }
  if ('status' in value && ('data' in value || value.status === 'error')) {
    if (value.status === 'error') {
      const reason = typeof value.error === 'string' ? `: ${oneLine(value.error)}` : '';
      return {
        ok: false,
        kind: 'wrong-shape',
        error: `$.status: the Prometheus response is an error${reason}`,
      };
    }
    return done(
      map(check(prometheusAlertsResponseSchema, value), (r) => fromPrometheus(r, now)),
      'Prometheus reports no alerts',
    );
  }
  if ('fingerprint' in value && isObject(value.status)) {
    return done(
      map(check(gettableAlertSchema, value), (a) => [fromGettable(a, now)]),
      '',
    );
  }
  if ('labels' in value) {
    return done(
      map(check(postableAlertSchema, value), (a) => [fromPostable(a, now)]),
      '',
    );
  }
  return { ok: false, kind: 'wrong-shape', error: `$: ${NOT_AN_ALERT}` };
}

class ShapeError {
  constructor(readonly message: string) {}
}

function isObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One line for the first problem: the JSON path of the bad field, and what was expected there. */
function describeIssue(issues: z.core.$ZodIssue[], root: JsonValue): string {
  const issue = issues[0];
  if (!issue) return '$: invalid alert';
  const path = [...issue.path];
  let reason: string;
  switch (issue.code) {
    case 'invalid_type': {
      const actual = valueAt(root, path);
      reason =
        actual === undefined
          ? `missing (expected ${expectedName(issue.expected)})`
          : `expected ${expectedName(issue.expected)}, got ${describeJson(actual)}`;
      break;
    }
    case 'invalid_value':
      reason = `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${describeJson(valueAt(root, path))}`;
      break;
    case 'invalid_key':
      reason = 'invalid key';
      break;
    default:
      reason = issue.message;
  }
  return `${formatPath(path)}: ${reason}`;
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'object':
    case 'record':
      return 'an object';
    case 'array':
      return 'a list';
    default:
      return expected;
  }
}

function valueAt(root: JsonValue, path: PropertyKey[]): JsonValue | undefined {
  let here: JsonValue | undefined = root;
  for (const key of path) {
    if (Array.isArray(here) && typeof key === 'number') here = here[key];
    else if (isObject(here) && typeof key === 'string' && Object.hasOwn(here, key)) here = here[key];
    else return undefined;
  }
  return here;
}

/** `$.alerts[0].labels.severity`, quoting keys that are not plain identifiers. */
export function formatPath(path: PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) && key.length <= 60)
      out += `.${key}`;
    else out += `[${quoteShort(String(key))}]`;
  }
  return out;
}

function oneLine(text: string): string {
  return quoteShort(text.replace(/\s+/g, ' '));
}

function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: string } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    const byte = bytes[offset] ?? 0;
    return {
      ok: false,
      error: `alert input is not UTF-8 text: byte 0x${byte.toString(16).padStart(2, '0')} at offset ${offset}`,
    };
  }
}

function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // The longest valid prefix: binary search over prefix lengths is wrong at split characters, so walk.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const size =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (size === 0 || i + size > bytes.length) return i;
    try {
      decoder.decode(bytes.subarray(i, i + size));
    } catch {
      return i;
    }
    i += size;
  }
  return i;
}
