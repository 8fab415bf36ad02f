// The one choke point for secrets: every string that leaves a tool passes through here.
// Redacts credential-like values in free text (logs, annotations, ConfigMap values) and in keyed data.

export const REDACTED = '[REDACTED]';

/** Key names whose values are credentials: DB_PASSWORD, api-key, aws_secret_access_key, auth_token, … */
const SENSITIVE_KEY =
  /(pass(?:word|wd|phrase)|pwd|secret|token|api[-_.]?key|access[-_.]?key|private[-_.]?key|client[-_.]?key|credential|authorization|session[-_.]?id|cookie|signature|dsn|connection[-_.]?string)/i;

/** Key names that look sensitive but are not (booleans, file paths, references). */
const HARMLESS_KEY =
  /(_file|_path|_ref|ref$|^tokenizer|expir|_ttl|_length|_enabled|enable_|budget|^(estimated_)?tokens?$|_tokens$)/i;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key) && !HARMLESS_KEY.test(key);
}

interface Rule {
  pattern: RegExp;
  replace: string | ((...groups: string[]) => string);
}

const KEY_WORDS =
  '(?:[A-Za-z0-9_.-]*(?:pass(?:word|wd|phrase)|pwd|secret|token|api[-_.]?key|access[-_.]?key|private[-_.]?key|client[-_.]?key|credentials?|authorization|session[-_.]?id|cookie|signature)[A-Za-z0-9_.-]*)';

const RULES: Rule[] = [
  // PEM private keys and certificates' keys.
  {
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    replace: REDACTED,
  },
  // Authorization headers: "Authorization: Bearer x", "Bearer x", "Basic x", "token x".
  { pattern: /\b(Bearer|Basic|Digest|Token)(\s+)[A-Za-z0-9._~+/=:-]{4,}/gi, replace: `$1$2${REDACTED}` },
  // JSON Web Tokens anywhere.
  { pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: REDACTED },
  // Credentials in URLs: scheme://user:password@host.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]+@/gi, replace: `$1:${REDACTED}@` },
  // key=value, key: value, "key": "value", key => value, with a credential-like key.
  {
    pattern: new RegExp(
      `(${KEY_WORDS}["']?\\s*(?:=|:|=>)\\s*)(?!\\[REDACTED\\]|(?:Bearer|Basic|Digest|Token)\\s)(?:"[^"]*"|'[^']*'|[^\\s,;&"'}\\]]+)`,
      'gi',
    ),
    replace: `$1${REDACTED}`,
  },
  // --password x, -p x style flags.
  { pattern: new RegExp(`(--${KEY_WORDS}[\\s=]+)[^\\s]+`, 'gi'), replace: `$1${REDACTED}` },
  // Well-known token shapes: AWS access keys, GitHub/GitLab/Slack tokens, Google API keys.
  {
    pattern:
      /\b(?:AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abpors]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})\b/g,
    replace: REDACTED,
  },
];

/** Free text with credential-like values replaced by [REDACTED]. */
export function redactText(text: string): string {
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, rule.replace as string);
  }
  return out;
}

/** A keyed value (env var, annotation, ConfigMap entry): redacted whole when the key is credential-like. */
export function redactKeyedValue(key: string, value: string): string {
  return isSensitiveKey(key) ? REDACTED : redactText(value);
}

/**
 * A deep copy of any JSON value with every string redacted and every value under a credential-like key
 * replaced. This is the last step before any tool result leaves the server.
 */
export function redactDeep<T>(value: T): T {
  return walk(value, undefined) as T;
}

function walk(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') {
    return key !== undefined && isSensitiveKey(key) && value !== '' ? REDACTED : redactText(value);
  }
  if (Array.isArray(value)) return value.map((item) => walk(item, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redactText(k)] = walk(v, k);
    return out;
  }
  return value;
}
