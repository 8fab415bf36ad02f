// Every built-in scenario loads, is internally consistent the way a real cluster is, and plants the canary.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../../src/cluster/quantity.js';
import { BUILTIN_SCENARIOS } from '../../../src/sandbox/scenarios/authoring/index.js';
import { renderScenario } from '../../../src/sandbox/scenarios/authoring/render.js';
import {
  builtinScenariosDir,
  listBuiltinScenarios,
  loadScenario,
  type Scenario,
} from '../../../src/sandbox/scenarios/index.js';
import type { KubeObject } from '../../../src/sandbox/store.js';

const CANARY = 'kopilot-canary-7f3a9c2e';
const names = (await listBuiltinScenarios()).map((s) => s.name);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads deep manifest fields
type Json = any;

function find(
  scenario: Scenario,
  kind: string,
  namespace: string | undefined,
  name: string,
): KubeObject | undefined {
  return scenario.objects.find(
    (o) =>
      o.kind === kind &&
      o.metadata.name === name &&
      (namespace === undefined || o.metadata.namespace === namespace),
  );
}

describe('built-in scenarios', () => {
  it('there are at least 8, with the design incident among them', () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
    expect(names).toContain('webapp-memory');
  });

  it.each(names)('%s: owners, nodes, secrets and the expected target resolve', async (name) => {
    const scenario = await loadScenario(name);
    expect(scenario.alerts.length).toBeGreaterThan(0);
    const { kind, namespace, name: targetName } = scenario.expect.target;
    if (kind === 'Alert') {
      const alertnames = scenario.alerts.flatMap((a) =>
        (a.json as Json[]).map((alert) => alert.labels.alertname),
      );
      expect(alertnames).toContain(targetName);
    } else {
      expect(find(scenario, kind, namespace, targetName)).toBeDefined();
    }
    for (const object of scenario.objects) {
      expect(object.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      for (const ref of object.metadata.ownerReferences ?? []) {
        const owner = find(scenario, ref.kind, object.metadata.namespace, ref.name);
        expect(owner?.metadata.uid, `${object.kind} ${object.metadata.name} → ${ref.kind} ${ref.name}`).toBe(
          ref.uid,
        );
      }
      if (object.kind !== 'Pod') continue;
      const spec = object.spec as Json;
      if (spec.nodeName) expect(find(scenario, 'Node', undefined, spec.nodeName)).toBeDefined();
      const owner = object.metadata.ownerReferences?.[0];
      if (owner?.kind === 'ReplicaSet') {
        const rs = find(scenario, 'ReplicaSet', object.metadata.namespace, owner.name) as Json;
        // pod-template-hash ties pod, ReplicaSet name and selector together.
        expect(owner.name).toBe(
          `${rs.metadata.ownerReferences[0].name}-${object.metadata.labels?.['pod-template-hash']}`,
        );
        expect(rs.spec.selector.matchLabels['pod-template-hash']).toBe(
          object.metadata.labels?.['pod-template-hash'],
        );
      }
    }
    // Metrics exist only for pods that exist, and no container uses more memory than its limit (the
    // kernel would have OOM-killed it); every Ready node reports NodeMetrics.
    for (const m of scenario.objects.filter((o) => o.kind === 'PodMetrics')) {
      const pod = find(scenario, 'Pod', m.metadata.namespace, m.metadata.name);
      expect(pod).toBeDefined();
      for (const usage of m.containers as Json[]) {
        const limit = (pod?.spec as Json).containers.find((c: Json) => c.name === usage.name)?.resources
          ?.limits?.memory;
        if (limit)
          expect(parseQuantity(usage.usage.memory), `${m.metadata.name}/${usage.name}`).toBeLessThan(
            parseQuantity(limit),
          );
      }
    }
    const readyNodes = scenario.objects.filter(
      (o) =>
        o.kind === 'Node' &&
        (o.status as Json).conditions.some((c: Json) => c.type === 'Ready' && c.status === 'True'),
    );
    for (const node of readyNodes)
      expect(find(scenario, 'NodeMetrics', undefined, node.metadata.name)).toBeDefined();
  });

  it.each(names)(
    '%s: plants the canary in a Secret, a ConfigMap DB_PASSWORD, a log line and a pod annotation',
    async (name) => {
      const scenario = await loadScenario(name);
      const secrets = scenario.objects.filter((o) => o.kind === 'Secret');
      const decoded = secrets.flatMap((s) =>
        Object.values((s.data ?? {}) as Record<string, string>).map((v) =>
          Buffer.from(v, 'base64').toString(),
        ),
      );
      expect(decoded).toContain(CANARY);
      // base64 in the Secret, never the plain text.
      expect(secrets.some((s) => JSON.stringify(s).includes(CANARY))).toBe(false);
      expect(
        scenario.objects.some((o) => o.kind === 'ConfigMap' && (o.data as Json)?.DB_PASSWORD === CANARY),
      ).toBe(true);
      expect(scenario.logs.some((l) => l.text.includes(`password=${CANARY}`))).toBe(true);
      const annotated = scenario.objects.filter(
        (o) =>
          o.kind === 'Pod' &&
          Object.values(o.metadata.annotations ?? {}).includes(`Authorization: Bearer ${CANARY}`),
      );
      expect(annotated.length).toBeGreaterThan(0);
      // The pods that use the secret reference it, not its value.
      const secretRefs = scenario.objects
        .filter((o) => o.kind === 'Pod')
        .flatMap((p) => (p.spec as Json).containers.flatMap((c: Json) => c.env ?? []))
        .filter((e: Json) => e.valueFrom?.secretKeyRef);
      expect(secretRefs.length).toBeGreaterThan(0);
    },
  );

  it.each(BUILTIN_SCENARIOS.map((define) => [define().name, define] as const))(
    '%s: the folder on disk is what its definition renders (regenerate with authoring/write.ts)',
    async (name, define) => {
      for (const [file, text] of renderScenario(define())) {
        expect(await readFile(path.join(builtinScenariosDir(), name, file), 'utf8'), file).toBe(text);
      }
    },
  );
});
