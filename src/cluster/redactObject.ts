// Redaction of whole objects (tool results, audit records, diagnostics bundles): every string as free text, every
// value under a credential-like key, env entries {name, value} by their name, container args after credential
// flags, Secret data whole, and last-applied-configuration redacted inside its JSON.
import { isSensitiveKey, normaliseKey } from './redactKeys.js';
import { redactLines } from './redactLog.js';
import { REDACTED, redactText as redactTextRules } from './redactText.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Flags whose next argument is user:password (curl, wget). */
const USER_FLAGS = new Set(['-u', '--user', '-U', '--proxy-user']);
/** Clients that take the password glued to -p: mysql -pX. */
const MYSQL = /(?:^|\/)(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|mysqlsh)$/;
/** Clients whose short flag takes the password as the next argument. */
const SHORT_PASSWORD_FLAGS: Array<[RegExp, string]> = [
  [/(?:^|\/)sshpass$/, '-p'],
  [/(?:^|\/)redis-cli$/, '-a'],
];

/**
 * Free text with credential-like values replaced by [REDACTED]. Text that is (or ends in) a JSON document is redacted
 * as the object it holds, so env lists, args and escaped keys inside it are judged as such.
 */
export function redactText(text: string): string {
  const start = text.indexOf('{');
  const open = /^\s*\[/.test(text) ? text.indexOf('[') : start;
  if (open >= 0 && /[}\]]\s*$/.test(text)) {
    try {
      const parsed = JSON.parse(text.slice(open)) as unknown;
      if (parsed && typeof parsed === 'object') {
        const redacted = walk(parsed, undefined);
        const head = redactTextRules(text.slice(0, open));
        return JSON.stringify(redacted) === JSON.stringify(parsed)
          ? head + text.slice(open)
          : head + JSON.stringify(redacted);
      }
    } catch {
      // Not JSON after all: the text rules below judge it.
    }
  }
  return redactTextRules(text);
}

/** A value under a key such as an annotation, env var or ConfigMap entry, as it may be shown or stored. */
export function redactKeyedValue(key: string, value: string): string {
  if (isSensitiveKey(key)) {
    // "Bearer x" keeps its scheme: the kind of credential helps, the credential does not.
    const scheme = /^((?:[\w-]+:\s*)?(?:Bearer|Basic|Digest|Token|Negotiate)\s+)\S+$/i.exec(value);
    return value === '' ? value : scheme ? `${scheme[1] as string}${REDACTED}` : REDACTED;
  }
  if (normaliseKey(key) === LAST_APPLIED) return redactEmbeddedJson(value);
  return redactText(value);
}

/** JSON kept in a string (last-applied-configuration): redacted as an object; unreadable JSON is dropped. */
function redactEmbeddedJson(text: string): string {
  try {
    return JSON.stringify(walk(JSON.parse(text) as unknown, undefined));
  } catch {
    return REDACTED;
  }
}

function flagName(arg: string): string | undefined {
  const flag = /^--?([\p{L}\p{N}_.-]+)$/u.exec(arg);
  return flag?.[1];
}

/** Container command and args: the argument after --db-pass, -u user:pw, sshpass -p, redis-cli -a is a credential. */
function redactArgs(args: readonly string[]): string[] {
  const out = redactLines(args, redactText);
  for (const [i, arg] of args.entries()) {
    const before = args[i - 1];
    if (MYSQL.test(args[0] ?? '') && /^-p.+/.test(arg) && !arg.startsWith(`-p${REDACTED}`))
      out[i] = `-p${REDACTED}`;
    if (before === undefined || arg.startsWith('-')) continue;
    const name = flagName(before);
    const shortPassword = SHORT_PASSWORD_FLAGS.some(
      ([command, flag]) => before === flag && args.slice(0, i).some((a) => command.test(a)),
    );
    if ((name !== undefined && name.length > 1 && isSensitiveKey(name)) || shortPassword) out[i] = REDACTED;
    else if (USER_FLAGS.has(before) && arg.includes(':'))
      out[i] = `${arg.slice(0, arg.indexOf(':'))}:${REDACTED}`;
  }
  return out;
}

function walk(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') return key === undefined ? redactText(value) : redactKeyedValue(key, value);
  if (Array.isArray(value)) {
    if (value.length && value.every((item) => typeof item === 'string')) {
      return key !== undefined && isSensitiveKey(key)
        ? value.map(() => REDACTED)
        : redactArgs(value as string[]);
    }
    return value.map((item) => walk(item, key));
  }
  if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    // {name: DB_PASS, value: x} (env, headers, parameters) is keyed by its name.
    const pairName = typeof object.name === 'string' ? object.name : undefined;
    const isSecret = object.kind === 'Secret';
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(object)) {
      if (k === 'value' && pairName !== undefined && typeof v === 'string') out[k] = walk(v, pairName);
      else if (isSecret && (k === 'data' || k === 'stringData') && v && typeof v === 'object') {
        out[k] = Object.fromEntries(Object.keys(v).map((name) => [redactText(name), REDACTED]));
      } else out[redactText(k)] = walk(v, k);
    }
    return out;
  }
  return value;
}

/**
 * A deep copy of any JSON value as it may leave kopilot: to the model, an MCP result, a report, the audit log or a
 * diagnostics bundle. The one function every sink for objects calls.
 */
export function redactObject<T>(value: T): T {
  return walk(value, undefined) as T;
}
