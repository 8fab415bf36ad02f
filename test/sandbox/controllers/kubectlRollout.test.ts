// The real kubectl against the sandbox: a rollout to an image the registry lacks never becomes available,
// `kubectl rollout status` reports the exceeded deadline, and `kubectl rollout undo` brings the Deployment back.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxClock } from '../../../src/sandbox/clock.js';
import { simulationSchema } from '../../../src/sandbox/controllers/simulation.js';
import { serveSandbox } from '../../../src/sandbox/index.js';
import { ObjectStore } from '../../../src/sandbox/store.js';
import { deployment, isReady, node } from './cluster.js';

const KUBECTL = '/usr/bin/kubectl';
const run = promisify(execFile);

function kubectlAvailable(): boolean {
  if (existsSync(KUBECTL) || process.env.CI) return true;
  console.warn(`\n!!! SKIPPING kubectl rollout tests: ${KUBECTL} not found !!!\n`);
  return false;
}

const BAD_IMAGE = 'registry.example.com/webapp:2.5.0-typo';

describe.runIf(kubectlAvailable())('kubectl rollout against the simulated controllers', () => {
  let sandbox: Awaited<ReturnType<typeof serveSandbox>>;
  const kubectl = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(
        KUBECTL,
        ['--kubeconfig', sandbox.kubeconfigPath, '-n', 'production', ...args],
        {
          timeout: 60_000,
        },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  };

  beforeAll(async () => {
    const clock = new SandboxClock();
    const store = new ObjectStore(clock);
    for (const name of ['worker-01', 'worker-02', 'worker-03']) store.create('core/nodes', node(name));
    store.create('core/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'production' },
    });
    store.create('apps/deployments', deployment('webapp', { progressDeadlineSeconds: 120 }));
    sandbox = await serveSandbox({
      store,
      clock,
      namespace: 'production',
      simulation: simulationSchema.parse({ unavailableImages: [BAD_IMAGE] }),
    });
    await sandbox.settle();
    clock.advance(2000);
    await sandbox.settle();
  });
  afterAll(() => sandbox?.close());

  it('set image to a missing tag: rollout status fails on the deadline, undo restores three ready pods', async () => {
    expect((await kubectl('rollout', 'status', 'deployment/webapp', '--timeout=30s')).stdout).toContain(
      'deployment "webapp" successfully rolled out',
    );
    expect((await kubectl('set', 'image', 'deployment/webapp', `webapp=${BAD_IMAGE}`)).code).toBe(0);
    await sandbox.settle();
    sandbox.clock.advance(10_000);
    await sandbox.settle();
    const pods = await kubectl('get', 'pods');
    expect(pods.stdout).toMatch(/webapp-\w+-\w{5}\s+0\/1\s+(ErrImagePull|ImagePullBackOff)\s/);

    sandbox.clock.advance(121_000);
    await sandbox.settle();
    const stalled = await kubectl('rollout', 'status', 'deployment/webapp', '--timeout=30s');
    expect(stalled.code).not.toBe(0);
    expect(stalled.stderr).toContain('error: deployment "webapp" exceeded its progress deadline');

    const undo = await kubectl('rollout', 'undo', 'deployment/webapp');
    expect(undo.stdout).toContain('deployment.apps/webapp rolled back');
    const healed = await kubectl('rollout', 'status', 'deployment/webapp', '--timeout=30s');
    expect(healed.stdout).toContain('deployment "webapp" successfully rolled out');
    const history = await kubectl('rollout', 'history', 'deployment/webapp');
    expect(history.stdout).toMatch(/^2\s/m);
    expect(history.stdout).toMatch(/^3\s/m);
    const running = sandbox.store.list('core/pods', 'production');
    expect(running).toHaveLength(3);
    expect(running.every(isReady)).toBe(true);
    expect(
      running.every(
        (p) => (p.spec as { containers: Array<{ image: string }> }).containers[0]?.image !== BAD_IMAGE,
      ),
    ).toBe(true);
  });
});
