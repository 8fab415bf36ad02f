// The Table printers of the core group's cluster objects: nodes, namespaces, events, Services, ConfigMaps, Secrets.
import type { KubeObject } from '../../store.js';
import { ageSince } from '../humanDuration.js';
import { age, ageCol, arr, col, nameCol, num, orNone, rec, str, type Printer } from './columns.js';

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

export const clusterPrinters: Record<string, Printer> = {
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
};
