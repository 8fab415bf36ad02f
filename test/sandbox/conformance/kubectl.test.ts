// The real kubectl against the sandbox: the commands an on-call engineer types work unchanged, with real effects.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { eventually } from '../server/apiClient.js';
import { readyPods, startFixtureSandbox, type FixtureSandbox } from '../server/fixtureCluster.js';
import { kubectlAvailable, kubectlFor } from './kubectl.js';

type Kubectl = ReturnType<typeof kubectlFor>;

/** Runs simulated time ten times faster while `work` runs, so rollouts finish in about a second. */
async function fastForward<T>(sandbox: FixtureSandbox, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => sandbox.clock.advance(500), 50);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

const deploymentImage = (sandbox: FixtureSandbox) =>
  (
    sandbox.store.get('apps/deployments', 'production', 'webapp')?.spec as {
      template: { spec: { containers: Array<{ image: string }> } };
    }
  ).template.spec.containers[0]?.image;

describe.runIf(kubectlAvailable('kubectl conformance tests'))('kubectl against the sandbox', () => {
  let sandbox: FixtureSandbox;
  let kubectl: Kubectl;

  beforeAll(async () => {
    sandbox = await startFixtureSandbox();
    kubectl = kubectlFor(sandbox.kubeconfigPath);
  });

  afterAll(async () => {
    await sandbox?.close();
    if (kubectl) rmSync(kubectl.cacheDir, { recursive: true, force: true });
  });

  it('get pods -A lists every namespace with READY and STATUS', async () => {
    const { code, stdout, stderr } = await kubectl.run('get', 'pods', '-A');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    expect(lines.filter((l) => /^production\s+webapp-\S+\s+1\/1\s+Running\s+0\s/.test(l))).toHaveLength(3);
    expect(lines.filter((l) => /^kube-system\s+node-exporter-/.test(l))).toHaveLength(3);
  });

  it('get nodes -o wide shows status, roles, version and the wide columns', async () => {
    const { code, stdout } = await kubectl.run('get', 'nodes', '-o', 'wide');
    expect(code).toBe(0);
    expect(stdout).toMatch(/NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE/);
    expect(stdout).toMatch(
      /worker-02\s+Ready\s+worker\s+30d\s+v1\.32\.4\s+10\.0\.1\.12\s+<none>\s+Ubuntu 24\.04\.1 LTS/,
    );
  });

  it('describe deployment shows replicas, the pod template, conditions, the new ReplicaSet and events', async () => {
    const { code, stdout } = await kubectl.run('describe', 'deployment', 'webapp');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable/);
    expect(stdout).toMatch(/Image:\s+registry\.example\.com\/webapp:2\.4\.1/);
    expect(stdout).toMatch(/Limits:\s+cpu:\s+2\s+memory:\s+8Gi/);
    expect(stdout).toMatch(/NewReplicaSet:\s+webapp-\w+ \(3\/3 replicas created\)/);
    expect(stdout).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller/);
  });

  it('top pods and top nodes read metrics.k8s.io', async () => {
    const pods = await kubectl.run('top', 'pods');
    expect(pods.code).toBe(0);
    expect(pods.stdout).toMatch(/NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    expect(pods.stdout).toMatch(/webapp-\S+\s+1200m\s+7782Mi/);
    const nodes = await kubectl.run('top', 'nodes');
    expect(nodes.code).toBe(0);
    // Node usage follows the pods the controllers run, so only its shape is fixed here.
    for (const node of ['worker-01', 'worker-02', 'worker-03']) {
      expect(nodes.stdout).toMatch(new RegExp(`${node}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`));
    }
  });

  it('apply -f creates then configures an object (OpenAPI v3 lets kubectl validate on the server)', async () => {
    const file = join(kubectl.cacheDir, 'flags.yaml');
    const manifest = (value: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: feature-flags\ndata:\n  checkout: "${value}"\n`;
    writeFileSync(file, manifest('off'));
    const created = await kubectl.run('apply', '-f', file);
    expect(created.stdout.trim()).toBe('configmap/feature-flags created');
    writeFileSync(file, manifest('on'));
    const configured = await kubectl.run('apply', '-f', file);
    expect(configured.stdout.trim()).toBe('configmap/feature-flags configured');
    expect(sandbox.store.get('core/configmaps', 'production', 'feature-flags')?.data).toEqual({
      checkout: 'on',
    });
  });

  it('the read-only context can read pods but gets Forbidden for Secrets and writes', async () => {
    const pods = await kubectl.run('--context', 'sandbox-readonly', 'get', 'pods');
    expect(pods.code).toBe(0);
    const secrets = await kubectl.run('--context', 'sandbox-readonly', 'get', 'secrets');
    expect(secrets.code).toBe(1);
    expect(secrets.stderr).toContain(
      'Error from server (Forbidden): secrets is forbidden: User "sandbox-readonly" cannot list resource "secrets" in API group "" in the namespace "production"',
    );
    const before = sandbox.writeCount();
    const scale = await kubectl.run(
      '--context',
      'sandbox-readonly',
      'scale',
      'deployment/webapp',
      '--replicas=5',
    );
    expect(scale.code).toBe(1);
    expect(scale.stderr).toContain('cannot patch resource "deployments/scale"');
    expect(sandbox.writeCount()).toBe(before);
  });

  it('get pods -w prints the change when a pod is deleted and replaced', async () => {
    const watch = kubectl.start('get', 'pods', '-w', '--output-watch-events', '-l', 'app=webapp');
    try {
      await eventually(
        () => watch.output.stdout.split('\n').filter((l) => l.startsWith('ADDED')).length === 3,
        20_000,
      );
      const victim = sandbox.store
        .list('core/pods', 'production')
        .find((p) => p.metadata.labels?.app === 'webapp');
      const name = victim?.metadata.name ?? '';
      const deleted = await kubectl.run('delete', 'pod', name, '--wait=false');
      expect(deleted.stdout).toContain(`pod "${name}" deleted`);
      await eventually(() => new RegExp(`DELETED\\s+${name}`).test(watch.output.stdout), 20_000);
      await eventually(
        () => watch.output.stdout.split('\n').filter((l) => l.startsWith('ADDED')).length >= 4,
        20_000,
      );
    } finally {
      await watch.stop();
    }
    await fastForward(sandbox, () =>
      eventually(() => readyPods(sandbox.store, 'production', 'webapp') === 3, 20_000),
    );
  });

  it('scale changes the replica count and the controllers follow', async () => {
    const before = sandbox.writeCount();
    const scaled = await kubectl.run('scale', 'deployment/webapp', '--replicas=4');
    expect(scaled.stdout.trim()).toBe('deployment.apps/webapp scaled');
    expect(sandbox.writeCount()).toBe(before + 1);
    await fastForward(sandbox, () =>
      eventually(() => readyPods(sandbox.store, 'production', 'webapp') === 4, 20_000),
    );
    const back = await kubectl.run('scale', 'deployment/webapp', '--replicas=3');
    expect(back.code).toBe(0);
    await fastForward(sandbox, () =>
      eventually(() => readyPods(sandbox.store, 'production', 'webapp') === 3, 20_000),
    );
  });

  it('rollout status follows an image change to the end, and rollout undo brings the old image back', async () => {
    const set = await kubectl.run(
      'set',
      'image',
      'deployment/webapp',
      'webapp=registry.example.com/webapp:2.5.0',
    );
    expect(set.code).toBe(0);
    const status = await fastForward(sandbox, () =>
      kubectl.run('rollout', 'status', 'deployment/webapp', '--timeout=60s'),
    );
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('deployment "webapp" successfully rolled out');
    expect(deploymentImage(sandbox)).toBe('registry.example.com/webapp:2.5.0');

    const undo = await kubectl.run('rollout', 'undo', 'deployment/webapp');
    expect(undo.stdout.trim()).toBe('deployment.apps/webapp rolled back');
    const undone = await fastForward(sandbox, () =>
      kubectl.run('rollout', 'status', 'deployment/webapp', '--timeout=60s'),
    );
    expect(undone.stdout).toContain('successfully rolled out');
    expect(deploymentImage(sandbox)).toBe('registry.example.com/webapp:2.4.1');
    const history = await kubectl.run('rollout', 'history', 'deployment/webapp');
    expect(history.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n2\s+\S+\n3\s+/);
  });

  it('cordon marks the node unschedulable; drain is refused by the PDB, then succeeds once the PDB allows it', async () => {
    const node = (
      sandbox.store.list('core/pods', 'production').find((p) => p.metadata.labels?.app === 'webapp')
        ?.spec as {
        nodeName: string;
      }
    ).nodeName;
    const cordon = await kubectl.run('cordon', node);
    expect(cordon.stdout.trim()).toBe(`node/${node} cordoned`);
    const nodes = await kubectl.run('get', 'nodes');
    expect(nodes.stdout).toMatch(new RegExp(`${node}\\s+Ready,SchedulingDisabled`));

    const blocked = await kubectl.run('drain', node, '--ignore-daemonsets', '--timeout=1s');
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(blocked.stderr).toContain('Warning: ignoring DaemonSet-managed Pods: kube-system/node-exporter-');

    const relaxed = await kubectl.run(
      'patch',
      'pdb',
      'webapp-pdb',
      '--type=merge',
      '-p',
      '{"spec":{"minAvailable":2}}',
    );
    expect(relaxed.code).toBe(0);
    const drained = await fastForward(sandbox, () =>
      kubectl.run('drain', node, '--ignore-daemonsets', '--timeout=60s'),
    );
    expect(drained.code).toBe(0);
    expect(drained.stdout).toContain(`node/${node} drained`);
    const left = sandbox.store
      .list('core/pods', 'production')
      .filter(
        (p) => (p.spec as { nodeName?: string }).nodeName === node && p.metadata.labels?.app === 'webapp',
      );
    expect(left).toHaveLength(0);
    const uncordon = await kubectl.run('uncordon', node);
    expect(uncordon.stdout.trim()).toBe(`node/${node} uncordoned`);
  });
});

describe.runIf(kubectlAvailable('kubectl scenario tests'))(
  'kubectl against the built-in webapp-memory incident',
  () => {
    let sandbox: Sandbox;
    let kubectl: Kubectl;

    beforeAll(async () => {
      sandbox = await startSandbox();
      kubectl = kubectlFor(sandbox.kubeconfigPath);
    });

    afterAll(async () => {
      await sandbox?.close();
      if (kubectl) rmSync(kubectl.cacheDir, { recursive: true, force: true });
    });

    it('shows webapp-123 on worker-02 using 7.6Gi, and serves its logs', async () => {
      const pods = await kubectl.run('get', 'pod', 'webapp-123', '-o', 'wide');
      expect(pods.code).toBe(0);
      expect(pods.stdout).toMatch(/webapp-123\s+1\/1\s+Running\s+0\s+4h32m\s+\S+\s+worker-02/);
      const top = await kubectl.run('top', 'pod', 'webapp-123');
      expect(top.stdout).toMatch(/webapp-123\s+\d+m\s+7782Mi/);
      const logs = await kubectl.run('logs', 'webapp-123', '--tail=5');
      expect(logs.code).toBe(0);
      expect(logs.stdout.trim().split('\n')).toHaveLength(5);
    });
  },
);
