// A small valid scenario folder written to a temp dir, for tests that break one thing at a time.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SCENARIO_YAML = `name: tiny-shop
title: Tiny shop is slow
description: One web pod on one node.
now: 2025-06-12T14:30:00Z
expect:
  actions: [restart_pod, escalate]
  target: { kind: Deployment, namespace: shop, name: web }
  facts: ['web-7d4b9c8f6-abcde']
`;

export const DOCS = {
  namespace: `apiVersion: v1
kind: Namespace
metadata: { name: shop, creationTimestamp: '2025-01-01T00:00:00Z' }`,
  node: `apiVersion: v1
kind: Node
metadata: { name: worker-01, creationTimestamp: '2025-01-01T00:00:00Z' }
status:
  capacity: { cpu: '4', memory: 16Gi, pods: '110' }
  allocatable: { cpu: 3910m, memory: 15Gi, pods: '110' }
  conditions:
    - { type: Ready, status: 'True', lastHeartbeatTime: '2025-06-12T14:29:40Z', lastTransitionTime: '2025-01-01T00:01:00Z', reason: KubeletReady }`,
  secret: `apiVersion: v1
kind: Secret
metadata: { name: web-db, namespace: shop }
type: Opaque
data: { password: a29waWxvdC1jYW5hcnktN2YzYTljMmU= }`,
  deployment: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop, creationTimestamp: '2025-05-01T00:00:00Z' }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: web, image: 'shop/web:1.0', resources: { limits: { memory: 1Gi } } }`,
  replicaSet: `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-7d4b9c8f6
  namespace: shop
  creationTimestamp: '2025-06-12T10:30:00Z'
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: web, controller: true }]
spec:
  replicas: 1
  selector: { matchLabels: { app: web, pod-template-hash: 7d4b9c8f6 } }
  template:
    metadata: { labels: { app: web, pod-template-hash: 7d4b9c8f6 } }
    spec:
      containers:
        - { name: web, image: 'shop/web:1.0', resources: { limits: { memory: 1Gi } } }`,
  pod: `apiVersion: v1
kind: Pod
metadata:
  name: web-7d4b9c8f6-abcde
  namespace: shop
  creationTimestamp: '2025-06-12T10:30:05Z'
  labels: { app: web, pod-template-hash: 7d4b9c8f6 }
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4b9c8f6, controller: true }]
spec:
  nodeName: worker-01
  containers:
    - name: web
      image: 'shop/web:1.0'
      resources: { limits: { memory: 1Gi } }
      env: [{ name: DB_PASSWORD, valueFrom: { secretKeyRef: { name: web-db, key: password } } }]
status:
  phase: Running
  startTime: '2025-06-12T10:30:05Z'
  containerStatuses:
    - { name: web, ready: true, restartCount: 0, state: { running: { startedAt: '2025-06-12T10:30:09Z' } } }`,
  podMetrics: `apiVersion: metrics.k8s.io/v1beta1
kind: PodMetrics
metadata: { name: web-7d4b9c8f6-abcde, namespace: shop }
timestamp: '2025-06-12T14:29:45Z'
window: 18.9s
containers: [{ name: web, usage: { cpu: 120m, memory: 700Mi } }]`,
  event: `apiVersion: v1
kind: Event
metadata: { name: web-7d4b9c8f6-abcde.17f2a1, namespace: shop }
involvedObject: { kind: Pod, name: web-7d4b9c8f6-abcde, namespace: shop }
reason: Started
message: Started container web
type: Normal
firstTimestamp: '2025-06-12T10:30:09Z'
lastTimestamp: '2025-06-12T10:30:09Z'
eventTime: null`,
};

export const ALERT = [
  {
    labels: {
      alertname: 'KubePodNotReady',
      namespace: 'shop',
      pod: 'web-7d4b9c8f6-abcde',
      severity: 'warning',
    },
    annotations: { summary: 'Pod has been in a non-ready state for more than 15 minutes.' },
    startsAt: '2025-06-12T14:10:00Z',
    endsAt: '2025-06-12T14:34:00Z',
    updatedAt: '2025-06-12T14:29:30Z',
    status: { state: 'active', silencedBy: [], inhibitedBy: [] },
    fingerprint: '0a1b2c3d4e5f6a7b',
  },
];

export interface FixtureFiles {
  scenario?: string;
  docs?: string[];
  alerts?: Record<string, string>;
  logs?: Record<string, string>;
}

/** Writes the folder; each part can be replaced. Returns its path. */
export async function writeFixture(files: FixtureFiles = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kopilot-scenario-'));
  await writeFile(path.join(dir, 'scenario.yaml'), files.scenario ?? SCENARIO_YAML);
  await writeFile(path.join(dir, 'cluster.yaml'), (files.docs ?? Object.values(DOCS)).join('\n---\n') + '\n');
  const alerts = files.alerts ?? { 'alerts/pod-not-ready.json': JSON.stringify(ALERT, null, 2) };
  const logs = files.logs ?? {
    'logs/shop/web-7d4b9c8f6-abcde/web.log': '2025-06-12T14:29:00.125Z INFO ready\n',
  };
  for (const [file, text] of Object.entries({ ...alerts, ...logs })) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}
