import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterClient } from '../../src/cluster/clusterClient.js';
import { loadKubeconfig } from '../../src/cluster/kubeconfig.js';
import { UsageError } from '../../src/errors.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

function kubeconfigText(context: string, server: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: ${context}
  cluster: {server: "${server}", insecure-skip-tls-verify: true}
users:
- name: ${context}
  user: {token: "t-${context}"}
contexts:
- name: ${context}
  context: {cluster: ${context}, user: ${context}}
current-context: ${context}
`;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kopilot-kubeconfig-'));
  await writeFile(join(dir, 'a'), kubeconfigText('alpha', 'https://alpha.example:6443'));
  await writeFile(join(dir, 'b'), kubeconfigText('beta', 'https://beta.example:6443'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadKubeconfig, as kubectl does it', () => {
  it('--kubeconfig wins over KUBECONFIG', () => {
    const loaded = loadKubeconfig({ kubeconfig: join(dir, 'b'), env: { KUBECONFIG: join(dir, 'a') } });
    expect(loaded.context).toBe('beta');
  });

  it('merges every file of KUBECONFIG, the first file setting the current context', () => {
    const loaded = loadKubeconfig({ env: { KUBECONFIG: `${join(dir, 'a')}:${join(dir, 'b')}` } });
    expect(loaded.contexts.sort()).toEqual(['alpha', 'beta']);
    expect(loaded.context).toBe('alpha');
    const beta = loadKubeconfig({
      env: { KUBECONFIG: `${join(dir, 'a')}:${join(dir, 'b')}` },
      context: 'beta',
    });
    expect(beta.kubeConfig.getCurrentCluster()?.server).toBe('https://beta.example:6443');
  });

  it('falls back to ~/.kube/config, then in-cluster, then says what to do', () => {
    expect(() => loadKubeconfig({ env: { HOME: dir } })).toThrow(
      /no kubeconfig found: pass --kubeconfig, set KUBECONFIG/,
    );
    const inCluster = loadKubeconfig({
      env: { HOME: dir, KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' },
    });
    expect(inCluster.source).toBe('in-cluster');
    expect(inCluster.kubeConfig.getCurrentCluster()?.server).toBe('https://10.0.0.1:443');
  });

  it('names the contexts there are when --context is unknown', () => {
    expect(() => loadKubeconfig({ kubeconfig: join(dir, 'a'), context: 'prod' })).toThrow(UsageError);
    expect(() => loadKubeconfig({ kubeconfig: join(dir, 'a'), context: 'prod' })).toThrow(/contexts: alpha/);
  });
});

describe('ClusterClient on the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'webapp-memory' });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('follows continue tokens through every page', async () => {
    const { kubeConfig } = loadKubeconfig({
      kubeconfig: sandbox.kubeconfigPath,
      context: 'sandbox-readonly',
    });
    const cluster = new ClusterClient({ kubeConfig, pageSize: 4 });
    const pods = await cluster.list('core/pods');
    expect(pods.length).toBe(sandbox.store.count('core/pods'));
    expect(cluster.stats.requests).toBe(Math.ceil(pods.length / 4));
    expect(new Set(pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).size).toBe(pods.length);
  });

  it('filters by label and field selectors on the server', async () => {
    const { kubeConfig } = loadKubeconfig({
      kubeconfig: sandbox.kubeconfigPath,
      context: 'sandbox-readonly',
    });
    const cluster = new ClusterClient({ kubeConfig });
    const onNode = await cluster.list('core/pods', { fieldSelector: 'spec.nodeName=worker-02' });
    expect(onNode.length).toBeGreaterThan(0);
    expect(onNode.every((p) => p.spec.nodeName === 'worker-02')).toBe(true);
  });
});
