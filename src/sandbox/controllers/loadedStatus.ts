// A workload's status as the loaded snapshot wrote it stands while nothing has acted on the workload: as long as
// its spec (generation) and its pods are those of the snapshot, controllers do not rewrite it from their own model.
import type { KubeObject } from '../store.js';
import type { OwnerIndex } from './ownerIndex.js';

/** The workloads whose status is still the snapshot's, with what they looked like at load. */
export class LoadedStatus {
  private readonly loaded = new Map<string, string>();

  constructor(
    private readonly pods: OwnerIndex,
    private readonly replicaSets: OwnerIndex,
  ) {}

  /** Remembers each workload that has a status, as loaded (call once, before the controllers' first pass). */
  record(resource: string, workloads: KubeObject[]): void {
    for (const workload of workloads) {
      if (Object.keys((workload.status ?? {}) as object).length === 0) continue;
      this.loaded.set(this.id(resource, workload), this.fingerprint(workload));
    }
  }

  /** Whether the workload's status is still the snapshot's; once something changed, it never is again. */
  holds(resource: string, workload: KubeObject): boolean {
    const id = this.id(resource, workload);
    const then = this.loaded.get(id);
    if (then === undefined) return false;
    if (then === this.fingerprint(workload)) return true;
    this.loaded.delete(id);
    return false;
  }

  private id(resource: string, workload: KubeObject): string {
    return `${resource} ${workload.metadata.namespace ?? ''}/${workload.metadata.name}`;
  }

  /** The generation and every pod (through ReplicaSets for a Deployment), each at its resourceVersion. */
  private fingerprint(workload: KubeObject): string {
    const ns = workload.metadata.namespace ?? '';
    const owners =
      workload.kind === 'Deployment'
        ? this.replicaSets.ownedBy(ns, 'Deployment', workload.metadata.name).map((rs) => ({
            kind: 'ReplicaSet',
            name: rs.metadata.name,
            replicas: String((rs.spec as { replicas?: number } | undefined)?.replicas ?? ''),
          }))
        : [{ kind: workload.kind, name: workload.metadata.name, replicas: '' }];
    const parts = owners.flatMap((owner) => [
      `${owner.name}=${owner.replicas}`,
      ...this.pods
        .ownedBy(ns, owner.kind, owner.name)
        .map((p) => `${p.metadata.name}@${p.metadata.resourceVersion ?? ''}`),
    ]);
    return `${workload.metadata.generation ?? 1}|${parts.sort().join(',')}`;
  }
}
