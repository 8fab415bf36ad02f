// A scenario folder in a temp dir holding hostile data where real clusters carry it: the canary corpus's
// Deployments, Pods, ConfigMap, Events and log, and alerts naming a planted pod with more data in their labels.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { corpusManifests } from '../fixtures/canaries/corpus.js';

export const NOW = '2025-06-12T14:30:00Z';
const CREATED = '2025-06-01T00:00:00Z';
const HASH = '5f6d7c8b9';

type Manifests = ReturnType<typeof corpusManifests>;
type Obj = Record<string, unknown> & { metadata: Record<string, unknown> };

export interface PlantedAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PlantedFolder {
  dir: string;
  /** The alert files, in the scenario's order, as paths inside the folder. */
  alertFiles: string[];
}

/** The pod every alert names: the first Deployment's, which carries every env value and arg list. */
export const PLANTED_POD = 'canary-0-pod';
export const PLANTED_DEPLOYMENT = 'canary-0';

/**
 * Writes the folder: a node, the namespace, the manifests as running objects (Pods on the node, Ready), and one
 * alert file per given alert (each an AlertManager v2 alert on PLANTED_POD).
 */
export async function writePlantedScenario(
  manifests: Manifests,
  alerts: PlantedAlert[],
  namespace = 'canary',
): Promise<PlantedFolder> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kopilot-planted-'));
  const created = <T extends Obj>(o: T): T => ({
    ...o,
    metadata: { creationTimestamp: CREATED, ...o.metadata },
  });
  const docs: unknown[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, creationTimestamp: CREATED } },
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'worker-01', creationTimestamp: CREATED },
      status: {
        capacity: { cpu: '8', memory: '32Gi', pods: '110' },
        allocatable: { cpu: '7910m', memory: '31Gi', pods: '110' },
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastHeartbeatTime: '2025-06-12T14:29:40Z',
            lastTransitionTime: CREATED,
            reason: 'KubeletReady',
          },
        ],
      },
    },
    ...manifests.deployments.map((d) => created(d as Obj)),
    // Each Deployment owns its planted Pod through a ReplicaSet, as a real cluster's would.
    ...manifests.deployments.map((d) =>
      created({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${HASH}`,
          namespace,
          labels: { ...d.spec.selector.matchLabels, 'pod-template-hash': HASH },
          annotations: { 'deployment.kubernetes.io/revision': '1' },
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name, controller: true },
          ],
        },
        spec: {
          replicas: 1,
          selector: { matchLabels: { ...d.spec.selector.matchLabels, 'pod-template-hash': HASH } },
          template: {
            ...d.spec.template,
            metadata: {
              ...d.spec.template.metadata,
              labels: { ...d.spec.template.metadata.labels, 'pod-template-hash': HASH },
            },
          },
        },
      }),
    ),
    ...manifests.pods.map((p, i) => {
      const spec = p.spec as { containers: Array<{ name: string }> };
      const owner = manifests.deployments[i]?.metadata.name as string;
      return created({
        ...(p as Obj),
        metadata: {
          ...p.metadata,
          labels: { ...p.metadata.labels, 'pod-template-hash': HASH },
          ownerReferences: [
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${owner}-${HASH}`, controller: true },
          ],
        },
        spec: { ...spec, nodeName: 'worker-01' },
        status: {
          phase: 'Running',
          startTime: CREATED,
          containerStatuses: spec.containers.map((c) => ({
            name: c.name,
            ready: true,
            restartCount: 3,
            state: { running: { startedAt: '2025-06-12T14:00:00Z' } },
          })),
        },
      });
    }),
    created(manifests.configMap as Obj),
    ...manifests.events.map((e) =>
      created({
        ...(e as Obj),
        firstTimestamp: '2025-06-12T14:20:00Z',
        lastTimestamp: '2025-06-12T14:28:00Z',
        count: 2,
      }),
    ),
  ];
  await writeFile(path.join(dir, 'cluster.yaml'), docs.map((d) => stringify(d)).join('---\n'));

  const alertFiles = alerts.map((_, i) => `alerts/planted-${i}.json`);
  await writeFile(
    path.join(dir, 'scenario.yaml'),
    stringify({
      name: 'planted',
      title: 'Hostile data planted where clusters carry it',
      description: 'Secrets and terminal escapes in env, args, annotations, events, logs and alerts.',
      now: NOW,
      alerts: alertFiles,
      expect: {
        actions: ['restart_workload', 'escalate'],
        target: { kind: 'Deployment', namespace, name: PLANTED_DEPLOYMENT },
      },
    }),
  );
  await mkdir(path.join(dir, 'alerts'));
  for (const [i, alert] of alerts.entries()) {
    const v2 = [
      {
        labels: { namespace, pod: PLANTED_POD, severity: 'warning', ...alert.labels },
        annotations: alert.annotations,
        startsAt: '2025-06-12T14:10:00Z',
        endsAt: '2025-06-12T14:34:00Z',
        updatedAt: '2025-06-12T14:29:30Z',
        status: { state: 'active', silencedBy: [], inhibitedBy: [] },
        fingerprint: `0a1b2c3d4e5f6a7${i}`,
      },
    ];
    await writeFile(path.join(dir, alertFiles[i] as string), JSON.stringify(v2, null, 2));
  }
  for (const log of manifests.logs) {
    const file = path.join(dir, 'logs', log.namespace, log.pod, `${log.container}.log`);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, log.text);
  }
  return { dir, alertFiles };
}
