// Builds a consistent cluster snapshot — nodes, workloads with their ReplicaSets and pods, metrics, events —
// the way a real API server would return it. The built-in scenarios and the synthetic generator use it.
import type { KubeObject } from '../../store.js';
import { stableUid } from '../consistency.js';
import { buildPod, type PodState } from './pods.js';
import { Random, podTemplateHash } from './ids.js';
import { rfc3339 } from './time.js';

export interface ContainerInput {
  name: string;
  image: string;
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<
    | { name: string; value: string }
    | { name: string; secret: { name: string; key: string } }
    | { name: string; configMap: { name: string; key: string } }
  >;
  args?: string[];
  /** HTTP readiness probe path on the first port. */
  readinessPath?: string;
}

export interface NodeInput {
  name: string;
  age: number;
  /** CPU cores and memory (Gi) the machine has. */
  cpu: number;
  memoryGi: number;
  /** Memory (Gi) the kubelet offers pods after system reservations (default memoryGi − 2). */
  allocatableMemoryGi?: number;
  zone?: string;
  instanceType?: string;
  labels?: Record<string, string>;
  taints?: Array<{
    key: string;
    value?: string;
    effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
    ago?: number;
  }>;
  unschedulable?: boolean;
  /** Condition at snapshot time (default ready). */
  health?:
    | { status: 'ready' }
    | { status: 'lost'; since: number }
    | { status: 'memory-pressure'; since: number }
    | { status: 'disk-pressure'; since: number };
  usage?: { cpu: string; memory: string };
}

export interface PodPlan {
  name?: string;
  /** The generated part of the name: the pod is `<ReplicaSet>-<suffix>` (default random). */
  suffix?: string;
  /** Node the pod runs on; omitted for a Pending pod. */
  node?: string;
  age: number;
  state?: PodState;
  /** Per-container usage for PodMetrics (first container when a single value). */
  usage?: { cpu: string; memory: string } | Record<string, { cpu: string; memory: string }>;
  annotations?: Record<string, string>;
  /** Which revision (0-based index into `revisions`) the pod belongs to; default the last. */
  revision?: number;
}

export interface RevisionInput {
  age: number;
  containers: ContainerInput[];
  /** `kubernetes.io/change-cause`, as `kubectl annotate` or `--record` left it. */
  changeCause?: string;
}

export interface WorkloadInput {
  namespace: string;
  name: string;
  age: number;
  labels?: Record<string, string>;
  /** Pod template annotations. */
  podAnnotations?: Record<string, string>;
  serviceAccount?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  volumes?: unknown[];
  pods: PodPlan[];
}

export interface DeploymentInput extends WorkloadInput {
  replicas: number;
  /** Pod templates over time, oldest first; the last is the current one. */
  revisions: RevisionInput[];
  /** The rollout gave up: Progressing=False ProgressDeadlineExceeded. */
  progressDeadlineExceeded?: boolean;
  /** How long ago spec.replicas last changed (for observedGeneration realism only). */
  generation?: number;
}

export class ClusterBuilder {
  readonly objects: KubeObject[] = [];
  readonly nowMs: number;
  readonly random: Random;
  private readonly nodes = new Map<
    string,
    { ip: string; index: number; podCount: number; object?: KubeObject }
  >();

  constructor(
    now: string,
    private readonly seed: string,
  ) {
    this.nowMs = Date.parse(now);
    this.random = new Random(seed);
  }

  ago(ms: number): string {
    return rfc3339(this.nowMs - ms);
  }

  uid(kind: string, namespace: string | undefined, name: string): string {
    return stableUid(`${this.seed}/${kind}/${namespace ?? ''}/${name}`);
  }

  add(object: KubeObject): KubeObject {
    this.objects.push(object);
    return object;
  }

  /**
   * The gp3 StorageClass every claim this builder writes names (EBS CSI, expandable, bound on first consumer),
   * added once: without it a new claim (a StatefulSet scaled up) could not be provisioned, as on a real cluster.
   */
  private storageClassAdded = false;
  private gp3StorageClass(): void {
    if (this.storageClassAdded) return;
    this.storageClassAdded = true;
    this.add({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: 'gp3',
        uid: this.uid('StorageClass', undefined, 'gp3'),
        creationTimestamp: this.ago(400 * 86_400_000),
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'ebs.csi.aws.com',
      parameters: { type: 'gp3', fsType: 'ext4' },
      reclaimPolicy: 'Delete',
      allowVolumeExpansion: true,
      volumeBindingMode: 'WaitForFirstConsumer',
    });
  }

  namespace(name: string, age: number, labels: Record<string, string> = {}): KubeObject {
    return this.add({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        uid: this.uid('Namespace', undefined, name),
        creationTimestamp: this.ago(age),
        labels: { 'kubernetes.io/metadata.name': name, ...labels },
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  node(input: NodeInput): KubeObject {
    const index = this.nodes.size + 1;
    const ip = `10.0.${Math.floor(index / 250) + 1}.${(index % 250) + 10}`;
    this.nodes.set(input.name, { ip, index, podCount: 0 });
    const zone = input.zone ?? `eu-west-1${'abc'[index % 3]}`;
    const memoryKi = input.memoryGi * 1024 * 1024 - 130_000 - ((index * 7919) % 4096);
    const allocatableKi = (input.allocatableMemoryGi ?? input.memoryGi - 2) * 1024 * 1024;
    const health = input.health ?? { status: 'ready' };
    const heartbeat = health.status === 'lost' ? this.ago(health.since + 40_000) : this.ago(25_000);
    const since = (ms: number) => this.ago(ms);
    const created = input.age;
    const condition = (
      type: string,
      pressure: boolean,
      reason: string,
      message: string,
      changed: number,
    ) => ({
      type,
      status: health.status === 'lost' ? 'Unknown' : pressure ? 'True' : 'False',
      lastHeartbeatTime: heartbeat,
      lastTransitionTime: since(changed),
      reason: health.status === 'lost' ? 'NodeStatusUnknown' : reason,
      message: health.status === 'lost' ? 'Kubelet stopped posting node status.' : message,
    });
    const lostSince = health.status === 'lost' ? health.since : created - 60_000;
    const memPressure = health.status === 'memory-pressure';
    const diskPressure = health.status === 'disk-pressure';
    const taints = [
      ...(input.taints ?? []).map((t) => ({
        key: t.key,
        ...(t.value !== undefined ? { value: t.value } : {}),
        effect: t.effect,
        ...(t.ago !== undefined ? { timeAdded: this.ago(t.ago) } : {}),
      })),
      ...(health.status === 'lost'
        ? [
            {
              key: 'node.kubernetes.io/unreachable',
              effect: 'NoSchedule',
              timeAdded: this.ago(health.since - 20_000),
            },
            {
              key: 'node.kubernetes.io/unreachable',
              effect: 'NoExecute',
              timeAdded: this.ago(health.since - 25_000),
            },
          ]
        : []),
      ...(memPressure
        ? [
            {
              key: 'node.kubernetes.io/memory-pressure',
              effect: 'NoSchedule',
              timeAdded: this.ago(health.since),
            },
          ]
        : []),
      ...(diskPressure
        ? [
            {
              key: 'node.kubernetes.io/disk-pressure',
              effect: 'NoSchedule',
              timeAdded: this.ago(health.since),
            },
          ]
        : []),
      ...(input.unschedulable
        ? [
            {
              key: 'node.kubernetes.io/unschedulable',
              effect: 'NoSchedule',
              timeAdded: this.ago(minutesAgo(input)),
            },
          ]
        : []),
    ];
    const node: KubeObject = this.add({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: input.name,
        uid: this.uid('Node', undefined, input.name),
        creationTimestamp: this.ago(created),
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/instance-type': input.instanceType ?? 'm5.2xlarge',
          'beta.kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': input.name,
          'kubernetes.io/os': 'linux',
          'node.kubernetes.io/instance-type': input.instanceType ?? 'm5.2xlarge',
          'topology.kubernetes.io/region': 'eu-west-1',
          'topology.kubernetes.io/zone': zone,
          ...input.labels,
        },
        annotations: {
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
      },
      spec: {
        podCIDR: `10.244.${index}.0/24`,
        podCIDRs: [`10.244.${index}.0/24`],
        providerID: `aws:///${zone}/i-0${this.random.hex(16)}`,
        ...(taints.length > 0 ? { taints } : {}),
        ...(input.unschedulable ? { unschedulable: true } : {}),
      },
      status: {
        addresses: [
          { type: 'InternalIP', address: ip },
          { type: 'Hostname', address: input.name },
        ],
        allocatable: {
          cpu: `${input.cpu * 1000 - 90}m`,
          'ephemeral-storage': '95491281146',
          'hugepages-1Gi': '0',
          'hugepages-2Mi': '0',
          memory: `${allocatableKi}Ki`,
          pods: '110',
        },
        capacity: {
          cpu: String(input.cpu),
          'ephemeral-storage': '103609784Ki',
          'hugepages-1Gi': '0',
          'hugepages-2Mi': '0',
          memory: `${memoryKi}Ki`,
          pods: '110',
        },
        conditions: [
          condition(
            'MemoryPressure',
            memPressure,
            memPressure ? 'KubeletHasInsufficientMemory' : 'KubeletHasSufficientMemory',
            memPressure
              ? 'kubelet has insufficient memory available'
              : 'kubelet has sufficient memory available',
            memPressure && health.status === 'memory-pressure' ? health.since : lostSince,
          ),
          condition(
            'DiskPressure',
            diskPressure,
            diskPressure ? 'KubeletHasDiskPressure' : 'KubeletHasNoDiskPressure',
            diskPressure ? 'kubelet has disk pressure' : 'kubelet has no disk pressure',
            diskPressure && health.status === 'disk-pressure' ? health.since : lostSince,
          ),
          condition(
            'PIDPressure',
            false,
            'KubeletHasSufficientPID',
            'kubelet has sufficient PID available',
            lostSince,
          ),
          {
            type: 'Ready',
            status: health.status === 'lost' ? 'Unknown' : 'True',
            lastHeartbeatTime: heartbeat,
            lastTransitionTime: since(lostSince),
            reason: health.status === 'lost' ? 'NodeStatusUnknown' : 'KubeletReady',
            message:
              health.status === 'lost'
                ? 'Kubelet stopped posting node status.'
                : 'kubelet is posting ready status',
          },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64',
          bootID: this.random.uid(),
          containerRuntimeVersion: 'containerd://1.7.22',
          kernelVersion: '6.1.109-118.189.amzn2023.x86_64',
          kubeProxyVersion: 'v1.30.4',
          kubeletVersion: 'v1.30.4',
          machineID: this.random.hex(32),
          operatingSystem: 'linux',
          osImage: 'Amazon Linux 2023.5.20240916',
          systemUUID: `ec2${this.random.hex(5)}-${this.random.hex(4)}-${this.random.hex(4)}-${this.random.hex(4)}-${this.random.hex(12)}`,
        },
      },
    });
    (this.nodes.get(input.name) as { object?: KubeObject }).object = node;
    if (input.usage && health.status !== 'lost') {
      this.add({
        apiVersion: 'metrics.k8s.io/v1beta1',
        kind: 'NodeMetrics',
        metadata: {
          name: input.name,
          creationTimestamp: this.ago(0),
          labels: node.metadata.labels,
        },
        timestamp: this.ago(14_000),
        window: '20.047s',
        usage: { cpu: input.usage.cpu, memory: input.usage.memory },
      });
    }
    return node;
  }

  deployment(input: DeploymentInput): {
    deployment: KubeObject;
    replicaSets: KubeObject[];
    pods: KubeObject[];
  } {
    const { namespace, name } = input;
    const selector = { 'app.kubernetes.io/name': name };
    const labels = { ...selector, ...input.labels };
    const deploymentUid = this.uid('Deployment', namespace, name);
    const templates = input.revisions.map((revision) => this.podTemplate(input, labels, revision));
    const hashes = templates.map(
      (t) => (t.metadata as { labels: Record<string, string> }).labels['pod-template-hash'] as string,
    );
    const current = input.revisions.length - 1;
    const podsByRevision = input.revisions.map((_, r) =>
      input.pods.filter((p) => (p.revision ?? current) === r),
    );

    const replicaSets = input.revisions.map((revision, r) => {
      const rsName = `${name}-${hashes[r]}`;
      const rsPods = podsByRevision[r] ?? [];
      const rsReplicas =
        r === current ? input.replicas - otherRevisionPods(podsByRevision, r) : rsPods.length;
      const ready = rsPods.filter((p) => isReady(p.state)).length;
      const template = templates[r] as { metadata: { labels: Record<string, string> } };
      return this.add({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          namespace,
          uid: this.uid('ReplicaSet', namespace, rsName),
          creationTimestamp: this.ago(revision.age),
          generation: r === current ? 2 : 3,
          labels: { ...template.metadata.labels },
          annotations: {
            'deployment.kubernetes.io/desired-replicas': String(input.replicas),
            'deployment.kubernetes.io/max-replicas': String(input.replicas + Math.ceil(input.replicas / 4)),
            'deployment.kubernetes.io/revision': String(r + 1),
            ...(revision.changeCause ? { 'kubernetes.io/change-cause': revision.changeCause } : {}),
          },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name,
              uid: deploymentUid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: {
          replicas: Math.max(0, rsReplicas),
          selector: { matchLabels: { ...selector, 'pod-template-hash': hashes[r] } },
          template,
        },
        status: {
          replicas: rsPods.length,
          fullyLabeledReplicas: rsPods.length,
          readyReplicas: ready,
          availableReplicas: ready,
          observedGeneration: r === current ? 2 : 3,
          ...(rsPods.length === 0 ? {} : {}),
        },
      });
    });
    // A ReplicaSet with no pods has no readyReplicas/availableReplicas fields at all.
    for (const rs of replicaSets) {
      const status = rs.status as Record<string, number>;
      if (status.replicas === 0) {
        delete status.readyReplicas;
        delete status.availableReplicas;
        delete status.fullyLabeledReplicas;
      }
    }

    const pods = input.revisions.flatMap((_, r) =>
      (podsByRevision[r] ?? []).map((plan) =>
        this.workloadPod(input, plan, templates[r] as Record<string, unknown>, {
          kind: 'ReplicaSet',
          name: `${name}-${hashes[r]}`,
        }),
      ),
    );

    const total = input.pods.length;
    const updated = (podsByRevision[current] ?? []).length;
    const ready = input.pods.filter((p) => isReady(p.state)).length;
    const maxUnavailable = Math.floor(input.replicas / 4);
    const available = ready >= input.replicas - maxUnavailable;
    const currentRs = replicaSets[current]?.metadata.name;
    const rolledOut =
      updated === input.replicas && (podsByRevision[current] ?? []).every((p) => isReady(p.state));
    const lastRevisionAge = input.revisions[current]?.age ?? input.age;
    const generation = input.generation ?? input.revisions.length + 1;
    const deployment = this.add({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name,
        namespace,
        uid: deploymentUid,
        creationTimestamp: this.ago(input.age),
        generation,
        labels,
        annotations: { 'deployment.kubernetes.io/revision': String(input.revisions.length) },
      },
      spec: {
        progressDeadlineSeconds: 600,
        replicas: input.replicas,
        revisionHistoryLimit: 10,
        selector: { matchLabels: selector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        template: this.podTemplate(input, labels, input.revisions[current] as RevisionInput, false),
      },
      status: {
        observedGeneration: generation,
        replicas: total,
        updatedReplicas: updated,
        readyReplicas: ready,
        availableReplicas: ready,
        ...(total - ready > 0 ? { unavailableReplicas: total - ready } : {}),
        conditions: [
          available
            ? {
                type: 'Available',
                status: 'True',
                lastUpdateTime: this.ago(lastRevisionAge - 60_000 > 0 ? lastRevisionAge - 60_000 : 0),
                lastTransitionTime: this.ago(input.age - 60_000),
                reason: 'MinimumReplicasAvailable',
                message: 'Deployment has minimum availability.',
              }
            : {
                type: 'Available',
                status: 'False',
                lastUpdateTime: this.ago(lastRevisionAge - 60_000),
                lastTransitionTime: this.ago(lastRevisionAge - 60_000),
                reason: 'MinimumReplicasUnavailable',
                message: 'Deployment does not have minimum availability.',
              },
          input.progressDeadlineExceeded
            ? {
                type: 'Progressing',
                status: 'False',
                lastUpdateTime: this.ago(lastRevisionAge - 600_000),
                lastTransitionTime: this.ago(lastRevisionAge - 600_000),
                reason: 'ProgressDeadlineExceeded',
                message: `ReplicaSet "${currentRs}" has timed out progressing.`,
              }
            : rolledOut
              ? {
                  type: 'Progressing',
                  status: 'True',
                  lastUpdateTime: this.ago(Math.max(0, lastRevisionAge - 45_000)),
                  lastTransitionTime: this.ago(input.age - 30_000),
                  reason: 'NewReplicaSetAvailable',
                  message: `ReplicaSet "${currentRs}" has successfully progressed.`,
                }
              : {
                  type: 'Progressing',
                  status: 'True',
                  lastUpdateTime: this.ago(lastRevisionAge),
                  lastTransitionTime: this.ago(lastRevisionAge),
                  reason: 'ReplicaSetUpdated',
                  message: `ReplicaSet "${currentRs}" is progressing.`,
                },
        ],
      },
    });
    return { deployment, replicaSets, pods };
  }

  statefulSet(input: WorkloadInput & { replicas: number; containers: ContainerInput[]; storage?: string }): {
    statefulSet: KubeObject;
    pods: KubeObject[];
  } {
    const { namespace, name } = input;
    const selector = { 'app.kubernetes.io/name': name };
    const labels = { ...selector, ...input.labels };
    const template = this.podTemplate(input, labels, { age: input.age, containers: input.containers }, false);
    const revision = `${name}-${podTemplateHash(template).slice(0, 10)}`;
    const ready = input.pods.filter((p) => isReady(p.state)).length;
    if (input.storage) this.gp3StorageClass();
    const volumeClaimTemplates = input.storage
      ? [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: input.storage } },
              storageClassName: 'gp3',
              volumeMode: 'Filesystem',
            },
          },
        ]
      : undefined;
    const statefulSet = this.add({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: {
        name,
        namespace,
        uid: this.uid('StatefulSet', namespace, name),
        creationTimestamp: this.ago(input.age),
        generation: 1,
        labels,
      },
      spec: {
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        podManagementPolicy: 'OrderedReady',
        replicas: input.replicas,
        revisionHistoryLimit: 10,
        selector: { matchLabels: selector },
        serviceName: name,
        template,
        updateStrategy: { rollingUpdate: { partition: 0 }, type: 'RollingUpdate' },
        ...(volumeClaimTemplates ? { volumeClaimTemplates } : {}),
      },
      status: {
        availableReplicas: ready,
        collisionCount: 0,
        currentReplicas: input.pods.length,
        currentRevision: revision,
        observedGeneration: 1,
        readyReplicas: ready,
        replicas: input.pods.length,
        updateRevision: revision,
        updatedReplicas: input.pods.length,
      },
    });
    const pods = input.pods.map((plan, i) => {
      const podName = plan.name ?? `${name}-${i}`;
      const pod = this.workloadPod(
        input,
        { ...plan, name: podName },
        template as Record<string, unknown>,
        { kind: 'StatefulSet', name },
        {
          'apps.kubernetes.io/pod-index': String(i),
          'controller-revision-hash': revision,
          'statefulset.kubernetes.io/pod-name': podName,
        },
      );
      if (input.storage) {
        const claim = `data-${podName}`;
        (pod.spec as { volumes: unknown[] }).volumes.unshift({
          name: 'data',
          persistentVolumeClaim: { claimName: claim },
        });
        this.pvc({ namespace, name: claim, storage: input.storage, age: plan.age, labels: selector });
      }
      return pod;
    });
    return { statefulSet, pods };
  }

  daemonSet(
    input: Omit<WorkloadInput, 'pods'> & {
      containers: ContainerInput[];
      nodes: string[];
      podAge?: number;
      usage?: { cpu: string; memory: string };
    },
  ): {
    daemonSet: KubeObject;
    pods: KubeObject[];
  } {
    const { namespace, name } = input;
    const selector = { 'app.kubernetes.io/name': name };
    const labels = { ...selector, ...input.labels };
    const template = this.podTemplate(input, labels, { age: input.age, containers: input.containers }, false);
    const revision = podTemplateHash(template).slice(0, 10);
    const ready = input.nodes.filter((n) => this.nodeIsUp(n)).length;
    const daemonSet = this.add({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {
        name,
        namespace,
        uid: this.uid('DaemonSet', namespace, name),
        creationTimestamp: this.ago(input.age),
        generation: 1,
        labels,
        annotations: { 'deprecated.daemonset.template.generation': '1' },
      },
      spec: {
        revisionHistoryLimit: 10,
        selector: { matchLabels: selector },
        template,
        updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
      },
      status: {
        currentNumberScheduled: input.nodes.length,
        desiredNumberScheduled: input.nodes.length,
        numberAvailable: ready,
        numberMisscheduled: 0,
        numberReady: ready,
        ...(input.nodes.length - ready > 0 ? { numberUnavailable: input.nodes.length - ready } : {}),
        observedGeneration: 1,
        updatedNumberScheduled: input.nodes.length,
      },
    });
    const pods = input.nodes.map((node) =>
      this.workloadPod(
        { ...input, pods: [] },
        {
          node,
          name: `${name}-${this.random.suffix()}`,
          age: input.podAge ?? input.age,
          state: this.nodeIsUp(node)
            ? { phase: 'running' }
            : { phase: 'node-lost', since: this.nodeLostSince(node) },
          ...(input.usage ? { usage: input.usage } : {}),
        },
        template as Record<string, unknown>,
        { kind: 'DaemonSet', name },
        { 'controller-revision-hash': revision, 'pod-template-generation': '1' },
      ),
    );
    return { daemonSet, pods };
  }

  /** A pod with no owner (rare in production, but it happens). */
  barePod(
    namespace: string,
    plan: PodPlan & { name: string; containers: ContainerInput[]; labels?: Record<string, string> },
  ): KubeObject {
    const template = this.podTemplate(
      {},
      plan.labels ?? { run: plan.name },
      { age: plan.age, containers: plan.containers },
      false,
    );
    return this.workloadPod(
      { namespace, name: plan.name, age: plan.age, pods: [] },
      plan,
      template as Record<string, unknown>,
      undefined,
    );
  }

  private nodeIsUp(name: string): boolean {
    const node = this.nodes.get(name)?.object;
    const ready = (
      (node?.status as { conditions?: Array<{ type: string; status: string }> })?.conditions ?? []
    ).find((c) => c.type === 'Ready');
    return ready?.status === 'True';
  }

  private nodeLostSince(name: string): number {
    const node = this.nodes.get(name)?.object;
    const ready = (
      (node?.status as { conditions?: Array<{ type: string; lastTransitionTime: string }> })?.conditions ?? []
    ).find((c) => c.type === 'Ready');
    return ready ? this.nowMs - Date.parse(ready.lastTransitionTime) : 0;
  }

  podTemplate(
    input: Pick<
      WorkloadInput,
      'podAnnotations' | 'serviceAccount' | 'nodeSelector' | 'tolerations' | 'volumes'
    >,
    labels: Record<string, string>,
    revision: RevisionInput,
    withHash = true,
  ): Record<string, unknown> {
    const spec: Record<string, unknown> = {
      containers: revision.containers.map(containerSpec),
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
      ...(input.serviceAccount
        ? { serviceAccount: input.serviceAccount, serviceAccountName: input.serviceAccount }
        : {}),
      ...(input.nodeSelector ? { nodeSelector: input.nodeSelector } : {}),
      ...(input.tolerations ? { tolerations: input.tolerations } : {}),
      ...(input.volumes ? { volumes: input.volumes } : {}),
    };
    const template = {
      metadata: {
        creationTimestamp: null,
        labels: { ...labels },
        ...(input.podAnnotations ? { annotations: input.podAnnotations } : {}),
      },
      spec,
    };
    if (!withHash) return template;
    const hash = podTemplateHash(template);
    return {
      ...template,
      metadata: { ...template.metadata, labels: { ...labels, 'pod-template-hash': hash } },
    };
  }

  private workloadPod(
    input: WorkloadInput,
    plan: PodPlan,
    template: Record<string, unknown>,
    owner: { kind: string; name: string } | undefined,
    extraLabels: Record<string, string> = {},
  ): KubeObject {
    const { namespace } = input;
    const templateMeta = template.metadata as {
      labels: Record<string, string>;
      annotations?: Record<string, string>;
    };
    const generateName = owner ? `${owner.name}-` : undefined;
    const name = plan.name ?? `${owner?.name ?? input.name}-${plan.suffix ?? this.random.suffix()}`;
    const node = plan.node ? this.nodes.get(plan.node) : undefined;
    if (plan.node && !node) throw new Error(`pod ${name}: node ${plan.node} is not defined yet`);
    let podIP: string | undefined;
    if (node) {
      node.podCount += 1;
      podIP = `10.244.${node.index}.${(node.podCount % 250) + 2}`;
    }
    const uid = this.uid('Pod', namespace, name);
    const annotations = { ...templateMeta.annotations, ...plan.annotations };
    const pod = buildPod({
      namespace,
      name,
      uid,
      labels: { ...templateMeta.labels, ...extraLabels },
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: owner.kind,
                name: owner.name,
                uid: this.uid(owner.kind, namespace, owner.name),
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }
        : {}),
      ...(generateName ? { generateName } : {}),
      template: template.spec as Record<string, unknown>,
      ...(node && plan.node ? { node: { name: plan.node, ip: node.ip } } : {}),
      ...(podIP ? { podIP } : {}),
      createdMs: this.nowMs - plan.age,
      nowMs: this.nowMs,
      state: plan.state ?? { phase: 'running' },
      ...(input.serviceAccount ? { serviceAccount: input.serviceAccount } : {}),
    });
    this.add(pod);
    if (plan.usage && node && runsNow(plan.state)) this.podMetrics(pod, plan.usage);
    return pod;
  }

  private podMetrics(pod: KubeObject, usage: NonNullable<PodPlan['usage']>): void {
    const containers = (pod.spec as { containers: Array<{ name: string }> }).containers;
    const perContainer =
      'cpu' in usage && typeof usage.cpu === 'string'
        ? { [containers[0]?.name ?? '']: usage as { cpu: string; memory: string } }
        : (usage as Record<string, { cpu: string; memory: string }>);
    this.add({
      apiVersion: 'metrics.k8s.io/v1beta1',
      kind: 'PodMetrics',
      metadata: {
        name: pod.metadata.name,
        namespace: pod.metadata.namespace,
        creationTimestamp: this.ago(0),
        labels: pod.metadata.labels,
      },
      timestamp: this.ago(17_000),
      window: '18.885s',
      containers: Object.entries(perContainer).map(([name, u]) => ({
        name,
        usage: { cpu: u.cpu, memory: u.memory },
      })),
    });
  }

  event(input: {
    namespace: string;
    involved: { kind: string; name: string; apiVersion?: string; fieldPath?: string; namespace?: string };
    reason: string;
    message: string;
    type?: 'Normal' | 'Warning';
    component: string;
    host?: string;
    first: number;
    last?: number;
    count?: number;
  }): KubeObject {
    const name = `${input.involved.name}.${this.random.hex(16)}`;
    const apiVersion =
      input.involved.apiVersion ??
      (
        {
          Deployment: 'apps/v1',
          ReplicaSet: 'apps/v1',
          StatefulSet: 'apps/v1',
          DaemonSet: 'apps/v1',
          HorizontalPodAutoscaler: 'autoscaling/v2',
          PodDisruptionBudget: 'policy/v1',
        } as Record<string, string>
      )[input.involved.kind] ??
      'v1';
    const involvedNamespace =
      input.involved.kind === 'Node' ? undefined : (input.involved.namespace ?? input.namespace);
    return this.add({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name,
        namespace: input.namespace,
        uid: this.uid('Event', input.namespace, name),
        creationTimestamp: this.ago(input.first),
      },
      involvedObject: {
        apiVersion,
        kind: input.involved.kind,
        name: input.involved.name,
        ...(involvedNamespace ? { namespace: involvedNamespace } : {}),
        ...(input.involved.fieldPath ? { fieldPath: input.involved.fieldPath } : {}),
      },
      reason: input.reason,
      message: input.message,
      source: { component: input.component, ...(input.host ? { host: input.host } : {}) },
      firstTimestamp: this.ago(input.first),
      lastTimestamp: this.ago(input.last ?? input.first),
      count: input.count ?? 1,
      type: input.type ?? 'Normal',
      eventTime: null,
      reportingComponent: input.component,
      reportingInstance: input.host ?? '',
    });
  }

  service(input: {
    namespace: string;
    name: string;
    selector: Record<string, string>;
    port: number;
    targetPort?: number;
    age: number;
  }): KubeObject {
    const clusterIP = `172.20.${this.random.int(0, 255)}.${this.random.int(1, 254)}`;
    const service = this.add({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: input.name,
        namespace: input.namespace,
        uid: this.uid('Service', input.namespace, input.name),
        creationTimestamp: this.ago(input.age),
        labels: input.selector,
      },
      spec: {
        clusterIP,
        clusterIPs: [clusterIP],
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [
          { name: 'http', port: input.port, protocol: 'TCP', targetPort: input.targetPort ?? input.port },
        ],
        selector: input.selector,
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    });
    const matching = this.objects.filter(
      (o) =>
        o.kind === 'Pod' &&
        o.metadata.namespace === input.namespace &&
        Object.entries(input.selector).every(([k, v]) => o.metadata.labels?.[k] === v) &&
        (o.status as { podIP?: string }).podIP,
    );
    const address = (pod: KubeObject) => ({
      ip: (pod.status as { podIP: string }).podIP,
      nodeName: (pod.spec as { nodeName: string }).nodeName,
      targetRef: { kind: 'Pod', name: pod.metadata.name, namespace: input.namespace, uid: pod.metadata.uid },
    });
    const isPodReady = (pod: KubeObject) =>
      ((pod.status as { conditions?: Array<{ type: string; status: string }> }).conditions ?? []).some(
        (c) => c.type === 'Ready' && c.status === 'True',
      );
    const ready = matching.filter(isPodReady).map(address);
    const notReady = matching.filter((p) => !isPodReady(p)).map(address);
    this.add({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: input.name,
        namespace: input.namespace,
        uid: this.uid('Endpoints', input.namespace, input.name),
        creationTimestamp: this.ago(input.age),
        labels: input.selector,
        annotations: {
          'endpoints.kubernetes.io/last-change-trigger-time': this.ago(Math.min(input.age, 600_000)),
        },
      },
      subsets:
        ready.length + notReady.length === 0
          ? undefined
          : [
              {
                ...(ready.length > 0 ? { addresses: ready } : {}),
                ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}),
                ports: [{ name: 'http', port: input.targetPort ?? input.port, protocol: 'TCP' }],
              },
            ],
    });
    return service;
  }

  configMap(namespace: string, name: string, data: Record<string, string>, age: number): KubeObject {
    return this.add({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace,
        uid: this.uid('ConfigMap', namespace, name),
        creationTimestamp: this.ago(age),
      },
      data,
    });
  }

  secret(namespace: string, name: string, data: Record<string, string>, age: number): KubeObject {
    return this.add({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace,
        uid: this.uid('Secret', namespace, name),
        creationTimestamp: this.ago(age),
      },
      type: 'Opaque',
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    });
  }

  pvc(input: {
    namespace: string;
    name: string;
    storage: string;
    age: number;
    labels?: Record<string, string>;
    usedCapacity?: string;
  }): KubeObject {
    const volume = `pvc-${this.uid('PersistentVolumeClaim', input.namespace, input.name)}`;
    this.gp3StorageClass();
    return this.add({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: input.name,
        namespace: input.namespace,
        uid: this.uid('PersistentVolumeClaim', input.namespace, input.name),
        creationTimestamp: this.ago(input.age),
        ...(input.labels ? { labels: input.labels } : {}),
        annotations: {
          'pv.kubernetes.io/bind-completed': 'yes',
          'pv.kubernetes.io/bound-by-controller': 'yes',
          'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
          'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
        },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: input.storage } },
        storageClassName: 'gp3',
        volumeMode: 'Filesystem',
        volumeName: volume,
      },
      status: { accessModes: ['ReadWriteOnce'], capacity: { storage: input.storage }, phase: 'Bound' },
    });
  }

  hpa(input: {
    namespace: string;
    name: string;
    target: string;
    min: number;
    max: number;
    targetCpu: number;
    currentCpu: number;
    current: number;
    desired: number;
    lastScale: number;
    age: number;
  }): KubeObject {
    const limited = input.desired >= input.max && input.currentCpu > input.targetCpu;
    return this.add({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: input.name,
        namespace: input.namespace,
        uid: this.uid('HorizontalPodAutoscaler', input.namespace, input.name),
        creationTimestamp: this.ago(input.age),
      },
      spec: {
        maxReplicas: input.max,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: input.targetCpu } },
          },
        ],
        minReplicas: input.min,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: input.target },
      },
      status: {
        conditions: [
          {
            type: 'AbleToScale',
            status: 'True',
            lastTransitionTime: this.ago(input.age - 60_000),
            reason: 'ReadyForNewScale',
            message: 'recommended size matches current size',
          },
          {
            type: 'ScalingActive',
            status: 'True',
            lastTransitionTime: this.ago(input.age - 60_000),
            reason: 'ValidMetricFound',
            message:
              'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
          },
          limited
            ? {
                type: 'ScalingLimited',
                status: 'True',
                lastTransitionTime: this.ago(input.lastScale),
                reason: 'TooManyReplicas',
                message: 'the desired replica count is more than the maximum replica count',
              }
            : {
                type: 'ScalingLimited',
                status: 'False',
                lastTransitionTime: this.ago(input.lastScale),
                reason: 'DesiredWithinRange',
                message: 'the desired count is within the acceptable range',
              },
        ],
        currentMetrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              current: { averageUtilization: input.currentCpu, averageValue: `${input.currentCpu * 10}m` },
            },
          },
        ],
        currentReplicas: input.current,
        desiredReplicas: input.desired,
        lastScaleTime: this.ago(input.lastScale),
      },
    });
  }

  pdb(input: {
    namespace: string;
    name: string;
    selector: Record<string, string>;
    minAvailable?: number;
    maxUnavailable?: number;
    current: number;
    expected: number;
    age: number;
  }): KubeObject {
    const desiredHealthy = input.minAvailable ?? input.expected - (input.maxUnavailable ?? 0);
    return this.add({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: {
        name: input.name,
        namespace: input.namespace,
        uid: this.uid('PodDisruptionBudget', input.namespace, input.name),
        creationTimestamp: this.ago(input.age),
        generation: 1,
      },
      spec: {
        ...(input.minAvailable !== undefined
          ? { minAvailable: input.minAvailable }
          : { maxUnavailable: input.maxUnavailable ?? 1 }),
        selector: { matchLabels: input.selector },
      },
      status: {
        conditions: [
          {
            type: 'DisruptionAllowed',
            status: input.current - desiredHealthy > 0 ? 'True' : 'False',
            lastTransitionTime: this.ago(input.age - 60_000),
            observedGeneration: 1,
            reason: input.current - desiredHealthy > 0 ? 'SufficientPods' : 'InsufficientPods',
            message: '',
          },
        ],
        currentHealthy: input.current,
        desiredHealthy,
        disruptionsAllowed: Math.max(0, input.current - desiredHealthy),
        expectedPods: input.expected,
        observedGeneration: 1,
      },
    });
  }

  quota(input: {
    namespace: string;
    name: string;
    hard: Record<string, string>;
    used: Record<string, string>;
    age: number;
  }): KubeObject {
    return this.add({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: {
        name: input.name,
        namespace: input.namespace,
        uid: this.uid('ResourceQuota', input.namespace, input.name),
        creationTimestamp: this.ago(input.age),
      },
      spec: { hard: input.hard },
      status: { hard: input.hard, used: input.used },
    });
  }

  limitRange(input: {
    namespace: string;
    name: string;
    defaultLimit: Record<string, string>;
    defaultRequest: Record<string, string>;
    max?: Record<string, string>;
    age: number;
  }): KubeObject {
    return this.add({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: {
        name: input.name,
        namespace: input.namespace,
        uid: this.uid('LimitRange', input.namespace, input.name),
        creationTimestamp: this.ago(input.age),
      },
      spec: {
        limits: [
          {
            type: 'Container',
            default: input.defaultLimit,
            defaultRequest: input.defaultRequest,
            ...(input.max ? { max: input.max } : {}),
          },
        ],
      },
    });
  }

  networkPolicy(input: {
    namespace: string;
    name: string;
    podSelector: Record<string, string>;
    ingressFrom?: Array<Record<string, string>>;
    ports?: number[];
    age: number;
    policyTypes?: string[];
    egress?: unknown[];
  }): KubeObject {
    return this.add({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: {
        name: input.name,
        namespace: input.namespace,
        uid: this.uid('NetworkPolicy', input.namespace, input.name),
        creationTimestamp: this.ago(input.age),
        generation: 1,
      },
      spec: {
        podSelector: { matchLabels: input.podSelector },
        policyTypes: input.policyTypes ?? ['Ingress'],
        ...(input.ingressFrom
          ? {
              ingress: [
                {
                  from: input.ingressFrom.map((labels) => ({ podSelector: { matchLabels: labels } })),
                  ...(input.ports ? { ports: input.ports.map((port) => ({ port, protocol: 'TCP' })) } : {}),
                },
              ],
            }
          : {}),
        ...(input.egress ? { egress: input.egress } : {}),
      },
    });
  }
}

function minutesAgo(input: NodeInput): number {
  return Math.min(input.age, 3_600_000);
}

function containerSpec(c: ContainerInput): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  if (c.limits) resources.limits = { ...c.limits };
  if (c.requests) resources.requests = { ...c.requests };
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: 'IfNotPresent',
    ...(c.args ? { args: c.args } : {}),
    ...(c.env
      ? {
          env: c.env.map((e) =>
            'value' in e
              ? { name: e.name, value: e.value }
              : 'secret' in e
                ? { name: e.name, valueFrom: { secretKeyRef: { name: e.secret.name, key: e.secret.key } } }
                : {
                    name: e.name,
                    valueFrom: { configMapKeyRef: { name: e.configMap.name, key: e.configMap.key } },
                  },
          ),
        }
      : {}),
    ...(c.ports
      ? {
          ports: c.ports.map((p) => ({
            containerPort: p.containerPort,
            ...(p.name ? { name: p.name } : {}),
            protocol: 'TCP',
          })),
        }
      : {}),
    ...(c.readinessPath && c.ports?.[0]
      ? {
          readinessProbe: {
            failureThreshold: 3,
            httpGet: { path: c.readinessPath, port: c.ports[0].containerPort, scheme: 'HTTP' },
            periodSeconds: 10,
            successThreshold: 1,
            timeoutSeconds: 1,
          },
        }
      : {}),
    resources,
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

function isReady(state: PodState | undefined): boolean {
  return state === undefined || state.phase === 'running';
}

function runsNow(state: PodState | undefined): boolean {
  return state === undefined || state.phase === 'running' || state.phase === 'unready';
}

function otherRevisionPods(byRevision: PodPlan[][], revision: number): number {
  return byRevision.reduce((sum, pods, r) => (r === revision ? sum : sum + pods.length), 0);
}
