// Server-side Table output (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), columns as kube-apiserver prints them.
import type { KubeObject } from '../store.js';
import { ageSince } from './humanDuration.js';
import type { ResourceType } from './resources.js';
import { formatLabelSelectorSpec } from './selectors.js';

export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

type Cell = string | number;
type Rec = Record<string, unknown>;

interface Printer {
  columns: ColumnDefinition[];
  cells(object: KubeObject, nowMs: number): Cell[];
}

function col(
  name: string,
  type: ColumnDefinition['type'] = 'string',
  priority = 0,
  format = '',
): ColumnDefinition {
  return { name, type, format, description: `${name} of the object`, priority };
}

const nameCol = col('Name', 'string', 0, 'name');
const ageCol = col('Age');

const rec = (value: unknown): Rec => (value && typeof value === 'object' ? (value as Rec) : {});
const arr = (value: unknown): Rec[] => (Array.isArray(value) ? (value as Rec[]) : []);
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const age = (o: KubeObject, nowMs: number) => ageSince(o.metadata.creationTimestamp, nowMs);
const orNone = (value: string) => (value === '' ? '<none>' : value);

function podStatus(pod: KubeObject, nowMs: number): { ready: string; reason: string; restarts: string } {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const containers = arr(spec.containers);
  const initContainers = arr(spec.initContainers);
  let reason = str(status.reason) || str(status.phase);
  let restarts = 0;
  let readyContainers = 0;
  let lastRestart = 0;
  const noteRestart = (cs: Rec) => {
    const finished = Date.parse(str(rec(rec(cs.lastState).terminated).finishedAt));
    if (!Number.isNaN(finished) && finished > lastRestart) lastRestart = finished;
  };
  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i] ?? {};
    restarts += num(cs.restartCount);
    noteRestart(cs);
    const state = rec(cs.state);
    const terminated = state.terminated ? rec(state.terminated) : undefined;
    const waiting = state.waiting ? rec(state.waiting) : undefined;
    if (terminated && num(terminated.exitCode) === 0) continue;
    if (terminated) {
      reason = str(terminated.reason)
        ? `Init:${str(terminated.reason)}`
        : num(terminated.signal) !== 0
          ? `Init:Signal:${num(terminated.signal)}`
          : `Init:ExitCode:${num(terminated.exitCode)}`;
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initContainers.length}`;
    }
    initializing = true;
    break;
  }
  const initialized = arr(status.conditions).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = 0;
    lastRestart = 0;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] ?? {};
      restarts += num(cs.restartCount);
      noteRestart(cs);
      const state = rec(cs.state);
      const waiting = state.waiting ? rec(state.waiting) : undefined;
      const terminated = state.terminated ? rec(state.terminated) : undefined;
      if (waiting && str(waiting.reason) !== '') reason = str(waiting.reason);
      else if (terminated && str(terminated.reason) !== '') reason = str(terminated.reason);
      else if (terminated)
        reason =
          num(terminated.signal) !== 0
            ? `Signal:${num(terminated.signal)}`
            : `ExitCode:${num(terminated.exitCode)}`;
      else if (cs.ready === true && state.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = arr(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True')
        ? 'Running'
        : 'NotReady';
    }
  }
  const phase = str(status.phase);
  if (pod.metadata.deletionTimestamp && str(status.reason) === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed')
    reason = 'Terminating';
  const restartText =
    restarts !== 0 && lastRestart !== 0
      ? `${restarts} (${ageSince(new Date(lastRestart).toISOString(), nowMs)} ago)`
      : String(restarts);
  return { ready: `${readyContainers}/${containers.length}`, reason, restarts: restartText };
}

function containerNames(template: Rec): { names: string; images: string } {
  const containers = arr(rec(template.spec).containers);
  return {
    names: containers.map((c) => str(c.name)).join(','),
    images: containers.map((c) => str(c.image)).join(','),
  };
}

function nodeAddress(node: KubeObject, type: string): string {
  return orNone(str(arr(rec(node.status).addresses).find((a) => a.type === type)?.address));
}

function eventSource(event: KubeObject): string {
  const source = rec(event.source);
  const component = str(source.component) || str(event.reportingComponent);
  const host = str(source.host) || str(event.reportingInstance);
  if (component === '' && host === '') return '<none>';
  return host === '' ? component : `${component}, ${host}`;
}

const PRINTERS: Record<string, Printer> = {
  'core/pods': {
    columns: [
      nameCol,
      col('Ready'),
      col('Status'),
      col('Restarts'),
      ageCol,
      col('IP', 'string', 1),
      col('Node', 'string', 1),
      col('Nominated Node', 'string', 1),
      col('Readiness Gates', 'string', 1),
    ],
    cells(pod, nowMs) {
      const { ready, reason, restarts } = podStatus(pod, nowMs);
      const status = rec(pod.status);
      const spec = rec(pod.spec);
      const ip = str(arr(status.podIPs)[0]?.ip) || str(status.podIP);
      const gates = arr(spec.readinessGates);
      const gateText =
        gates.length === 0
          ? '<none>'
          : `${gates.filter((g) => arr(status.conditions).some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`;
      return [
        pod.metadata.name,
        ready,
        reason,
        restarts,
        age(pod, nowMs),
        orNone(ip),
        orNone(str(spec.nodeName)),
        orNone(str(status.nominatedNodeName)),
        gateText,
      ];
    },
  },
  'core/nodes': {
    columns: [
      nameCol,
      col('Status'),
      col('Roles'),
      ageCol,
      col('Version'),
      col('Internal-IP', 'string', 1),
      col('External-IP', 'string', 1),
      col('OS-Image', 'string', 1),
      col('Kernel-Version', 'string', 1),
      col('Container-Runtime', 'string', 1),
    ],
    cells(node, nowMs) {
      const status = rec(node.status);
      const ready = arr(status.conditions).find((c) => c.type === 'Ready');
      const states = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
      if (rec(node.spec).unschedulable === true) states.push('SchedulingDisabled');
      const roles = Object.keys(node.metadata.labels ?? {})
        .map((label) => /^node-role\.kubernetes\.io\/(.+)$/.exec(label)?.[1])
        .filter((r): r is string => r !== undefined);
      const legacyRole = node.metadata.labels?.['kubernetes.io/role'];
      if (legacyRole) roles.push(legacyRole);
      const info = rec(status.nodeInfo);
      const unknown = (v: string) => (v === '' ? '<unknown>' : v);
      return [
        node.metadata.name,
        states.join(','),
        roles.length === 0 ? '<none>' : roles.sort().join(','),
        age(node, nowMs),
        str(info.kubeletVersion),
        nodeAddress(node, 'InternalIP'),
        nodeAddress(node, 'ExternalIP'),
        unknown(str(info.osImage)),
        unknown(str(info.kernelVersion)),
        unknown(str(info.containerRuntimeVersion)),
      ];
    },
  },
  'apps/deployments': {
    columns: [
      nameCol,
      col('Ready'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      ageCol,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    cells(d, nowMs) {
      const spec = rec(d.spec);
      const status = rec(d.status);
      const { names, images } = containerNames(rec(spec.template));
      const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
      return [
        d.metadata.name,
        `${num(status.readyReplicas)}/${desired}`,
        num(status.updatedReplicas),
        num(status.availableReplicas),
        age(d, nowMs),
        names,
        images,
        formatLabelSelectorSpec(spec.selector as never),
      ];
    },
  },
  'apps/replicasets': {
    columns: [
      nameCol,
      col('Desired', 'integer'),
      col('Current', 'integer'),
      col('Ready', 'integer'),
      ageCol,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    cells(rs, nowMs) {
      const spec = rec(rs.spec);
      const status = rec(rs.status);
      const { names, images } = containerNames(rec(spec.template));
      return [
        rs.metadata.name,
        typeof spec.replicas === 'number' ? spec.replicas : 1,
        num(status.replicas),
        num(status.readyReplicas),
        age(rs, nowMs),
        names,
        images,
        formatLabelSelectorSpec(spec.selector as never),
      ];
    },
  },
  'apps/statefulsets': {
    columns: [nameCol, col('Ready'), ageCol, col('Containers', 'string', 1), col('Images', 'string', 1)],
    cells(s, nowMs) {
      const spec = rec(s.spec);
      const { names, images } = containerNames(rec(spec.template));
      const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
      return [
        s.metadata.name,
        `${num(rec(s.status).readyReplicas)}/${desired}`,
        age(s, nowMs),
        names,
        images,
      ];
    },
  },
  'apps/daemonsets': {
    columns: [
      nameCol,
      col('Desired', 'integer'),
      col('Current', 'integer'),
      col('Ready', 'integer'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      col('Node Selector'),
      ageCol,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    cells(ds, nowMs) {
      const spec = rec(ds.spec);
      const status = rec(ds.status);
      const template = rec(spec.template);
      const { names, images } = containerNames(template);
      const nodeSelector = Object.entries(rec(rec(template.spec).nodeSelector))
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(',');
      return [
        ds.metadata.name,
        num(status.desiredNumberScheduled),
        num(status.currentNumberScheduled),
        num(status.numberReady),
        num(status.updatedNumberScheduled),
        num(status.numberAvailable),
        orNone(nodeSelector),
        age(ds, nowMs),
        names,
        images,
        formatLabelSelectorSpec(spec.selector as never),
      ];
    },
  },
  'core/events': {
    columns: [
      col('Last Seen'),
      col('Type'),
      col('Reason'),
      col('Object'),
      col('Subobject', 'string', 1),
      col('Source', 'string', 1),
      col('Message'),
      col('First Seen', 'string', 1),
      col('Count', 'integer', 1),
      col('Name', 'string', 1),
    ],
    cells(e, nowMs) {
      const first = ageSince(e.firstTimestamp || e.eventTime, nowMs);
      const series = e.series ? rec(e.series) : undefined;
      const last = series
        ? ageSince(series.lastObservedTime, nowMs)
        : e.lastTimestamp
          ? ageSince(e.lastTimestamp, nowMs)
          : first;
      const count = series ? num(series.count) : num(e.count) || 1;
      const involved = rec(e.involvedObject);
      const kind = str(involved.kind).toLowerCase();
      const target = str(involved.name) ? `${kind}/${str(involved.name)}` : kind;
      return [
        last,
        str(e.type),
        str(e.reason),
        target,
        str(involved.fieldPath),
        eventSource(e),
        str(e.message).trim(),
        first,
        count,
        e.metadata.name,
      ];
    },
  },
  'core/namespaces': {
    columns: [nameCol, col('Status'), ageCol],
    cells: (ns, nowMs) => [ns.metadata.name, str(rec(ns.status).phase) || 'Active', age(ns, nowMs)],
  },
  'core/services': {
    columns: [
      nameCol,
      col('Type'),
      col('Cluster-IP'),
      col('External-IP'),
      col('Port(s)'),
      ageCol,
      col('Selector', 'string', 1),
    ],
    cells(svc, nowMs) {
      const spec = rec(svc.spec);
      const type = str(spec.type) || 'ClusterIP';
      const ingress = arr(rec(rec(svc.status).loadBalancer).ingress).map((i) => str(i.ip) || str(i.hostname));
      const external = [...(Array.isArray(spec.externalIPs) ? spec.externalIPs.map(String) : []), ...ingress];
      const externalText =
        type === 'ExternalName'
          ? str(spec.externalName)
          : external.length > 0
            ? external.join(',')
            : type === 'LoadBalancer'
              ? '<pending>'
              : '<none>';
      const ports = arr(spec.ports).map((p) => {
        const node = p.nodePort ? `:${num(p.nodePort)}` : '';
        return `${num(p.port)}${node}/${str(p.protocol) || 'TCP'}`;
      });
      const selector = Object.entries(rec(spec.selector)).map(([k, v]) => `${k}=${String(v)}`);
      return [
        svc.metadata.name,
        type,
        str(spec.clusterIP) || '<none>',
        externalText,
        ports.length === 0 ? '<none>' : ports.join(','),
        age(svc, nowMs),
        selector.length === 0 ? '<none>' : selector.join(','),
      ];
    },
  },
  'core/configmaps': {
    columns: [nameCol, col('Data', 'integer'), ageCol],
    cells: (cm, nowMs) => [
      cm.metadata.name,
      Object.keys(rec(cm.data)).length + Object.keys(rec(cm.binaryData)).length,
      age(cm, nowMs),
    ],
  },
  'core/secrets': {
    columns: [nameCol, col('Type'), col('Data', 'integer'), ageCol],
    cells: (s, nowMs) => [
      s.metadata.name,
      str(s.type) || 'Opaque',
      Object.keys(rec(s.data)).length + Object.keys(rec(s.stringData)).length,
      age(s, nowMs),
    ],
  },
  'policy/poddisruptionbudgets': {
    columns: [
      nameCol,
      col('Min Available'),
      col('Max Unavailable'),
      col('Allowed Disruptions', 'integer'),
      ageCol,
    ],
    cells(pdb, nowMs) {
      const spec = rec(pdb.spec);
      const show = (v: unknown) => (v === undefined || v === null ? 'N/A' : String(v));
      return [
        pdb.metadata.name,
        show(spec.minAvailable),
        show(spec.maxUnavailable),
        num(rec(pdb.status).disruptionsAllowed),
        age(pdb, nowMs),
      ];
    },
  },
  'autoscaling/horizontalpodautoscalers': {
    columns: [
      nameCol,
      col('Reference'),
      col('Targets'),
      col('MinPods', 'integer'),
      col('MaxPods', 'integer'),
      col('Replicas', 'integer'),
      ageCol,
    ],
    cells(hpa, nowMs) {
      const spec = rec(hpa.spec);
      const status = rec(hpa.status);
      const ref = rec(spec.scaleTargetRef);
      const current = arr(status.currentMetrics);
      const targets = arr(spec.metrics).map((metric, i) => {
        const target = rec(rec(metric.resource).target);
        const now = rec(rec(current[i]?.resource).current);
        const resource = str(rec(metric.resource).name);
        if (target.averageUtilization !== undefined) {
          const value =
            now.averageUtilization !== undefined ? `${num(now.averageUtilization)}%` : '<unknown>';
          return `${resource}: ${value}/${num(target.averageUtilization)}%`;
        }
        const value = now.averageValue !== undefined ? String(now.averageValue) : '<unknown>';
        return `${resource}: ${value}/${String(target.averageValue ?? target.value ?? '')}`;
      });
      return [
        hpa.metadata.name,
        `${str(ref.kind)}/${str(ref.name)}`,
        targets.length === 0 ? '<none>' : targets.join(', '),
        typeof spec.minReplicas === 'number' ? spec.minReplicas : 1,
        num(spec.maxReplicas),
        num(status.currentReplicas),
        age(hpa, nowMs),
      ];
    },
  },
};

const DEFAULT_PRINTER: Printer = {
  columns: [nameCol, ageCol],
  cells: (o, nowMs) => [o.metadata.name, age(o, nowMs)],
};

export type IncludeObject = 'None' | 'Object' | 'Metadata';

export interface TableRequest {
  type: ResourceType;
  includeObject: IncludeObject;
  nowMs: number;
}

/** Whether the client asked for Table output in its Accept header. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const params = part.split(';').map((p) => p.trim());
    return (
      params.includes('as=Table') &&
      params.includes('g=meta.k8s.io') &&
      (params.includes('v=v1') || params.includes('v=v1beta1'))
    );
  });
}

export function includeObjectParam(value: string | null): IncludeObject {
  if (value === 'None' || value === 'Object') return value;
  return 'Metadata';
}

function printerFor(type: ResourceType): Printer {
  const key = type.view === 'events.k8s.io' ? 'core/events' : type.storeKey;
  return PRINTERS[key] ?? DEFAULT_PRINTER;
}

/**
 * A Table for the objects (already in their served form). `coreObjects` are the same objects as stored
 * (differs only for views such as events.k8s.io), used for printing.
 */
export function buildTable(
  request: TableRequest,
  served: KubeObject[],
  printed: KubeObject[],
  listMeta: Record<string, unknown>,
  withColumns = true,
): Record<string, unknown> {
  const printer = printerFor(request.type);
  const rows = served.map((object, i) => {
    const cells = printer.cells(printed[i] ?? object, request.nowMs);
    const row: Record<string, unknown> = { cells };
    if (request.includeObject === 'Object') row.object = object;
    else if (request.includeObject === 'Metadata')
      row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    ...(withColumns ? { columnDefinitions: printer.columns } : { columnDefinitions: null }),
    rows,
  };
}
