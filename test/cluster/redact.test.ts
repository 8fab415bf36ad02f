import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { redactDeep, redactKeyedValue, redactText, REDACTED } from '../../src/cluster/redact.js';

const CANARY = 'kopilot-canary-7f3a9c2e';

describe('redactText', () => {
  it.each([
    `password=${CANARY}`,
    `Authorization: Bearer ${CANARY}`,
    `DB_PASSWORD: ${CANARY}`,
    `{"api_key": "${CANARY}"}`,
    `connecting to postgres://app:${CANARY}@db:5432/app`,
    `--token ${CANARY}`,
    `client_secret='${CANARY}'`,
    `AWS_SECRET_ACCESS_KEY=${CANARY} next`,
  ])('hides the credential in %s', (line) => {
    const out = redactText(line);
    expect(out).not.toContain(CANARY);
    expect(out).toContain(REDACTED);
  });

  it('hides JWTs, PEM keys and well-known token shapes', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl';
    expect(redactText(`token is ${jwt}`)).not.toContain(jwt);
    expect(redactText('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----')).toBe(REDACTED);
    expect(redactText('key AKIAABCDEFGHIJKLMNOP used')).toBe(`key ${REDACTED} used`);
  });

  it('keeps the facts an on-call engineer needs', () => {
    const line = 'OOMKilled: container webapp used 7.6Gi of 8Gi; MemoryPressure=True on worker-02';
    expect(redactText(line)).toBe(line);
    const pull = 'Failed to pull image "registry/webapp:v2": unauthorized: authentication required';
    expect(redactText(pull)).toBe(pull);
  });
});

describe('keyed values', () => {
  it('redacts values under credential-like keys whatever they look like', () => {
    expect(redactKeyedValue('DB_PASSWORD', 'hunter2')).toBe(REDACTED);
    expect(redactKeyedValue('LOG_LEVEL', 'debug')).toBe('debug');
    const deep = redactDeep({ annotations: { 'vault.io/token': 'abc', team: 'web' }, token_budget: 400 });
    expect(deep).toEqual({ annotations: { 'vault.io/token': REDACTED, team: 'web' }, token_budget: 400 });
  });

  it('never lets a credential after "password=" through, whatever its characters', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_\-+/.]{6,40}$/), (secret) => {
        expect(redactText(`user=app password=${secret} ok`)).not.toContain(`password=${secret}`);
        expect(JSON.stringify(redactDeep({ env: { DB_PASSWORD: secret } }))).not.toContain(secret);
      }),
    );
  });
});

describe('redaction is stable', () => {
  it('gives the same text when applied twice (the server redacts what tools already redacted)', () => {
    const lines = [
      `user=webapp password=${CANARY} sslmode=require`,
      `Authorization: Bearer ${CANARY}`,
      `postgres://app:${CANARY}@db:5432`,
    ];
    for (const line of lines) expect(redactText(redactText(line))).toBe(redactText(line));
    expect(redactText(`Authorization: Bearer ${CANARY}`)).toBe(`Authorization: Bearer ${REDACTED}`);
  });
});
