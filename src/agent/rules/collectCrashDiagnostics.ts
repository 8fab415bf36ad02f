// A crash loop the evidence cannot explain (no OOMKill, no new revision, no error in the log): save diagnostics.
import { recommendation, workloadOf, type RunbookRule } from './rule.js';

const ERROR_LINE = /\b(error|fatal|panic|exception|invalid|unknown|failed|refused|denied|cannot|unable)\b/i;

export const collectCrashDiagnostics: RunbookRule = {
  name: 'crash-cause-unknown',
  when: 'a pod crash-loops with an error exit, not OOMKilled, no revision in the window, and a log with no error line',
  needs: ['get_pod_status', 'get_pod_logs', 'get_deployment_history'],
  recommend({ facts, target }) {
    const pod = facts.pod;
    const crashing = pod?.containers.find(
      (c) => c.state === 'CrashLoopBackOff' && c.lastReason !== undefined && c.lastReason !== 'OOMKilled',
    );
    if (!pod || !crashing || !target.namespace) return undefined;
    if (facts.history?.current?.ageMs !== undefined) return undefined;
    const lines = facts.logs?.lines;
    if (!lines || lines.some((line) => ERROR_LINE.test(line))) return undefined;
    const exit = crashing.lastExitCode !== undefined ? ` (exit ${crashing.lastExitCode})` : '';
    const found = [
      `${crashing.name} CrashLoopBackOff, ${crashing.restarts} restarts, last termination ${crashing.lastReason}${exit}`,
      `the previous instance's last ${lines.length} log lines show no error`,
      facts.history ? 'no rollout in the deployment history window' : 'deployment history not available',
    ];
    // The owner's diagnostics cover every replica's describe, events and logs; the pod alone when no owner is known.
    const owner = workloadOf(facts, target);
    return {
      found,
      recommendation: recommendation({
        action: 'collect_diagnostics',
        target: owner
          ? { kind: owner.kind, namespace: target.namespace, name: owner.name }
          : { kind: 'Pod', namespace: target.namespace, name: pod.name },
        parameters: { tail_lines: 500 },
        confidence: 0.55,
        reasoning:
          `${pod.name} keeps exiting${exit} with no OOMKill, no recent revision and no error in its log: the evidence ` +
          `cannot show the cause. Save describe, events and logs of ${owner ? `${owner.kind} ${owner.name}` : pod.name} for its owners before restarts rotate them.`,
        evidence: found,
        alternatives: [
          { action: 'rollback_deployment', why_not: 'no revision changed in the window' },
          { action: 'increase_resources', why_not: 'it was not OOMKilled' },
          { action: 'restart_pod', why_not: 'it is already restarting on its own' },
        ],
      }),
    };
  },
};
