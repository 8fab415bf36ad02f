// An index of one resource's objects by controlling owner and by node, kept current from store events.
import { objectKey, type KubeObject, type ObjectStore, type StoreEvent } from '../store.js';
import { controllerOf } from './podState.js';

/** Objects of one resource (pods, ReplicaSets) by controlling owner (`ns/Kind/name`) and by node, kept current. */
export class OwnerIndex {
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly byNode = new Map<string, Set<string>>();
  private readonly orphansByNamespace = new Map<string, Set<string>>();
  private readonly placed = new Map<string, { owner?: string; node?: string; orphanIn?: string }>();

  constructor(
    private readonly store: ObjectStore,
    private readonly resource: string,
  ) {
    for (const object of store.list(resource)) this.add(object);
  }

  observe(event: StoreEvent): void {
    if (event.resource !== this.resource) return;
    const key = objectKey(event.object.metadata.namespace, event.object.metadata.name);
    this.remove(key);
    if (event.type !== 'DELETED') this.add(event.object);
  }

  /** Pods whose controller is the given object. */
  ownedBy(namespace: string, kind: string, name: string): KubeObject[] {
    const keys = this.byOwner.get(`${namespace}/${kind}/${name}`);
    return this.resolve(keys);
  }

  /** Pods with no controlling owner, which a ReplicaSet whose selector matches may adopt. */
  orphans(namespace: string): KubeObject[] {
    return this.resolve(this.orphansByNamespace.get(namespace));
  }

  onNode(node: string): KubeObject[] {
    return this.resolve(this.byNode.get(node));
  }

  private resolve(keys: Set<string> | undefined): KubeObject[] {
    const out: KubeObject[] = [];
    for (const key of keys ?? []) {
      const slash = key.indexOf('/');
      const pod = this.store.get(this.resource, key.slice(0, slash) || undefined, key.slice(slash + 1));
      if (pod) out.push(pod);
    }
    return out;
  }

  private add(pod: KubeObject): void {
    const key = objectKey(pod.metadata.namespace, pod.metadata.name);
    const ref = controllerOf(pod);
    const owner = ref ? `${pod.metadata.namespace ?? ''}/${ref.kind}/${ref.name}` : undefined;
    const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    const orphanIn = owner ? undefined : (pod.metadata.namespace ?? '');
    this.placed.set(key, { owner, node, orphanIn });
    if (owner) addTo(this.byOwner, owner, key);
    if (orphanIn !== undefined) addTo(this.orphansByNamespace, orphanIn, key);
    if (node) addTo(this.byNode, node, key);
  }

  private remove(key: string): void {
    const placed = this.placed.get(key);
    if (!placed) return;
    this.placed.delete(key);
    if (placed.owner) this.byOwner.get(placed.owner)?.delete(key);
    if (placed.node) this.byNode.get(placed.node)?.delete(key);
    if (placed.orphanIn !== undefined) this.orphansByNamespace.get(placed.orphanIn)?.delete(key);
  }
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}
