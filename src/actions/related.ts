// Is the plan's target the alert's object or related to it (owner chain, its pods, same node, its HPA/PDB/PVC)?
import { type Alert, alertNamesObject } from '../alerts/alert.js';
import { labelSelectorMatches } from '../cluster/labelSelector.js';
import { selectorMatches } from '../mcp/podFacts.js';
import type { ActionTarget } from './actionTarget.js';
import { type ActionCluster, type KubeObject, type ObjectKind, KubeFailure } from './kube.js';
import type { PolicyFinding } from './planTypes.js';

const key = (kind: string, namespace: string | undefined, name: string) =>
  `${kind}/${namespace ?? ''}/${name}`;

async function readOrUndefined(
  cluster: ActionCluster,
  kind: ObjectKind,
  namespace: string | undefined,
  name: string,
) {
  try {
    return await cluster.read({ kind, namespace, name });
  } catch (error) {
    if (error instanceof KubeFailure && error.status === 404) return undefined;
    throw error;
  }
}

/** Walks pod → ReplicaSet → Deployment (or StatefulSet/DaemonSet), adding each to the set. */
async function addOwnerChain(
  cluster: ActionCluster,
  object: KubeObject,
  related: Set<string>,
): Promise<void> {
  let current: KubeObject | undefined = object;
  for (let hop = 0; hop < 3 && current; hop++) {
    const owner = current.metadata.ownerReferences?.find((o) => o.controller);
    if (!owner) return;
    related.add(key(owner.kind, current.metadata.namespace, owner.name));
    if (!['ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet'].includes(owner.kind)) return;
    current = await readOrUndefined(
      cluster,
      owner.kind as ObjectKind,
      current.metadata.namespace,
      owner.name,
    );
  }
}

/** Everything kopilot treats as related to the alert's object. */
export async function relatedObjects(cluster: ActionCluster, alert: Alert): Promise<Set<string>> {
  const related = new Set<string>();
  const { kind, namespace, name, node } = alert.target;
  if (node) related.add(key('Node', undefined, node));
  if (!kind || !name) return related;
  related.add(key(kind, kind === 'Node' ? undefined : namespace, name));
  const pods: KubeObject[] = [];
  if (kind === 'Pod') {
    const pod = await readOrUndefined(cluster, 'Pod', namespace, name);
    if (pod) pods.push(pod);
    else {
      // The pod is gone (restarted, rolled): its workload is named by the pod name without the
      // ReplicaSet hash and pod suffix ("webapp-7d9f8-x2x4q" → ReplicaSet webapp-7d9f8, Deployment webapp).
      const parts = name.split('-');
      for (let cut = 1; cut <= 2 && parts.length > cut; cut++) {
        const owner = parts.slice(0, -cut).join('-');
        for (const ownerKind of ['ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet']) {
          related.add(key(ownerKind, namespace, owner));
        }
      }
    }
  } else if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(kind) && namespace) {
    const workload = await readOrUndefined(cluster, kind as ObjectKind, namespace, name);
    if (workload) {
      const all = await cluster.pods(namespace);
      for (const pod of all) {
        if (selectorMatches(workload.spec?.selector, pod.metadata.labels)) pods.push(pod);
      }
    }
  } else if (kind === 'Node') {
    pods.push(...(await cluster.podsOnNode(name)));
  } else if (kind === 'Service' && namespace) {
    // Through the Service's selector: its pods, and the workloads whose template it selects (even at 0 replicas).
    const service = await cluster.service(namespace, name);
    const selector = service?.spec?.selector as Record<string, string> | undefined;
    if (selector && Object.keys(selector).length > 0) {
      const matches = (labels: Record<string, string> | undefined) =>
        labelSelectorMatches({ matchLabels: selector }, labels);
      for (const workload of await cluster.workloads(namespace)) {
        if (matches(workload.spec?.template?.metadata?.labels)) {
          related.add(key(String(workload.kind), namespace, workload.metadata.name));
        }
      }
      pods.push(...(await cluster.pods(namespace)).filter((pod) => matches(pod.metadata.labels)));
    }
  }
  for (const pod of pods) {
    related.add(key('Pod', pod.metadata.namespace, pod.metadata.name));
    if (pod.spec?.nodeName) related.add(key('Node', undefined, pod.spec.nodeName));
    for (const volume of (pod.spec?.volumes ?? []) as KubeObject[]) {
      if (volume.persistentVolumeClaim?.claimName) {
        related.add(
          key('PersistentVolumeClaim', pod.metadata.namespace, volume.persistentVolumeClaim.claimName),
        );
      }
    }
  }
  const namespaces = new Set(pods.map((p) => p.metadata.namespace).filter(Boolean) as string[]);
  if (namespace && kind !== 'Node') namespaces.add(namespace);
  // The owner chains and each namespace's budgets and autoscalers are read at once: one slow answer, not many.
  const [, guards] = await Promise.all([
    Promise.all(pods.map((pod) => addOwnerChain(cluster, pod, related))),
    Promise.all(
      [...namespaces].map(async (ns) => {
        const [budgets, autoscalers] = await Promise.all([
          cluster.podDisruptionBudgets(ns).catch(() => [] as KubeObject[]),
          cluster.autoscalers(ns).catch(() => [] as KubeObject[]),
        ]);
        return { ns, budgets, autoscalers };
      }),
    ),
  ]);
  for (const { ns, budgets, autoscalers } of guards) {
    const inNamespace = pods.filter((p) => p.metadata.namespace === ns);
    for (const pdb of budgets) {
      if (inNamespace.some((p) => selectorMatches(pdb.spec?.selector, p.metadata.labels))) {
        related.add(key('PodDisruptionBudget', ns, pdb.metadata.name));
      }
    }
    for (const hpa of autoscalers) {
      const ref = hpa.spec?.scaleTargetRef;
      if (ref && related.has(key(ref.kind, ns, ref.name)))
        related.add(key('HorizontalPodAutoscaler', ns, hpa.metadata.name));
    }
  }
  return related;
}

/** The refusal for a target unrelated to the alert, or its warning once the human has overridden it. */
function unrelated(message: string, override: boolean): PolicyFinding {
  return override
    ? { check: 'related', level: 'warning', overridden: true, message: `${message}; overridden by the human` }
    : {
        check: 'related',
        level: 'refuse',
        overridable: true,
        message: `${message}; refused unless you override`,
      };
}

/** The relatedness finding: refused (unless overridden) when the target has nothing to do with the alert. */
export async function relatednessCheck(
  cluster: ActionCluster,
  alert: Alert | undefined,
  targets: ActionTarget[],
  override: boolean,
  /** The alert's related objects when already being read (planning starts them before the target is known). */
  known?: Promise<Set<string>>,
): Promise<PolicyFinding> {
  if (!alert) return { check: 'related', level: 'ok', message: 'no alert to relate the target to' };
  const { kind, name, namespace, node } = alert.target;
  const first = targets[0] as ActionTarget;
  const targetText = `${first.kind} ${first.namespace ? `${first.namespace}/` : ''}${first.name}`;
  if (!alertNamesObject(alert.target)) {
    // A namespace label alone names no object: "in the alert's namespace" would make every object there related.
    const named = namespace ? `only namespace ${namespace}` : 'no namespace, workload, pod or node';
    return unrelated(
      `${targetText} is not related to the alert: ${alert.name} names no object (its labels name ${named}); ` +
        'without an object only escalate, silence_alert and collect_diagnostics are open',
      override,
    );
  }
  const related = await (known ?? relatedObjects(cluster, alert));
  const hit = targets.find((t) => related.has(key(t.kind, t.namespace, t.name)));
  if (hit) {
    const same = hit.kind === kind && hit.name === name;
    return {
      check: 'related',
      level: 'ok',
      message: same
        ? "target is the alert's object"
        : `${hit.kind} ${hit.name} is related to the alert's ${kind ?? 'Node'} ${name ?? node}`,
    };
  }
  const alertObject = kind && name ? `${kind} ${namespace ? `${namespace}/` : ''}${name}` : `Node ${node}`;
  return unrelated(
    `${targetText} is neither the alert's object (${alertObject}) nor related to it (owner chain, same node)`,
    override,
  );
}
