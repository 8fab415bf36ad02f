// Credential values in free text (log lines, event messages, annotations, command lines, URLs) replaced by
// [REDACTED]: keyed values, flags, URL userinfo and query parameters, webhooks, provider key shapes, PEM keys,
// and base64 that decodes to any of these. Prose that merely names a secret ("secret \"db\" not found") is kept.
import { isSensitiveKey } from './redactKeys.js';

export const REDACTED = '[REDACTED]';

type Replacer = (match: string, ...rest: unknown[]) => string;
interface Rule {
  pattern: RegExp;
  replace: string | Replacer;
}

/** A key as it is written in text, look-alike spellings included (escapes, zero-width, other scripts). */
const KEY = String.raw`(?:[\p{L}\p{N}\p{Pc}\p{Pd}_.\-]|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|%[0-9a-fA-F]{2}|[\u00AD\u200B-\u200F\u2060\uFEFF])+`;
/**
 * A key may only start where a run of key characters starts: unanchored, a long run ("aaaa…", 60 KiB in one
 * annotation) is tried from every position and redaction grows with the square of it.
 */
const KEY_START = String.raw`(?<![\p{L}\p{N}\p{Pc}\p{Pd}_.\-\\%\u00AD\u200B-\u200F\u2060\uFEFF])`;
/** A value: quoted (escapes allowed) or a run up to the next separator. */
const VALUE = String.raw`\\"(?:[^"\\]|\\[^"])*?\\"|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s,;&"'}\]<>)]+`;
const SCHEMES = 'Bearer|Basic|Digest|Token|Negotiate|NTLM|AWS4-HMAC-SHA256|Splunk|SSWS|ApiKey';

const PEM =
  /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----(?! \[REDACTED)[\s\S]*?(?:-----END \1-----|$)/g;

/** A scheme's credential must look like one, so "token refresh failed" stays prose. */
function looksLikeCredential(text: string): boolean {
  return text.length >= 20 || /[\d._~+/=:-]/.test(text);
}

function quoteOf(value: string): string {
  if (value.startsWith('\\"')) return '\\"';
  const first = value[0];
  return first === '"' || first === "'" ? first : '';
}

function redactValue(value: string): string {
  const quote = quoteOf(value);
  return quote ? `${quote}${REDACTED}${quote}` : REDACTED;
}

/** key=value, key: value, "key": "value", key => value, --key=value. Keys are judged by isSensitiveKey. */
const keyedValuePattern = new RegExp(
  `(["']?)${KEY_START}(${KEY})\\1([ \\t]*(?:=>|:=|=|:)[ \\t]*)(${VALUE})`,
  'gu',
);
/** How deep `a=b=c=…` values are looked into: a value holding key=value pairs is redacted inside, a few levels. */
const NESTED_DEPTH = 3;
let depth = 0;
const keyedValueReplace: Replacer = (match, quote, key, separator, value, offset, whole) => {
  const [k, sep, v, at, text] = [key, separator, value, offset, whole] as [
    string,
    string,
    string,
    number,
    string,
  ];
  const head = `${String(quote)}${k}${String(quote)}${sep}`;
  if (!isSensitiveKey(k)) {
    if (!/[=:]/.test(v) || depth >= NESTED_DEPTH) return match;
    depth += 1;
    try {
      return head + v.replace(new RegExp(keyedValuePattern.source, 'gu'), keyedValueReplace);
    } finally {
      depth -= 1;
    }
  }
  if (v.startsWith('[REDACTED') || new RegExp(`^(?:${SCHEMES})$`, 'i').test(v)) return match;
  // "FailedToRetrieveImagePullSecret: Unable to retrieve …" is an event reason followed by prose.
  if (sep.includes(':') && /\s$/.test(sep) && /^\p{L}+$/u.test(v)) {
    const after = text.slice(at + match.length);
    if (/^[,.;]?[ \t]+\S/u.test(after) || /^\p{Lu}\p{Ll}+(?:\p{Lu}[\p{Ll}\d]*){2,}$/u.test(k)) return match;
  }
  return head + redactValue(v);
};
const keyedValue: Rule = { pattern: keyedValuePattern, replace: keyedValueReplace };

const RULES: Rule[] = [
  // A whole key becomes [REDACTED]; one cut off at the end of the text keeps its BEGIN line, so that the lines
  // after it (the next log lines) are known to be inside a key.
  {
    pattern: PEM,
    replace: (match, label) =>
      /-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----$/.test(match)
        ? REDACTED
        : `-----BEGIN ${String(label)}----- ${REDACTED}`,
  },
  // An Authorization header: whatever follows the scheme is the credential.
  {
    pattern: new RegExp(
      `((?:proxy-)?authorization["']?\\s*[:=]\\s*["']?(?:(?:${SCHEMES})\\s+)?)(?!\\[REDACTED\\]|(?:${SCHEMES})\\s+\\[REDACTED\\])[^\\s"',;]{3,}`,
      'gi',
    ),
    replace: `$1${REDACTED}`,
  },
  {
    pattern: new RegExp(`\\b(${SCHEMES})(\\s+)(?!\\[REDACTED\\]|realm=)([A-Za-z0-9._~+/=:-]{4,})`, 'g'),
    replace: (match, scheme, space, credential) =>
      looksLikeCredential(String(credential)) ? `${String(scheme)}${String(space)}${REDACTED}` : match,
  },
  {
    pattern: new RegExp(`\\b(bearer|basic)(\\s+)(?!\\[REDACTED\\]|realm=)([A-Za-z0-9._~+/=:-]{4,})`, 'g'),
    replace: (match, scheme, space, credential) =>
      looksLikeCredential(String(credential)) ? `${String(scheme)}${String(space)}${REDACTED}` : match,
  },
  // JSON Web Tokens.
  { pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: REDACTED },
  // Webhook URLs carry their secret in the path.
  {
    pattern:
      /(https?:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers|actions)\/|(?:[\w-]+\.)*discord(?:app)?\.com\/api\/webhooks\/|[\w.-]*(?:webhook\.office\.com|outlook\.office(?:365)?\.com)\/webhook(?:b2)?\/))(?!\[REDACTED)[^\s"'<>)\]]+/gi,
    replace: `$1${REDACTED}`,
  },
  {
    pattern:
      /(https?:\/\/[^\s/"'<>]+\/(?:[^\s?#"'<>]*\/)?(?:hooks|webhooks?)\/)(?!\[REDACTED)([^\s"'<>)\]]{16,})/gi,
    replace: `$1${REDACTED}`,
  },
  // URL userinfo: scheme://user:password@host keeps the user; scheme://TOKEN@host loses the token.
  {
    // Anchored at the start of the scheme: a long run of letters and dots would be retried from every position.
    pattern: /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^\s:/@?#"'<>]+)(?::([^\s@/?#"'<>]*))?@(?=[\w[])/gi,
    replace: (match, scheme, user, password) => {
      if (password !== undefined)
        return password === REDACTED ? match : `${String(scheme)}${String(user)}:${REDACTED}@`;
      const u = String(user);
      const tokenLike =
        u !== REDACTED && (u.length >= 16 || (/\d/.test(u) && /[a-z]/i.test(u) && u.length >= 8));
      return tokenLike ? `${String(scheme)}${REDACTED}@` : match;
    },
  },
  // Query parameters: ?sig=, &token=, &key=, X-Amz-Signature=, X-Goog-Credential=…
  {
    pattern: /([?&;](?:amp;)?)([\w.%-]+)=([^&#\s"'<>]+)/g,
    replace: (match, sep, name, value) => {
      const n = String(name);
      if (String(value).startsWith('[REDACTED')) return match;
      const sensitive = isSensitiveKey(n) || /^(?:key|sig|code|client_assertion|sv_sig)$/i.test(n);
      return sensitive ? `${String(sep)}${n}=${REDACTED}` : match;
    },
  },
  // Literal secret values handed to kubectl, whatever their key is called.
  {
    pattern: /(--from-literal[=\s]+[^=\s"']+=)(?!\[REDACTED)("[^"]*"|'[^']*'|[^\s"']+)/g,
    replace: `$1${REDACTED}`,
  },
  // PHP-style define('DB_PASSWORD', 'x').
  {
    pattern: /(define\(\s*["']([\w.-]+)["']\s*,\s*)("[^"]*"|'[^']*')/g,
    replace: (match, head, key, value) =>
      isSensitiveKey(String(key)) ? `${String(head)}${redactValue(String(value))}` : match,
  },
  // {"name": "DB_PASS", "value": "x"} and "- name: DB_PASS\n  value: x" written out as text.
  {
    pattern: new RegExp(
      `((["']?)name\\2\\s*[:=]\\s*["']?)${KEY_START}(${KEY})(["']?\\s*(?:,|\\n)\\s*(["']?)value\\5\\s*[:=]\\s*)(${VALUE})`,
      'gu',
    ),
    replace: (match, head, _q, key, middle, _q2, value) =>
      isSensitiveKey(String(key)) && !String(value).startsWith('[REDACTED')
        ? `${String(head)}${String(key)}${String(middle)}${redactValue(String(value))}`
        : match,
  },
  keyedValue,
  // Flags with the value after a space: --db-pass x, --client-secret "x".
  {
    pattern: new RegExp(`((?:^|[\\s"'\\[(,])--?(${KEY})\\s+)(?!-)(${VALUE})`, 'gmu'),
    replace: (match, head, flag, value) =>
      isSensitiveKey(String(flag)) && !String(value).startsWith('[REDACTED')
        ? `${String(head)}${redactValue(String(value))}`
        : match,
  },
  // Password flags of common clients: mysql -pX, sshpass -p X, redis-cli -a X, curl -u user:X.
  {
    pattern:
      /(\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump|mysqlsh)\b[^\n|;&]*?\s-p)(?!\[REDACTED)([^\s"']+)/g,
    replace: `$1${REDACTED}`,
  },
  { pattern: /(\bsshpass\s+-p\s*)(?!\[REDACTED)(\S+)/g, replace: `$1${REDACTED}` },
  { pattern: /(\bredis-cli\b[^\n|;&]*?\s-a\s*)(?!\[REDACTED)(\S+)/g, replace: `$1${REDACTED}` },
  {
    pattern: /((?:^|[\s"'])(?:-u|--user|--proxy-user|-U)[\s=]*["']?[^\s:"'@/]+:)(?!\[REDACTED)([^\s"']+)/g,
    replace: `$1${REDACTED}`,
  },
  { pattern: /(^|\n)(\s*(?:requirepass|masterauth)\s+)(\S+)/g, replace: `$1$2${REDACTED}` },
  // Provider key shapes, wherever they appear.
  {
    pattern: new RegExp(
      '(?<![A-Za-z0-9_])(?:' +
        [
          '(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}',
          'whsec_[A-Za-z0-9]{16,}',
          'sk-(?:proj-|ant-(?:api\\d\\d-)?|svcacct-|admin-)?[A-Za-z0-9_-]{20,}',
          'gh[pousr]_[A-Za-z0-9]{20,}',
          'github_pat_[A-Za-z0-9_]{20,}',
          'xox[abposr]-[A-Za-z0-9-]{10,}',
          'xapp-[A-Za-z0-9-]{10,}',
          '(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|A3T[A-Z0-9])[A-Z0-9]{16}',
          'AIza[0-9A-Za-z_-]{35}',
          'gl(?:pat|dt|rt|ptt|cbt|oas|soat|ft)-[A-Za-z0-9_-]{20,}',
          'npm_[A-Za-z0-9]{36}',
          'hv[sbr]\\.[A-Za-z0-9_-]{24,}',
          'SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}',
          'dop_v1_[a-f0-9]{64}',
          'shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}',
          'ya29\\.[A-Za-z0-9_-]{20,}',
          'pypi-[A-Za-z0-9_-]{50,}',
        ].join('|') +
        ')',
      'g',
    ),
    replace: REDACTED,
  },
];

/** A line that is nothing but a long base64 run of mixed case and digits: the body of a key. */
const KEY_BODY_LINE = /^(\s*)([A-Za-z0-9+/]{48,}={0,2})(\s*)$/gm;
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])([A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9_-]{16,})(?![A-Za-z0-9+/=_-])/g;

function isKeyBody(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run);
}

/** Base64 that decodes to text holding a credential ("password=…" encoded) is itself a credential. */
function redactEncoded(text: string): string {
  return text.replace(BASE64_RUN, (run) => {
    const decoded = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    if (decoded.length < 8 || /[^\x20-\x7E\t\r\n]/.test(decoded)) return run;
    return applyRules(decoded) !== decoded ? REDACTED : run;
  });
}

function applyRules(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.pattern, rule.replace as string);
  return out;
}

/** Free text with credential-like values replaced by [REDACTED]. Applying it twice gives the same text. */
export function redactText(text: string): string {
  if (text.length < 6) return text;
  const out = applyRules(text).replace(KEY_BODY_LINE, (line, lead, run, trail) =>
    isKeyBody(String(run)) ? `${String(lead)}${REDACTED}${String(trail)}` : line,
  );
  return redactEncoded(out);
}
