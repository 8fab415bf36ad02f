// The scheduler's volume binding: a pod whose claims are missing or unbound (with immediate binding) fits no node;
// bound volumes with node affinity narrow the nodes; WaitForFirstConsumer claims are provisioned on the chosen node.
import type { KubeObject } from '../store.js';
import { nodeMatchesTerms, type NodeSelectorTerm } from './nodeAffinity.js';
import { podSpec } from './podState.js';
import { PVCS, PVS, STORAGECLASSES, type ControllerContext } from './runtime.js';
import {
  bindingMode,
  claimSpec,
  className,
  isBound,
  SELECTED_NODE,
  syncClaimBinding,
} from './volumeProvisioner.js';

export interface PodVolumes {
  /** Why no node can take the pod whatever its room (the scheduler's PreFilter verdict). */
  unresolvable?: string;
  /** Unbound WaitForFirstConsumer claims, provisioned once the pod has a node. */
  delayed: KubeObject[];
  /** Node selector terms of the bound volumes, each of which the node must match. */
  affinities: NodeSelectorTerm[][];
}

export function claimNames(pod: KubeObject): string[] {
  const volumes = (podSpec(pod).volumes ?? []) as Array<{ persistentVolumeClaim?: { claimName?: string } }>;
  return volumes.map((v) => v.persistentVolumeClaim?.claimName ?? '').filter((name) => name !== '');
}

export function podVolumes(ctx: ControllerContext, pod: KubeObject): PodVolumes {
  const out: PodVolumes = { delayed: [], affinities: [] };
  const namespace = pod.metadata.namespace;
  for (const claimName of claimNames(pod)) {
    const pvc = ctx.store.get(PVCS, namespace, claimName);
    if (!pvc) return { ...out, unresolvable: `persistentvolumeclaim "${claimName}" not found` };
    if (pvc.metadata.deletionTimestamp)
      return { ...out, unresolvable: `persistentvolumeclaim "${claimName}" is being deleted` };
    if (isBound(pvc)) {
      const volume = ctx.store.get(PVS, undefined, claimSpec(pvc).volumeName ?? '');
      const terms = (
        volume?.spec as { nodeAffinity?: { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } } }
      )?.nodeAffinity?.required?.nodeSelectorTerms;
      if (terms) out.affinities.push(terms);
      continue;
    }
    const name = className(ctx, pvc);
    const storageClass = name ? ctx.store.get(STORAGECLASSES, undefined, name) : undefined;
    if (storageClass && bindingMode(storageClass) === 'WaitForFirstConsumer') out.delayed.push(pvc);
    else return { ...out, unresolvable: 'pod has unbound immediate PersistentVolumeClaims' };
  }
  return out;
}

/** The scheduler's reason a node does not suit the pod's bound volumes, if it does not. */
export function volumeNodeConflict(node: KubeObject, volumes: PodVolumes): string | undefined {
  return volumes.affinities.every((terms) => nodeMatchesTerms(node, terms))
    ? undefined
    : 'node(s) had volume node affinity conflict';
}

/** The scheduler's PreBind: each delayed claim learns its node and is provisioned before the pod is bound. */
export function bindPodVolumes(ctx: ControllerContext, volumes: PodVolumes, nodeName: string): void {
  for (const pvc of volumes.delayed) {
    const annotated = ctx.store.mutate(PVCS, pvc.metadata.namespace, pvc.metadata.name, (draft) => {
      draft.metadata.annotations = { ...(draft.metadata.annotations ?? {}), [SELECTED_NODE]: nodeName };
    });
    syncClaimBinding(ctx, annotated, false);
  }
}
