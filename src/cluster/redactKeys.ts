// Is this key name a credential's? Undoes look-alike spellings (escapes, full-width, Cyrillic, zero-width), then
// judges the name word by word: DB_PASS, smtpCreds and _authToken are credentials; TOKEN_TTL and secretName are not.

const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;

/** Letters from other scripts that look like Latin ones, as they appear in look-alike key names (lower case). */
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ɑ: 'a',
  ı: 'i',
  ο: 'o',
  α: 'a',
  β: 'b',
  ε: 'e',
  ζ: 'z',
  η: 'h',
  ι: 'i',
  κ: 'k',
  μ: 'm',
  ν: 'n',
  ρ: 'p',
  τ: 't',
  υ: 'y',
  χ: 'x',
  ѡ: 'w',
};
const CONFUSABLE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'g');

/** Words that make a key a credential wherever they appear inside one of its words. */
const CREDENTIAL_INSIDE = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'credential',
  'apikey',
  'accesskey',
  'privatekey',
  'secretkey',
  'signature',
  'cookie',
  'sessionid',
  'connectionstring',
  'bearer',
  'htpasswd',
  'requirepass',
  'masterauth',
  'authorization',
];
/** Words that are credentials only when they are a whole word of the key. */
const CREDENTIAL_WORD = new Set([
  'pass',
  'pw',
  'pwd',
  'creds',
  'cred',
  'auth',
  'sig',
  'dsn',
  'pat',
  'otp',
  'psk',
  'sas',
  'jwt',
  'hmac',
]);
/** `key` is a credential after one of these: API_KEY, SECRET_KEY, tls.key, AccountKey, client-key-data. */
const KEY_QUALIFIER = new Set([
  'api',
  'access',
  'secret',
  'private',
  'client',
  'account',
  'signing',
  'sign',
  'encryption',
  'encrypt',
  'master',
  'shared',
  'storage',
  'service',
  'license',
  'app',
  'admin',
  'root',
  'deploy',
  'webhook',
  'ssh',
  'gpg',
  'pgp',
  'jwt',
  'aes',
  'crypt',
  'cipher',
  'auth',
  'primary',
  'secondary',
  'consumer',
  'merchant',
  'tls',
  'session',
  'hmac',
  'subscription',
  'sas',
  'write',
  'read',
  'ingest',
  'install',
]);
/** Words that look like credentials but are plural names of references or counters. */
const NOT_A_CREDENTIAL = new Set(['tokens', 'tokenizer', 'secrets', 'passes', 'keys', 'passed', 'passing']);
/** A last word that makes the value a description of the credential, not the credential itself. */
const DESCRIBES_IT = new Set([
  'file',
  'files',
  'path',
  'dir',
  'ref',
  'refs',
  'name',
  'names',
  'url',
  'uri',
  'endpoint',
  'host',
  'hostname',
  'port',
  'ttl',
  'timeout',
  'expiry',
  'expires',
  'expiration',
  'expiresat',
  'length',
  'size',
  'count',
  'enabled',
  'disabled',
  'required',
  'mode',
  'type',
  'kind',
  'provider',
  'method',
  'format',
  'version',
  'header',
  'policy',
  'issuer',
  'audience',
  'scope',
  'scopes',
  'realm',
  'strategy',
  'backend',
  'mount',
  'location',
  'interval',
  'period',
  'budget',
  'limit',
  'max',
  'min',
  'reason',
  'status',
  'algorithm',
  'rotation',
  'namespace',
  'selector',
  'lifetime',
  'age',
  'expire',
  'expired',
  'used',
  'usage',
  'prefix',
  'env',
  'var',
]);
/** A first word that makes the key a switch about the credential: ENABLE_AUTH, REQUIRE_PASSWORD. */
const SWITCH = new Set([
  'enable',
  'enabled',
  'disable',
  'disabled',
  'use',
  'require',
  'required',
  'allow',
  'skip',
]);

/** The key as a person reads it: escapes decoded, full-width and look-alike letters mapped, zero-width removed. */
export function normaliseKey(key: string): string {
  let out = key
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  if (/%[0-9a-fA-F]{2}/.test(out)) {
    try {
      out = decodeURIComponent(out);
    } catch {
      out = out.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  }
  return out.normalize('NFKC').replace(ZERO_WIDTH, '');
}

/** The words of a key: DB_PASSWORD → db, password; _authToken → auth, token; X-Amz-Signature → x, amz, signature. */
export function keyWords(key: string): string[] {
  const spaced = normaliseKey(key)
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .replace(CONFUSABLE, (c) => CONFUSABLES[c] ?? c);
  return spaced.split(/[^a-z0-9]+/).filter(Boolean);
}

function isCredentialWord(word: string, before: string | undefined): boolean {
  if (NOT_A_CREDENTIAL.has(word)) return false;
  if (CREDENTIAL_WORD.has(word)) return true;
  if (word === 'key') return before !== undefined && KEY_QUALIFIER.has(before);
  return CREDENTIAL_INSIDE.some((inside) => word.includes(inside));
}

/** True when the value under this key (env var, annotation, ConfigMap entry, JSON field, flag) is a credential. */
export function isSensitiveKey(key: string): boolean {
  const words = keyWords(key);
  if (!words.length) return false;
  const last = words[words.length - 1] as string;
  if (DESCRIBES_IT.has(last) || SWITCH.has(words[0] as string)) return false;
  return words.some((word, i) => isCredentialWord(word, words[i - 1]));
}
