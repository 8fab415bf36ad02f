// Cross-document checks a real cluster guarantees: owners, nodes and namespaces exist. A Secret or ConfigMap a pod
// refers to may be absent: that is the CreateContainerConfigError incident, which the kubelet shows.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../store.js';
import { scenarioKindByName, type ScenarioKind } from './kinds.js';
import { scenarioError, type ErrorPlace } from './loadError.js';

export interface PlacedObject {
  object: KubeObject;
  kind: ScenarioKind;
  place: ErrorPlace;
}

/** Namespaces every cluster has, added when a scenario does not declare them. */
export const STANDARD_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/** A stable UID for an object that has none, so reloading a scenario gives the same UIDs. */
export function stableUid(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function key(resource: string, namespace: string | undefined, name: string): string {
  return `${resource} ${namespace ?? ''}/${name}`;
}

/**
 * Checks references between documents and fills what the API server would have set: UIDs, owner
 * reference UIDs, event involvedObject UIDs. Mutates the (freshly parsed) objects.
 */
export function checkConsistency(placed: PlacedObject[], uidSeed: string): void {
  const index = new Map<string, PlacedObject>();
  for (const entry of placed) {
    const { namespace, name } = entry.object.metadata;
    const k = key(entry.kind.resource, namespace, name);
    const earlier = index.get(k);
    if (earlier) {
      throw scenarioError(
        { ...entry.place, field: 'metadata.name' },
        `${entry.kind.kind} ${namespace ? `${namespace}/` : ''}${name} is already defined in document ${earlier.place.document}`,
      );
    }
    index.set(k, entry);
    entry.object.metadata.uid ??= stableUid(`${uidSeed}/${k}`);
  }
  const find = (kindName: string, namespace: string | undefined, name: string) => {
    const kind = scenarioKindByName(kindName);
    if (!kind) return undefined;
    return index.get(key(kind.resource, kind.namespaced ? namespace : undefined, name));
  };

  for (const entry of placed) {
    const { object, place } = entry;
    const namespace = object.metadata.namespace;
    if (entry.kind.namespaced && namespace && !find('Namespace', undefined, namespace)) {
      throw scenarioError(
        { ...place, field: 'metadata.namespace' },
        `namespace "${namespace}" is not defined (add a v1 Namespace document)`,
      );
    }
    (object.metadata.ownerReferences ?? []).forEach((ref, i) => {
      const owner = find(ref.kind, namespace, ref.name);
      const field = `metadata.ownerReferences[${i}]`;
      if (!owner)
        throw scenarioError({ ...place, field }, `owner ${ref.kind} ${ref.name} is not in the scenario`);
      if (ref.uid === undefined) ref.uid = owner.object.metadata.uid as string;
      else if (ref.uid !== owner.object.metadata.uid) {
        throw scenarioError(
          { ...place, field: `${field}.uid` },
          `does not match the uid of ${ref.kind} ${ref.name} (${owner.object.metadata.uid})`,
        );
      }
    });
    checkKindReferences(entry, find);
  }
}

type Finder = (kind: string, namespace: string | undefined, name: string) => PlacedObject | undefined;

function checkKindReferences(entry: PlacedObject, find: Finder): void {
  const { object, place } = entry;
  const namespace = object.metadata.namespace;
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  switch (object.kind) {
    case 'Pod': {
      const nodeName = spec.nodeName as string | undefined;
      if (nodeName && !find('Node', undefined, nodeName)) {
        throw scenarioError(
          { ...place, field: 'spec.nodeName' },
          `node "${nodeName}" is not in the scenario`,
        );
      }
      break;
    }
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet': {
      const template = spec.template as {
        metadata: { labels: Record<string, string> };
        spec: Record<string, unknown>;
      };
      const matchLabels = (spec.selector as { matchLabels?: Record<string, string> }).matchLabels ?? {};
      for (const [label, value] of Object.entries(matchLabels)) {
        if (template.metadata.labels[label] !== value) {
          throw scenarioError(
            { ...place, field: 'spec.template.metadata.labels' },
            `selector does not match template labels (${label}=${value} is missing)`,
          );
        }
      }
      break;
    }
    case 'HorizontalPodAutoscaler': {
      const ref = spec.scaleTargetRef as { kind: string; name: string };
      if (!find(ref.kind, namespace, ref.name)) {
        throw scenarioError(
          { ...place, field: 'spec.scaleTargetRef' },
          `${ref.kind} ${namespace}/${ref.name} is not in the scenario`,
        );
      }
      break;
    }
    case 'PodMetrics': {
      const pod = find('Pod', namespace, object.metadata.name);
      if (!pod) {
        throw scenarioError(
          { ...place, field: 'metadata.name' },
          `pod ${namespace}/${object.metadata.name} is not in the scenario`,
        );
      }
      const names = containerNames(pod.object.spec as Record<string, unknown>);
      ((object.containers ?? []) as Array<{ name: string }>).forEach((c, i) => {
        if (!names.includes(c.name)) {
          throw scenarioError(
            { ...place, field: `containers[${i}].name` },
            `pod ${object.metadata.name} has no container "${c.name}"`,
          );
        }
      });
      break;
    }
    case 'NodeMetrics':
      if (!find('Node', undefined, object.metadata.name)) {
        throw scenarioError(
          { ...place, field: 'metadata.name' },
          `node "${object.metadata.name}" is not in the scenario`,
        );
      }
      break;
    case 'Event': {
      const involved = object.involvedObject as {
        kind: string;
        name: string;
        namespace?: string;
        uid?: string;
      };
      const target = find(involved.kind, involved.namespace ?? namespace, involved.name);
      // Events about deleted objects are normal; link the ones whose object exists.
      if (target && involved.uid === undefined) involved.uid = target.object.metadata.uid;
      break;
    }
    default:
      break;
  }
}

function containerNames(spec: Record<string, unknown>): string[] {
  const all = [
    ...((spec.containers ?? []) as Array<{ name: string }>),
    ...((spec.initContainers ?? []) as Array<{ name: string }>),
  ];
  return all.map((c) => c.name);
}
