// What each cluster.yaml document must look like for the sandbox to serve it: the fields clients rely on.
import { z } from 'zod';
import { tryParseQuantity } from '../../cluster/quantity.js';
import { RFC3339 } from './schema.js';

const quantity = z.union([z.string(), z.number()]).refine((value) => tryParseQuantity(value) !== undefined, {
  message: 'expected a Kubernetes quantity such as 512Mi, 8Gi, 250m or 2',
});
const quantities = z.record(z.string(), quantity);
const time = z.string().regex(RFC3339, { message: 'expected an RFC 3339 time such as 2025-06-12T14:30:00Z' });
const stringMap = z.record(z.string(), z.string());

/** A DNS subdomain (RFC 1123), as the API server requires for most names. */
const objectName = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
    message: 'expected a lower-case RFC 1123 name (letters, digits, "-" and ".")',
  });

export const metadataSchema = z.looseObject({
  name: objectName,
  namespace: objectName.optional(),
  uid: z.string().min(1).optional(),
  creationTimestamp: time.optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  ownerReferences: z
    .array(
      z.looseObject({
        apiVersion: z.string().min(1),
        kind: z.string().min(1),
        name: z.string().min(1),
        uid: z.string().min(1).optional(),
        controller: z.boolean().optional(),
        blockOwnerDeletion: z.boolean().optional(),
      }),
    )
    .optional(),
});

export const documentSchema = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: metadataSchema,
});

const keyRef = z.looseObject({
  name: z.string().min(1),
  key: z.string().min(1),
  optional: z.boolean().optional(),
});

const container = z.looseObject({
  name: objectName,
  image: z.string().min(1),
  resources: z.looseObject({ requests: quantities.optional(), limits: quantities.optional() }).optional(),
  env: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        value: z.string().optional(),
        valueFrom: z
          .looseObject({ secretKeyRef: keyRef.optional(), configMapKeyRef: keyRef.optional() })
          .optional(),
      }),
    )
    .optional(),
});

const podSpec = z.looseObject({
  containers: z.array(container).min(1),
  initContainers: z.array(container).optional(),
  nodeName: z.string().min(1).optional(),
});

const selector = z.looseObject({ matchLabels: stringMap.optional() });

const workloadSpec = z.looseObject({
  replicas: z.number().int().min(0).optional(),
  selector: selector,
  template: z.looseObject({ metadata: z.looseObject({ labels: stringMap }), spec: podSpec }),
});

/** A Job's pod template: its labels are the Job controller's to add, so they may be left out. */
const jobSpec = z.looseObject({
  template: z.looseObject({
    metadata: z.looseObject({ labels: stringMap.optional() }).optional(),
    spec: podSpec,
  }),
  backoffLimit: z.number().int().min(0).optional(),
  completions: z.number().int().min(0).optional(),
  parallelism: z.number().int().min(0).optional(),
});

const accessModes = z
  .array(z.enum(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']))
  .optional();

const containerUsage = z.looseObject({ name: z.string().min(1), usage: quantities });

/** Kind-specific shapes, checked after the common document shape. */
export const kindSchemas: Record<string, z.ZodType> = {
  Pod: z.looseObject({ spec: podSpec }),
  Deployment: z.looseObject({ spec: workloadSpec }),
  ReplicaSet: z.looseObject({ spec: workloadSpec }),
  StatefulSet: z.looseObject({ spec: workloadSpec }),
  DaemonSet: z.looseObject({ spec: workloadSpec.omit({ replicas: true }) }),
  Node: z.looseObject({
    status: z.looseObject({ capacity: quantities, allocatable: quantities }),
  }),
  PodMetrics: z.looseObject({ timestamp: time, window: z.string(), containers: z.array(containerUsage) }),
  NodeMetrics: z.looseObject({ timestamp: time, window: z.string(), usage: quantities }),
  ResourceQuota: z.looseObject({
    spec: z.looseObject({ hard: quantities }),
    status: z.looseObject({ hard: quantities.optional(), used: quantities.optional() }).optional(),
  }),
  LimitRange: z.looseObject({
    spec: z.looseObject({
      limits: z.array(
        z.looseObject({
          type: z.string(),
          max: quantities.optional(),
          min: quantities.optional(),
          default: quantities.optional(),
          defaultRequest: quantities.optional(),
        }),
      ),
    }),
  }),
  PersistentVolumeClaim: z.looseObject({
    spec: z.looseObject({
      resources: z.looseObject({ requests: z.looseObject({ storage: quantity }) }),
      accessModes,
      storageClassName: z.string().optional(),
      volumeName: z.string().optional(),
    }),
    status: z
      .looseObject({
        phase: z.enum(['Pending', 'Bound', 'Lost']).optional(),
        capacity: quantities.optional(),
      })
      .optional(),
  }),
  PersistentVolume: z.looseObject({
    spec: z.looseObject({
      capacity: z.looseObject({ storage: quantity }),
      accessModes,
      storageClassName: z.string().optional(),
      persistentVolumeReclaimPolicy: z.enum(['Retain', 'Delete', 'Recycle']).optional(),
      claimRef: z.looseObject({ name: z.string().min(1), namespace: z.string().min(1) }).optional(),
    }),
    status: z
      .looseObject({ phase: z.enum(['Pending', 'Available', 'Bound', 'Released', 'Failed']).optional() })
      .optional(),
  }),
  StorageClass: z.looseObject({
    provisioner: z.string().min(1),
    reclaimPolicy: z.enum(['Retain', 'Delete']).optional(),
    volumeBindingMode: z.enum(['Immediate', 'WaitForFirstConsumer']).optional(),
    allowVolumeExpansion: z.boolean().optional(),
  }),
  Job: z.looseObject({ spec: jobSpec }),
  CronJob: z.looseObject({
    spec: z.looseObject({
      schedule: z.string().min(1),
      suspend: z.boolean().optional(),
      jobTemplate: z.looseObject({ spec: jobSpec }),
    }),
  }),
  ControllerRevision: z.looseObject({
    revision: z.number().int().min(0),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
  HorizontalPodAutoscaler: z.looseObject({
    spec: z.looseObject({
      scaleTargetRef: z.looseObject({ kind: z.string(), name: z.string() }),
      minReplicas: z.number().int().min(1).optional(),
      maxReplicas: z.number().int().min(1),
    }),
  }),
  Event: z.looseObject({
    involvedObject: z.looseObject({ kind: z.string().min(1), name: z.string().min(1) }),
    reason: z.string().min(1),
    message: z.string(),
    type: z.enum(['Normal', 'Warning']),
  }),
  Secret: z.looseObject({
    data: z
      .record(
        z.string(),
        z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'expected base64 (Secret data is encoded)' }),
      )
      .optional(),
    stringData: stringMap.optional(),
  }),
  ConfigMap: z.looseObject({ data: stringMap.optional() }),
};
