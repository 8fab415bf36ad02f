// cluster.yaml documents of the kinds real incidents need (Jobs, CronJobs, storage, ControllerRevisions), as
// `kubectl get -o yaml` words them, added to the tiny-shop fixture by the tests that load them.
export const STORAGE_DOCS = {
  gp3: `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: gp3
  creationTimestamp: '2025-01-01T00:00:00Z'
  annotations: { storageclass.kubernetes.io/is-default-class: 'true' }
provisioner: ebs.csi.aws.com
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
allowVolumeExpansion: true`,
  standard: `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: standard, creationTimestamp: '2025-01-01T00:00:00Z' }
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: Immediate`,
  pv: `apiVersion: v1
kind: PersistentVolume
metadata: { name: pvc-3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b, creationTimestamp: '2025-05-01T00:00:10Z' }
spec:
  capacity: { storage: 20Gi }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Delete
  storageClassName: gp3
  claimRef: { kind: PersistentVolumeClaim, namespace: shop, name: data-db-0 }
status: { phase: Bound }`,
  pvc: `apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data-db-0, namespace: shop, creationTimestamp: '2025-05-01T00:00:00Z', labels: { app: db } }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: gp3
  volumeName: pvc-3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b
  resources: { requests: { storage: 20Gi } }
status: { phase: Bound, accessModes: [ReadWriteOnce], capacity: { storage: 20Gi } }`,
};

export const STATEFUL_DOCS = {
  statefulSet: `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop, creationTimestamp: '2025-05-01T00:00:00Z' }
spec:
  replicas: 1
  serviceName: db
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers: [{ name: postgres, image: 'postgres:16.3' }]
  volumeClaimTemplates:
    - metadata: { name: data }
      spec: { accessModes: [ReadWriteOnce], storageClassName: gp3, resources: { requests: { storage: 20Gi } } }
status: { replicas: 1, readyReplicas: 1, currentRevision: db-6b9f7d8c5d, updateRevision: db-6b9f7d8c5d }`,
  revision1: `apiVersion: apps/v1
kind: ControllerRevision
metadata:
  name: db-5c8d9e7f6a
  namespace: shop
  creationTimestamp: '2025-05-01T00:00:00Z'
  labels: { app: db, controller.kubernetes.io/hash: 5c8d9e7f6a }
  ownerReferences: [{ apiVersion: apps/v1, kind: StatefulSet, name: db, controller: true }]
revision: 1
data:
  spec: { template: { spec: { containers: [{ name: postgres, image: 'postgres:16.2' }] } } }`,
  revision2: `apiVersion: apps/v1
kind: ControllerRevision
metadata:
  name: db-6b9f7d8c5d
  namespace: shop
  creationTimestamp: '2025-06-10T09:00:00Z'
  labels: { app: db, controller.kubernetes.io/hash: 6b9f7d8c5d }
  ownerReferences: [{ apiVersion: apps/v1, kind: StatefulSet, name: db, controller: true }]
revision: 2
data:
  spec: { template: { spec: { containers: [{ name: postgres, image: 'postgres:16.3' }] } } }`,
  pod: `apiVersion: v1
kind: Pod
metadata:
  name: db-0
  namespace: shop
  creationTimestamp: '2025-06-10T09:00:30Z'
  labels: { app: db, statefulset.kubernetes.io/pod-name: db-0, controller-revision-hash: db-6b9f7d8c5d }
  ownerReferences: [{ apiVersion: apps/v1, kind: StatefulSet, name: db, controller: true }]
spec:
  nodeName: worker-01
  containers: [{ name: postgres, image: 'postgres:16.3' }]
  volumes: [{ name: data, persistentVolumeClaim: { claimName: data-db-0 } }]
status:
  phase: Running
  conditions: [{ type: Ready, status: 'True' }]
  containerStatuses:
    - { name: postgres, ready: true, restartCount: 0, state: { running: { startedAt: '2025-06-10T09:00:40Z' } } }`,
};

export const BATCH_DOCS = {
  cronJob: `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly-report, namespace: shop, creationTimestamp: '2025-03-01T00:00:00Z' }
spec:
  schedule: '0 2 * * *'
  concurrencyPolicy: Forbid
  suspend: false
  jobTemplate:
    spec:
      backoffLimit: 2
      template:
        spec:
          restartPolicy: Never
          containers: [{ name: report, image: 'shop/report:3.1' }]
status: { lastScheduleTime: '2025-06-12T02:00:00Z' }`,
  job: `apiVersion: batch/v1
kind: Job
metadata:
  name: nightly-report-29162520
  namespace: shop
  creationTimestamp: '2025-06-12T02:00:00Z'
  labels: { batch.kubernetes.io/job-name: nightly-report-29162520 }
  ownerReferences: [{ apiVersion: batch/v1, kind: CronJob, name: nightly-report, controller: true }]
spec:
  backoffLimit: 2
  completions: 1
  parallelism: 1
  selector: { matchLabels: { batch.kubernetes.io/job-name: nightly-report-29162520 } }
  template:
    metadata: { labels: { batch.kubernetes.io/job-name: nightly-report-29162520 } }
    spec:
      restartPolicy: Never
      containers: [{ name: report, image: 'shop/report:3.1' }]
status:
  startTime: '2025-06-12T02:00:00Z'
  failed: 3
  conditions:
    - type: Failed
      status: 'True'
      reason: BackoffLimitExceeded
      message: Job has reached the specified backoff limit
      lastTransitionTime: '2025-06-12T02:04:10Z'`,
};
