// "What changed" reads the whole pod template between two revisions, with credential values redacted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffPodTemplates } from '../../src/mcp/templateDiff.js';
import { mcpOnSandbox, type McpOnSandbox } from './sandboxMcp.js';

const before = {
  spec: {
    containers: [
      {
        name: 'api',
        image: 'registry.shop.example.com/payments/api:4.1.3',
        args: ['--config=/etc/api/config.yaml'],
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'DB_PASSWORD', value: 'hunter2-old' },
        ],
        envFrom: [{ configMapRef: { name: 'api-env' } }],
        resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
        readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
      },
    ],
    volumes: [{ name: 'config', configMap: { name: 'api-config-v1' } }],
  },
};

const after = {
  spec: {
    containers: [
      {
        name: 'api',
        image: 'registry.shop.example.com/payments/api:4.1.3',
        args: ['--config=/etc/api/config.yaml', '--strict'],
        env: [
          { name: 'LOG_LEVEL', value: 'debug' },
          { name: 'DB_PASSWORD', value: 'hunter2-new' },
          { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } },
        ],
        envFrom: [{ configMapRef: { name: 'api-env' } }, { secretRef: { name: 'api-secrets' } }],
        resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '512Mi' } },
        readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 10, failureThreshold: 1 },
      },
    ],
    volumes: [{ name: 'config', configMap: { name: 'api-config-v2' } }],
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'payments', effect: 'NoSchedule' }],
  },
};

describe('pod template diff', () => {
  it('payments api, same image: args, env, envFrom, config map, memory, probe and tolerations are named', () => {
    const diff = diffPodTemplates(before, after);
    expect(diff).toEqual(
      expect.arrayContaining([
        'container api args ["--config=/etc/api/config.yaml"] → ["--config=/etc/api/config.yaml","--strict"]',
        'container api env LOG_LEVEL: info → debug',
        'container api env API_TOKEN added (secret api-token key token)',
        'container api envFrom secret api-secrets added',
        'container api resources requests cpu 500m, memory 1Gi; limits memory 1Gi → requests cpu 500m, memory 512Mi; limits memory 512Mi',
        'container api readinessProbe httpGet :8080/healthz, every 10s → httpGet :8080/ready, every 10s, 1 failures',
        'volume config: configmap api-config-v1 → configmap api-config-v2',
      ]),
    );
    expect(diff.some((d) => d.startsWith('tolerations'))).toBe(true);
    expect(diff.some((d) => /image/.test(d))).toBe(false);
    // A credential's value never shows, old or new; that it changed does.
    expect(diff.join('\n')).not.toMatch(/hunter2/);
    expect(diff).toContain('container api env DB_PASSWORD changed (value redacted)');
  });

  it('identical templates differ in nothing', () => {
    expect(diffPodTemplates(before, structuredClone(before))).toEqual([]);
  });
});

describe('get_deployment_history on the sandbox', () => {
  let rig: McpOnSandbox;
  beforeAll(async () => {
    rig = await mcpOnSandbox({ scenario: 'crashloop-bad-config' });
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('payments-api crash-looping after 4.2.0: the template diff, the revisions kept and the earlier different one', async () => {
    const result = await rig.client.callTool({
      name: 'get_deployment_history',
      arguments: { namespace: 'payments', deployment: 'payments-api', token_budget: 400 },
    });
    const facts = result.structuredContent as Record<string, unknown>;
    expect(facts.revisions).toBe(2);
    expect(facts.template_diff).toEqual(
      expect.arrayContaining([
        'container api image registry.shop.example.com/payments/payments-api:4.1.3 → 4.2.0',
      ]),
    );
    expect(facts.earlier_different).toMatch(/^revision 1, \d+d old$/);
    expect(facts.summary).toMatch(/2 revisions kept, an earlier different one: revision 1/);
  });
});
