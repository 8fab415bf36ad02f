// The Table printers of storage: PersistentVolumeClaims, PersistentVolumes and StorageClasses, as kubectl shows them.
import type { KubeObject } from '../../store.js';
import { age, ageCol, col, nameCol, rec, str, type Printer, type Rec } from './columns.js';

const MODES: Array<[string, string]> = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** As kube's GetAccessModesAsString: "RWO,ROX" in that fixed order. */
function accessModes(modes: unknown): string {
  const list = Array.isArray(modes) ? (modes as unknown[]) : [];
  return MODES.filter(([mode]) => list.includes(mode))
    .map(([, short]) => short)
    .join(',');
}

/** The class a volume or claim names: the beta annotation wins over spec.storageClassName, as in kube. */
function storageClassOf(object: KubeObject): string {
  const beta = object.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  return beta ?? str(rec(object.spec).storageClassName);
}

const phaseOf = (object: KubeObject, status: Rec) =>
  object.metadata.deletionTimestamp ? 'Terminating' : str(status.phase);

const isDefaultClass = (sc: KubeObject) =>
  sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' ||
  sc.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';

export const storagePrinters: Record<string, Printer> = {
  'core/persistentvolumeclaims': {
    columns: [
      nameCol,
      col('Status'),
      col('Volume'),
      col('Capacity'),
      col('Access Modes'),
      col('StorageClass'),
      col('VolumeAttributesClass'),
      ageCol,
      col('VolumeMode', 'string', 1),
    ],
    cells(pvc, nowMs) {
      const spec = rec(pvc.spec);
      const status = rec(pvc.status);
      const bound = str(spec.volumeName) !== '';
      return [
        pvc.metadata.name,
        phaseOf(pvc, status),
        str(spec.volumeName),
        bound ? str(rec(status.capacity).storage) : '',
        bound ? accessModes(status.accessModes) : '',
        storageClassOf(pvc),
        str(spec.volumeAttributesClassName) || '<unset>',
        age(pvc, nowMs),
        str(spec.volumeMode) || '<unset>',
      ];
    },
  },
  'core/persistentvolumes': {
    columns: [
      nameCol,
      col('Capacity'),
      col('Access Modes'),
      col('Reclaim Policy'),
      col('Status'),
      col('Claim'),
      col('StorageClass'),
      col('VolumeAttributesClass'),
      col('Reason'),
      ageCol,
      col('VolumeMode', 'string', 1),
    ],
    cells(pv, nowMs) {
      const spec = rec(pv.spec);
      const status = rec(pv.status);
      const claim = spec.claimRef ? rec(spec.claimRef) : undefined;
      return [
        pv.metadata.name,
        str(rec(spec.capacity).storage),
        accessModes(spec.accessModes),
        str(spec.persistentVolumeReclaimPolicy),
        phaseOf(pv, status),
        claim ? `${str(claim.namespace)}/${str(claim.name)}` : '',
        storageClassOf(pv),
        str(spec.volumeAttributesClassName) || '<unset>',
        str(status.reason),
        age(pv, nowMs),
        str(spec.volumeMode) || '<unset>',
      ];
    },
  },
  'storage.k8s.io/storageclasses': {
    columns: [
      nameCol,
      col('Provisioner'),
      col('ReclaimPolicy'),
      col('VolumeBindingMode'),
      col('AllowVolumeExpansion'),
      ageCol,
    ],
    cells: (sc, nowMs) => [
      isDefaultClass(sc) ? `${sc.metadata.name} (default)` : sc.metadata.name,
      str(sc.provisioner),
      str(sc.reclaimPolicy) || 'Delete',
      str(sc.volumeBindingMode) || 'Immediate',
      sc.allowVolumeExpansion === true,
      age(sc, nowMs),
    ],
  },
};
