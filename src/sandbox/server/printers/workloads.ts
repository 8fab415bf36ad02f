// The Table printers of the apps group: Deployments, ReplicaSets, StatefulSets, DaemonSets, ControllerRevisions.
import { formatLabelSelectorSpec } from '../selectors.js';
import { age, ageCol, col, containerNames, nameCol, num, orNone, rec, type Printer } from './columns.js';

export const workloadPrinters: Record<string, Printer> = {
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
  'apps/controllerrevisions': {
    columns: [nameCol, col('Controller'), col('Revision', 'integer'), ageCol],
    cells(revision, nowMs) {
      const owner = revision.metadata.ownerReferences?.find((o) => o.controller === true);
      // As kubectl's formatResourceName with kind: "statefulset.apps/db".
      const group = owner?.apiVersion.includes('/') ? `.${owner.apiVersion.split('/')[0] ?? ''}` : '';
      return [
        revision.metadata.name,
        owner ? `${owner.kind.toLowerCase()}${group}/${owner.name}` : '<none>',
        num(revision.revision),
        age(revision, nowMs),
      ];
    },
  },
};
