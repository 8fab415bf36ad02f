// kube-prometheus alert shapes (labels, annotations, expressions) as its default rules raise them.
import type { AlertInput } from './alerts.js';

const KSM = {
  job: 'kube-state-metrics',
  container: 'kube-rbac-proxy-main',
  endpoint: 'https-main',
  service: 'kube-state-metrics',
  instance: '10.244.1.9:8443',
};
const RUNBOOKS = 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes';

export function kubePodCrashLooping(
  namespace: string,
  pod: string,
  container: string,
  firingFor: number,
  description?: string,
): AlertInput {
  return {
    labels: {
      alertname: 'KubePodCrashLooping',
      severity: 'warning',
      ...KSM,
      namespace,
      pod,
      container,
      reason: 'CrashLoopBackOff',
    },
    annotations: {
      description:
        description ??
        `Pod ${namespace}/${pod} (${container}) is in waiting state (reason: "CrashLoopBackOff").`,
      runbook_url: `${RUNBOOKS}/kubepodcrashlooping`,
      summary: 'Pod is crash looping.',
    },
    firingFor,
    expr: 'max_over_time(kube_pod_container_status_waiting_reason{job="kube-state-metrics",namespace=~".*",reason="CrashLoopBackOff"}[5m]) >= 1',
  };
}

export function kubePodNotReady(namespace: string, pod: string, firingFor: number): AlertInput {
  return {
    labels: { alertname: 'KubePodNotReady', severity: 'warning', ...KSM, namespace, pod },
    annotations: {
      description: `Pod ${namespace}/${pod} has been in a non-ready state for longer than 15 minutes.`,
      runbook_url: `${RUNBOOKS}/kubepodnotready`,
      summary: 'Pod has been in a non-ready state for more than 15 minutes.',
    },
    firingFor,
    expr: 'sum by (namespace, pod, cluster) (max by (namespace, pod, cluster) (kube_pod_status_phase{job="kube-state-metrics",phase=~"Pending|Unknown|Failed"}) * on (namespace, pod, cluster) group_left (owner_kind) topk by (namespace, pod, cluster) (1, max by (namespace, pod, owner_kind, cluster) (kube_pod_owner{owner_kind!="Job"}))) > 0',
  };
}

export function kubeDeploymentReplicasMismatch(
  namespace: string,
  deployment: string,
  firingFor: number,
): AlertInput {
  return {
    labels: {
      alertname: 'KubeDeploymentReplicasMismatch',
      severity: 'warning',
      ...KSM,
      namespace,
      deployment,
    },
    annotations: {
      description: `Deployment ${namespace}/${deployment} has not matched the expected number of replicas for longer than 15 minutes.`,
      runbook_url: `${RUNBOOKS}/kubedeploymentreplicasmismatch`,
      summary: 'Deployment has not matched the expected number of replicas.',
    },
    firingFor,
    expr: 'kube_deployment_spec_replicas{job="kube-state-metrics"} > kube_deployment_status_replicas_available{job="kube-state-metrics"}',
  };
}

export function kubeHpaMaxedOut(namespace: string, hpa: string, firingFor: number): AlertInput {
  return {
    labels: {
      alertname: 'KubeHpaMaxedOut',
      severity: 'warning',
      ...KSM,
      namespace,
      horizontalpodautoscaler: hpa,
    },
    annotations: {
      description: `HPA ${namespace}/${hpa} has been running at max replicas for longer than 15 minutes.`,
      runbook_url: `${RUNBOOKS}/kubehpamaxedout`,
      summary: 'HPA is running at max replicas',
    },
    firingFor,
    expr: 'kube_horizontalpodautoscaler_status_current_replicas{job="kube-state-metrics"} == kube_horizontalpodautoscaler_spec_max_replicas{job="kube-state-metrics"}',
  };
}

export function kubeNodeNotReady(node: string, firingFor: number): AlertInput {
  return {
    labels: {
      alertname: 'KubeNodeNotReady',
      severity: 'warning',
      ...KSM,
      node,
      condition: 'Ready',
      status: 'true',
    },
    annotations: {
      description: `${node} has been unready for more than 15 minutes.`,
      runbook_url: `${RUNBOOKS}/kubenodenotready`,
      summary: 'Node is not ready.',
    },
    firingFor,
    expr: 'kube_node_status_condition{job="kube-state-metrics",condition="Ready",status="true"} == 0',
  };
}

export function kubeQuotaFullyUsed(
  namespace: string,
  quota: string,
  resource: string,
  firingFor: number,
): AlertInput {
  return {
    labels: {
      alertname: 'KubeQuotaFullyUsed',
      severity: 'info',
      ...KSM,
      namespace,
      resourcequota: quota,
      resource,
    },
    annotations: {
      description: `Namespace ${namespace} is using 100% of its ${resource} quota.`,
      runbook_url: `${RUNBOOKS}/kubequotafullyused`,
      summary: 'Namespace quota is fully used.',
    },
    firingFor,
    expr: 'kube_resourcequota{job="kube-state-metrics",type="used"} / ignoring(instance, job, type) (kube_resourcequota{job="kube-state-metrics",type="hard"} > 0) == 1',
  };
}

export function kubePersistentVolumeFillingUp(
  namespace: string,
  pvc: string,
  availablePercent: number,
  firingFor: number,
): AlertInput {
  return {
    labels: {
      alertname: 'KubePersistentVolumeFillingUp',
      severity: 'critical',
      job: 'kubelet',
      service: 'kubelet',
      endpoint: 'https-metrics',
      metrics_path: '/metrics',
      namespace,
      persistentvolumeclaim: pvc,
    },
    annotations: {
      description: `The PersistentVolume claimed by ${pvc} in Namespace ${namespace} is only ${availablePercent}% free.`,
      runbook_url: `${RUNBOOKS}/kubepersistentvolumefillingup`,
      summary: 'PersistentVolume is filling up.',
    },
    firingFor,
    expr: 'kubelet_volume_stats_available_bytes{job="kubelet",metrics_path="/metrics"} / kubelet_volume_stats_capacity_bytes{job="kubelet",metrics_path="/metrics"} < 0.03',
  };
}

export function cpuThrottlingHigh(
  namespace: string,
  pod: string,
  container: string,
  percent: number,
  firingFor: number,
): AlertInput {
  return {
    labels: {
      alertname: 'CPUThrottlingHigh',
      severity: 'info',
      job: 'kubelet',
      service: 'kubelet',
      namespace,
      pod,
      container,
    },
    annotations: {
      description: `${percent}% throttling of CPU in namespace ${namespace} for container ${container} in pod ${pod}.`,
      runbook_url: `${RUNBOOKS}/cputhrottlinghigh`,
      summary: 'Processes experience elevated CPU throttling.',
    },
    firingFor,
    expr: 'sum(increase(container_cpu_cfs_throttled_periods_total{container!="", }[5m])) by (cluster, container, pod, namespace) / sum(increase(container_cpu_cfs_periods_total{}[5m])) by (cluster, container, pod, namespace) > ( 25 / 100 )',
  };
}
