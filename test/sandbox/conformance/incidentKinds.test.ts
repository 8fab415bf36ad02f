// Jobs, CronJobs, StorageClasses, PersistentVolumes and ControllerRevisions from a scenario folder, read with the
// real kubectl (get, describe, -o json) and @kubernetes/client-node (list, get, watch) as an engineer reads them.
import * as k8s from '@kubernetes/client-node';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { DOCS, writeFixture } from '../scenarios/fixture.js';
import { BATCH_DOCS, STATEFUL_DOCS, STORAGE_DOCS } from '../scenarios/incidentDocs.js';
import { kubectlAvailable, kubectlFor } from './kubectl.js';

let sandbox: Sandbox;
let kubectl: ReturnType<typeof kubectlFor>;
let kc: k8s.KubeConfig;

beforeAll(async () => {
  const dir = await writeFixture({
    docs: [
      ...Object.values(DOCS),
      ...Object.values(STORAGE_DOCS),
      ...Object.values(STATEFUL_DOCS),
      ...Object.values(BATCH_DOCS),
    ],
  });
  sandbox = await startSandbox({ scenario: dir });
  await sandbox.settle();
  kubectl = kubectlFor(sandbox.kubeconfigPath, 'shop');
  kc = new k8s.KubeConfig();
  kc.loadFromFile(sandbox.kubeconfigPath);
});

afterAll(async () => {
  await sandbox?.close();
  if (kubectl) rmSync(kubectl.cacheDir, { recursive: true, force: true });
});

const rows = (stdout: string) => stdout.trim().split('\n');

describe.runIf(kubectlAvailable('kubectl incident kinds'))('kubectl reads the incident kinds', () => {
  it('get jobs,cronjobs,sc,pv,controllerrevisions in one command', async () => {
    const { code, stdout, stderr } = await kubectl.run('get', 'jobs,cronjobs,sc,pv,controllerrevisions');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$/m);
    expect(stdout).toMatch(/^job\.batch\/nightly-report-29162520\s+Failed\s+0\/1\s+12h\s+12h$/m);
    expect(stdout).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$/m);
    expect(stdout).toMatch(
      /^cronjob\.batch\/nightly-report\s+0 2 \* \* \*\s+<none>\s+False\s+0\s+12h\s+103d$/m,
    );
    expect(stdout).toMatch(
      /^NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE$/m,
    );
    expect(stdout).toMatch(
      /^storageclass\.storage\.k8s\.io\/gp3 \(default\)\s+ebs\.csi\.aws\.com\s+Delete\s+WaitForFirstConsumer\s+true\s+162d$/m,
    );
    expect(stdout).toMatch(
      /^storageclass\.storage\.k8s\.io\/standard\s+kubernetes\.io\/no-provisioner\s+Delete\s+Immediate\s+false\s/m,
    );
    expect(stdout).toMatch(
      /^persistentvolume\/pvc-3f2a9c1e-\S+\s+20Gi\s+RWO\s+Delete\s+Bound\s+shop\/data-db-0\s+gp3\s+<unset>\s+42d$/m,
    );
    expect(stdout).toMatch(/^NAME\s+CONTROLLER\s+REVISION\s+AGE$/m);
    expect(stdout).toMatch(/^controllerrevision\.apps\/db-5c8d9e7f6a\s+statefulset\.apps\/db\s+1\s+42d$/m);
    expect(stdout).toMatch(
      /^controllerrevision\.apps\/db-6b9f7d8c5d\s+statefulset\.apps\/db\s+2\s+2d\d*h?$/m,
    );
  });

  it('get pvc shows the bound volume, its capacity, access modes and class', async () => {
    const { code, stdout } = await kubectl.run('get', 'pvc');
    expect(code).toBe(0);
    expect(rows(stdout)[0]).toMatch(
      /^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE$/,
    );
    expect(stdout).toMatch(/^data-db-0\s+Bound\s+pvc-3f2a9c1e-\S+\s+20Gi\s+RWO\s+gp3\s+<unset>\s+42d$/m);
  });

  it('get all includes the Job and the CronJob', async () => {
    const { code, stdout } = await kubectl.run('get', 'all');
    expect(code).toBe(0);
    expect(stdout).toContain('job.batch/nightly-report-29162520');
    expect(stdout).toContain('cronjob.batch/nightly-report');
  });

  it('describe job shows the backoff limit, the failed pods and the Failed condition', async () => {
    const { code, stdout, stderr } = await kubectl.run('describe', 'job', 'nightly-report-29162520');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Controlled By:\s+CronJob\/nightly-report/);
    expect(stdout).toMatch(/Backoff Limit:\s+2/);
    expect(stdout).toMatch(/Pods Statuses:\s+0 Active .* 0 Succeeded \/ 3 Failed/);
    expect(stdout).toMatch(/Image:\s+shop\/report:3\.1/);
  });

  it('describe cronjob shows its schedule and job template', async () => {
    const { code, stdout, stderr } = await kubectl.run('describe', 'cronjob', 'nightly-report');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Schedule:\s+0 2 \* \* \*/);
    expect(stdout).toMatch(/Concurrency Policy:\s+Forbid/);
    expect(stdout).toMatch(/Image:\s+shop\/report:3\.1/);
    expect(stdout).toMatch(/Last Schedule Time:\s+\w{3}, /);
  });

  it('describe pv and storageclass show claim, class, reclaim policy and expansion', async () => {
    const pv = await kubectl.run('describe', 'pv', 'pvc-3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b');
    expect(pv.stderr).toBe('');
    expect(pv.stdout).toMatch(/Claim:\s+shop\/data-db-0/);
    expect(pv.stdout).toMatch(/StorageClass:\s+gp3/);
    expect(pv.stdout).toMatch(/Capacity:\s+20Gi/);
    const sc = await kubectl.run('describe', 'sc', 'gp3');
    expect(sc.stderr).toBe('');
    expect(sc.stdout).toMatch(/IsDefaultClass:\s+Yes/);
    expect(sc.stdout).toMatch(/AllowVolumeExpansion:\s+True/);
    expect(sc.stdout).toMatch(/VolumeBindingMode:\s+WaitForFirstConsumer/);
  });

  it('rollout history of a StatefulSet lists its ControllerRevisions', async () => {
    const { code, stdout, stderr } = await kubectl.run('rollout', 'history', 'statefulset/db');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1\s+<none>$/m);
    expect(stdout).toMatch(/^2\s+<none>$/m);
  });

  it('-o json returns the objects as stored, with their API versions', async () => {
    const { code, stdout } = await kubectl.run('get', 'controllerrevision', 'db-5c8d9e7f6a', '-o', 'json');
    expect(code).toBe(0);
    const revision = JSON.parse(stdout) as { apiVersion: string; revision: number; data: unknown };
    expect(revision.apiVersion).toBe('apps/v1');
    expect(revision.revision).toBe(1);
    expect(JSON.stringify(revision.data)).toContain('postgres:16.2');
  });
});

describe('@kubernetes/client-node reads the incident kinds', () => {
  it('lists and reads Jobs and CronJobs through BatchV1Api', async () => {
    const batch = kc.makeApiClient(k8s.BatchV1Api);
    const jobs = await batch.listNamespacedJob({ namespace: 'shop' });
    expect(jobs.items.map((j) => j.metadata?.name)).toEqual(['nightly-report-29162520']);
    expect(jobs.items[0]?.status?.conditions?.[0]?.reason).toBe('BackoffLimitExceeded');
    const cronJob = await batch.readNamespacedCronJob({ name: 'nightly-report', namespace: 'shop' });
    expect(cronJob.spec?.schedule).toBe('0 2 * * *');
    expect(cronJob.spec?.jobTemplate.spec?.backoffLimit).toBe(2);
    const all = await batch.listCronJobForAllNamespaces();
    expect(all.items).toHaveLength(1);
  });

  it('lists StorageClasses and PersistentVolumes, cluster-scoped', async () => {
    const storage = kc.makeApiClient(k8s.StorageV1Api);
    const classes = await storage.listStorageClass();
    expect(classes.items.map((c) => c.metadata?.name)).toEqual(['gp3', 'standard']);
    expect(classes.items[0]?.allowVolumeExpansion).toBe(true);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const volume = await core.readPersistentVolume({ name: 'pvc-3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b' });
    expect(volume.spec?.claimRef?.name).toBe('data-db-0');
    expect(volume.status?.phase).toBe('Bound');
  });

  it('lists ControllerRevisions by label and watches them', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const revisions = await apps.listNamespacedControllerRevision({
      namespace: 'shop',
      labelSelector: 'app=db',
    });
    expect(revisions.items.map((r) => r.revision).sort()).toEqual([1, 2]);
    const seen: string[] = [];
    const watch = new k8s.Watch(kc);
    const request = await watch.watch(
      '/apis/apps/v1/namespaces/shop/controllerrevisions',
      { resourceVersion: revisions.metadata?.resourceVersion ?? '0' },
      (type: string, object: k8s.V1ControllerRevision) => seen.push(`${type} ${object.metadata?.name}`),
      () => undefined,
    );
    try {
      await apps.createNamespacedControllerRevision({
        namespace: 'shop',
        body: {
          apiVersion: 'apps/v1',
          kind: 'ControllerRevision',
          metadata: { name: 'db-7a1b2c3d4e', labels: { app: 'db' } },
          revision: 3,
        },
      });
      for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      request.abort();
    }
    expect(seen).toEqual(['ADDED db-7a1b2c3d4e']);
  });
});
