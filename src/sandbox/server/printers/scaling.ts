// The Table printers of what bounds a workload's size: PodDisruptionBudgets and HorizontalPodAutoscalers.
import { age, ageCol, arr, col, nameCol, num, rec, str, type Printer } from './columns.js';

export const scalingPrinters: Record<string, Printer> = {
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
