import { describe, expect, it } from 'vitest';
import {
  LogRedactor,
  isSensitiveKey,
  redactKeyedValue,
  redactLines,
  redactObject,
  redactText,
} from '../../src/cluster/redact.js';
import { canaryCorpus, corpusManifests, leakedCanaries } from '../fixtures/canaries/corpus.js';
import { throughEverySink } from './canarySinks.js';

const redactor = { redactText, redactKeyedValue, redactObject, redactLines };

describe('the canary corpus', () => {
  it('plants more than 110 distinct shapes in every kind of place', () => {
    expect(canaryCorpus.length).toBeGreaterThanOrEqual(110);
    expect(new Set(canaryCorpus.map((c) => c.canary)).size).toBe(canaryCorpus.length);
    expect(new Set(canaryCorpus.map((c) => c.where))).toEqual(
      new Set(['env', 'arg', 'annotation', 'configmap', 'log', 'event', 'url']),
    );
  });

  it.each(canaryCorpus.map((c) => [`${c.canary} ${c.where}: ${c.shape}`, c] as const))(
    'no sink lets out %s',
    (_, c) => {
      for (const out of throughEverySink(c, redactor)) expect(leakedCanaries(out, [c]), out).toEqual([]);
    },
  );

  it('holds every canary when the whole corpus is planted as a Deployment, Pod, ConfigMap, Events and a log', () => {
    const planted = corpusManifests();
    const { logs, ...objects } = planted;
    const out =
      JSON.stringify(redactObject(objects)) + redactLines(logs[0]?.text.split('\n') ?? []).join('\n');
    expect(leakedCanaries(JSON.stringify(planted)).length).toBe(canaryCorpus.length);
    expect(leakedCanaries(out).map((c) => c.shape)).toEqual([]);
  });

  it('holds a PEM key streamed in chunks that split its lines anywhere', () => {
    const text = canaryCorpus
      .filter((c) => c.where === 'log')
      .flatMap((c) => (c.where === 'log' ? c.lines : []))
      .join('\n');
    for (const size of [1, 7, 64, 1000]) {
      const stream = new LogRedactor();
      let out = '';
      for (let i = 0; i < text.length; i += size) out += stream.write(text.slice(i, i + size));
      out += stream.end();
      const pemShapes = canaryCorpus.filter((c) => /PEM/.test(c.shape) && c.where === 'log');
      expect(leakedCanaries(out, pemShapes)).toEqual([]);
      expect(out).toContain('key loaded');
    }
  });
});

describe('a PEM key in a log excerpt', () => {
  const key = (n: number) => [
    '-----BEGIN RSA PRIVATE KEY-----',
    `MIIEpAIBAAKCAQEA${'x7Kq'.repeat(12)}`,
    'Zm9vYmFyYmF6cXV4',
    'Qw9xZ1==',
    '-----END RSA PRIVATE KEY-----',
    `request ${n} served in 12ms`,
  ];

  it('hides every key line when the tool redacted line by line before the server redacted the list', () => {
    const twice = redactLines(key(1).map((line) => redactText(line)));
    expect(twice.slice(1, 4)).toEqual(['[REDACTED]', '[REDACTED]', '[REDACTED]']);
    expect(twice.at(-1)).toBe('request 1 served in 12ms');
  });

  it('hides the key lines above an END line whose BEGIN the tail cut off, and nothing after it', () => {
    const tail = redactLines(['GET /healthz 200', ...key(2).slice(1)]);
    expect(tail).toEqual([
      'GET /healthz 200',
      '[REDACTED]',
      '[REDACTED]',
      '[REDACTED]',
      '-----END RSA PRIVATE KEY-----',
      'request 2 served in 12ms',
    ]);
  });
});

describe('prose about secrets is kept word for word', () => {
  it.each([
    'FailedToRetrieveImagePullSecret: Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed.',
    'Error: secret "db-credentials" not found',
    "couldn't find key password in Secret prod/db",
    "Error: couldn't find key DB_PASSWORD in Secret production/db-credentials",
    'token refresh failed: connection refused',
    'password authentication failed for user "app"',
    'FATAL:  password authentication failed for user "app"',
    'MountVolume.SetUp failed for volume "db-secret" : secret "db-secret" not found',
    'TokenRequest: failed to fetch token: serviceaccounts "default" not found',
    'WARN token: expired, refreshing',
    'INFO auth: user app logged in from 10.0.0.5',
    'Secret: not found',
    'invalid bearer token',
    'Bearer token is missing from the request',
    'WWW-Authenticate: Bearer realm="kubernetes"',
    'the server has asked for the client to provide credentials',
    'error: You must be logged in to the server (Unauthorized)',
    'Readiness probe failed: HTTP probe failed with statuscode: 401',
    'Liveness probe failed: Get "http://10.1.2.3:8080/healthz": context deadline exceeded',
    'Pulling image "ghcr.io/org/app@sha256:4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b"',
    'Container ID containerd://4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b',
    'pod uid 7c1e4b2a-9d3f-4e8a-b6c5-0f1e2d3c4b5a restarted',
    'secret/db-credentials configured',
    'basic auth failed for user admin',
    'ssh://git@github.com/org/repo.git fetched',
    'https://admin@grafana.example.com/login redirected',
    '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available',
  ])('%s', (line) => {
    expect(redactText(line)).toBe(line);
    expect(redactLines([line])).toEqual([line]);
  });

  it('keeps settings that describe a credential rather than hold it', () => {
    for (const [key, value] of [
      ['SECRET_NAME', 'db-credentials'],
      ['TOKEN_TTL', '3600'],
      ['AUTH_MODE', 'oidc'],
      ['ENABLE_AUTH', 'true'],
      ['DB_PASSWORD_FILE', '/run/secrets/db'],
      ['MAX_TOKENS', '512'],
      ['PASSENGER_MAX_POOL', '6'],
      ['BYPASS_CACHE', 'true'],
    ] as const) {
      expect(isSensitiveKey(key), key).toBe(false);
      expect(redactKeyedValue(key, value)).toBe(value);
    }
  });

  it('keeps a pod template’s references to secrets, which name them and hold nothing', () => {
    const spec = {
      imagePullSecrets: [{ name: 'regcred' }],
      volumes: [{ name: 'creds', secret: { secretName: 'db-credentials' } }],
      containers: [
        {
          name: 'app',
          image:
            'registry.example.com/app@sha256:4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b',
          env: [
            { name: 'LOG_LEVEL', value: 'debug' },
            { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
          ],
          envFrom: [{ secretRef: { name: 'api-tokens' } }],
          args: ['--port', '8080', '-p', '9090', '--token-file', '/var/run/token'],
        },
      ],
    };
    expect(redactObject(spec)).toEqual(spec);
  });
});

describe('keyed redaction of objects', () => {
  it('hides a Secret’s data whatever its keys are called, and keeps the keys', () => {
    const secret = {
      kind: 'Secret',
      metadata: { name: 'db' },
      data: { 'config.ini': 'aGVsbG8=', user: 'YXBw' },
    };
    expect(redactObject(secret)).toEqual({
      ...secret,
      data: { 'config.ini': '[REDACTED]', user: '[REDACTED]' },
    });
  });

  it('redacts inside last-applied-configuration and keeps the rest of it readable', () => {
    const applied = JSON.stringify({
      kind: 'Deployment',
      spec: { replicas: 3, env: [{ name: 'API_TOKEN', value: 'x1y2z3w4' }] },
    });
    const out = redactKeyedValue('kubectl.kubernetes.io/last-applied-configuration', applied);
    expect(JSON.parse(out)).toEqual({
      kind: 'Deployment',
      spec: { replicas: 3, env: [{ name: 'API_TOKEN', value: '[REDACTED]' }] },
    });
    expect(redactKeyedValue('kubectl.kubernetes.io/last-applied-configuration', '{"broken')).toBe(
      '[REDACTED]',
    );
  });

  it('is stable: redacting twice gives what redacting once gave, for every planted shape', () => {
    for (const c of canaryCorpus) {
      for (const out of throughEverySink(c, redactor)) expect(redactText(out)).toBe(out);
    }
  });
});
