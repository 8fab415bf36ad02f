// The four-worker production cluster most built-in incidents happen in: platform pods plus a database.
import { ClusterBuilder, type NodeInput } from '../build/cluster.js';
import { days } from '../build/time.js';
import { platform, workers } from './common.js';

export const WORKERS = ['worker-01', 'worker-02', 'worker-03', 'worker-04'];

export interface SmallClusterOptions {
  /** Per-node changes: a taint, a lost node, a smaller machine. */
  nodes?: Record<string, Partial<NodeInput>>;
  /** Keep platform Deployments and StatefulSets off this node (DaemonSets still run there). */
  avoid?: string;
}

export function smallCluster(now: string, seed: string, options: SmallClusterOptions = {}): ClusterBuilder {
  const b = new ClusterBuilder(now, seed);
  for (const name of WORKERS) {
    workers(b, [name], options.nodes?.[name] ?? {});
  }
  const place = WORKERS.filter((n) => n !== options.avoid);
  platform(b, {
    nodes: WORKERS,
    dns: [place[0] as string, place[1] as string],
    prometheus: [place[1] as string, place[2] as string],
    alertmanager: [place[0] as string, place[2] as string],
    grafana: place[place.length - 1] as string,
  });
  return b;
}

export { days };
