// Broken scenario folders: each gets one clear line naming the file, the document and the field.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { listBuiltinScenarios, loadScenario } from '../../../src/sandbox/scenarios/index.js';
import { ALERT, DOCS, SCENARIO_YAML, writeFixture, type FixtureFiles } from './fixture.js';

const ALL = Object.values(DOCS);
const replaceIn = (doc: string, from: string, to: string) =>
  ALL.map((d) => (d === doc ? d.replace(from, to) : d));

const cases: Array<[string, FixtureFiles, string]> = [
  [
    'scenario.yaml without now',
    { scenario: SCENARIO_YAML.replace(/^now:.*\n/m, '') },
    'scenario.yaml: now: required',
  ],
  [
    'now that is not a time',
    { scenario: SCENARIO_YAML.replace('now: 2025-06-12T14:30:00Z', 'now: yesterday') },
    'scenario.yaml: now: expected an RFC 3339 time such as 2025-06-12T14:30:00Z',
  ],
  [
    'an action type that does not exist',
    { scenario: SCENARIO_YAML.replace('restart_pod', 'reboot_node') },
    'scenario.yaml: expect.actions[0]: "reboot_node" is not one of increase_resources, scale_workload, restart_workload, restart_pod, rollback_deployment, patch_hpa, cordon_node, uncordon_node, drain_node, remove_taint, expand_pvc, relax_pdb, silence_alert, collect_diagnostics, escalate',
  ],
  [
    'an action both accepted and forbidden',
    { scenario: SCENARIO_YAML.replace('expect:', 'expect:\n  forbidden: [drain_node, escalate]') },
    'scenario.yaml: expect.forbidden[1]: "escalate" is also an accepted action (expect.actions); an action cannot be both',
  ],
  [
    'a forbidden action type that does not exist',
    { scenario: SCENARIO_YAML.replace('expect:', 'expect:\n  forbidden: [delete_cluster]') },
    'scenario.yaml: expect.forbidden[0]: "delete_cluster" is not one of increase_resources, scale_workload, restart_workload, restart_pod, rollback_deployment, patch_hpa, cordon_node, uncordon_node, drain_node, remove_taint, expand_pvc, relax_pdb, silence_alert, collect_diagnostics, escalate',
  ],
  [
    'one alert object without startsAt',
    { alerts: { 'alerts/pod-not-ready.json': JSON.stringify({ labels: { alertname: 'KubePodNotReady' } }) } },
    'alerts/pod-not-ready.json: startsAt: required',
  ],
  [
    'a misspelt field',
    { scenario: SCENARIO_YAML.replace('expect:', 'expect:\n  action: [x]') },
    'scenario.yaml: expect.action: unknown field',
  ],
  [
    'a fact that is not a regular expression',
    { scenario: SCENARIO_YAML.replace("facts: ['web-7d4b9c8f6-abcde']", "facts: ['web-(']") },
    'scenario.yaml: expect.facts[0]: expected a valid regular expression',
  ],
  [
    'an expected target that is not in the cluster',
    { scenario: SCENARIO_YAML.replace('name: web }', 'name: webb }') },
    'scenario.yaml: expect.target: Deployment shop/webb is not in cluster.yaml',
  ],
  [
    'a misspelt kind',
    {
      docs: [
        DOCS.namespace,
        DOCS.node,
        DOCS.secret,
        DOCS.deployment.replace('kind: Deployment', 'kind: Deploymnet'),
      ],
    },
    'cluster.yaml: document 4: kind: a scenario cannot hold kind Deploymnet (see "Scenario format" in the README)',
  ],
  [
    'a removed apiVersion',
    {
      docs: [
        DOCS.namespace,
        DOCS.node,
        DOCS.secret,
        DOCS.deployment.replace('apps/v1', 'extensions/v1beta1'),
      ],
    },
    'cluster.yaml: document 4: apiVersion: Deployment is served as apiVersion apps/v1, not extensions/v1beta1',
  ],
  [
    'a memory limit in GB',
    { docs: replaceIn(DOCS.pod, 'memory: 1Gi', 'memory: 1GB') },
    'cluster.yaml: document 6: spec.containers[0].resources.limits.memory: expected a Kubernetes quantity such as 512Mi, 8Gi, 250m or 2',
  ],
  [
    'a pod on a node that does not exist',
    { docs: replaceIn(DOCS.pod, 'nodeName: worker-01', 'nodeName: worker-09') },
    'cluster.yaml: document 6: spec.nodeName: node "worker-09" is not in the scenario',
  ],
  [
    'a pod without a namespace',
    { docs: replaceIn(DOCS.pod, '  namespace: shop\n', '') },
    'cluster.yaml: document 6: metadata.namespace: required: Pod is a namespaced kind',
  ],
  [
    'a node with a namespace',
    { docs: replaceIn(DOCS.node, 'name: worker-01,', 'name: worker-01, namespace: shop,') },
    'cluster.yaml: document 2: metadata.namespace: not allowed: Node is cluster-scoped',
  ],
  [
    'a namespace nobody declared',
    { docs: ALL.filter((d) => d !== DOCS.namespace) },
    'cluster.yaml: document 2: metadata.namespace: namespace "shop" is not defined (add a v1 Namespace document)',
  ],
  [
    'an owner reference to a missing ReplicaSet',
    { docs: ALL.filter((d) => d !== DOCS.replicaSet) },
    'cluster.yaml: document 5: metadata.ownerReferences[0]: owner ReplicaSet web-7d4b9c8f6 is not in the scenario',
  ],
  [
    'the same pod twice',
    { docs: [...ALL, DOCS.pod] },
    'cluster.yaml: document 9: metadata.name: Pod shop/web-7d4b9c8f6-abcde is already defined in document 6',
  ],
  [
    'a label value that is a number',
    {
      docs: replaceIn(
        DOCS.deployment,
        'metadata: { name: web, namespace: shop',
        'metadata: { name: web, namespace: shop, labels: { version: 2 }',
      ),
    },
    'cluster.yaml: document 4: metadata.labels.version: Invalid input: expected string, received number',
  ],
  [
    'a selector that does not match the template',
    {
      docs: replaceIn(
        DOCS.deployment,
        'metadata: { labels: { app: web } }',
        'metadata: { labels: { app: frontend } }',
      ),
    },
    'cluster.yaml: document 4: spec.template.metadata.labels: selector does not match template labels (app=web is missing)',
  ],
  [
    'Secret data that is not base64',
    { docs: replaceIn(DOCS.secret, 'a29waWxvdC1jYW5hcnktN2YzYTljMmU=', 'not base64!') },
    'cluster.yaml: document 3: data.password: expected base64 (Secret data is encoded)',
  ],
  [
    'a YAML syntax error',
    { docs: [DOCS.namespace, 'apiVersion: v1\nkind: Node\nmetadata: { name: worker-01\n'] },
    'cluster.yaml: document 2: not valid YAML (line 9): Flow map in block collection must be sufficiently indented and end with a }',
  ],
  [
    'a document that is a plain string',
    { docs: [...ALL, 'just a string'] },
    'cluster.yaml: document 9: expected a Kubernetes object (a mapping with apiVersion, kind and metadata)',
  ],
  [
    'an alert file cut short',
    { alerts: { 'alerts/pod-not-ready.json': '[{"labels": ' } },
    'alerts/pod-not-ready.json: not valid JSON: Unexpected end of JSON input',
  ],
  [
    'an alert without alertname',
    {
      alerts: {
        'alerts/pod-not-ready.json': JSON.stringify([{ ...ALERT[0], labels: { severity: 'warning' } }]),
      },
    },
    'alerts/pod-not-ready.json: [0].labels.alertname: required',
  ],
  ['no alert files at all', { alerts: {} }, 'scenario.yaml: alerts: no alert files (add alerts/*.json)'],
  [
    'a log for a container the pod does not have',
    { logs: { 'logs/shop/web-7d4b9c8f6-abcde/sidecar.log': 'x\n' } },
    'logs/shop/web-7d4b9c8f6-abcde/sidecar.log: pod shop/web-7d4b9c8f6-abcde has no container "sidecar"',
  ],
];

describe('bad scenario folders', () => {
  it('the fixture itself loads', async () => {
    const scenario = await loadScenario(await writeFixture());
    expect(scenario.name).toBe('tiny-shop');
  });

  it('forbidden actions default to none and load as written', async () => {
    expect((await loadScenario(await writeFixture())).expect.forbidden).toEqual([]);
    const dir = await writeFixture({
      scenario: SCENARIO_YAML.replace('expect:', 'expect:\n  forbidden: [rollback_deployment, drain_node]'),
    });
    expect((await loadScenario(dir)).expect.forbidden).toEqual(['rollback_deployment', 'drain_node']);
  });

  it('an alert file holding one API v2 alert object loads, and the target may name its alert', async () => {
    const dir = await writeFixture({
      scenario: SCENARIO_YAML.replace(
        'target: { kind: Deployment, namespace: shop, name: web }',
        'target: { kind: Alert, name: KubePodNotReady }',
      ),
      alerts: { 'alerts/pod-not-ready.json': JSON.stringify(ALERT[0]) },
    });
    const scenario = await loadScenario(dir);
    expect(scenario.alerts).toHaveLength(1);
    expect((scenario.alerts[0]?.json as { labels: { pod: string } }).labels.pod).toBe('web-7d4b9c8f6-abcde');
  });

  it('a pod whose env refers to an absent Secret loads (the CreateContainerConfigError incident)', async () => {
    const scenario = await loadScenario(await writeFixture({ docs: ALL.filter((d) => d !== DOCS.secret) }));
    expect(scenario.objects.some((o) => o.kind === 'Secret' && o.metadata.name === 'web-db')).toBe(false);
  });

  it.each(cases)('%s', async (_label, files, expected) => {
    const dir = await writeFixture(files);
    const error = await loadScenario(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as Error).message).toBe(`${dir}/${expected}`);
    expect((error as Error).message).not.toContain('\n');
  });

  it('an unknown scenario name lists the built-in ones', async () => {
    const names = (await listBuiltinScenarios()).map((s) => s.name).join(', ');
    await expect(loadScenario('webapp-memroy')).rejects.toThrow(
      `unknown scenario "webapp-memroy"; built-in scenarios: ${names}`,
    );
  });

  it('a folder without scenario.yaml says so', async () => {
    await expect(loadScenario('/nonexistent/scenario-folder')).rejects.toThrow(
      'scenario folder /nonexistent/scenario-folder does not exist',
    );
  });
});
