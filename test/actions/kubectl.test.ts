// The kubectl equivalent of each action's plan: the exact line an engineer could paste, quoted for a POSIX shell.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { PlannedAction } from '../../src/actions/actionDefinition.js';
import {
  ACTION_TYPES,
  actionCatalogue,
  type ActionParameters,
  type ActionType,
} from '../../src/actions/catalogue/index.js';
import { commandLine, patchCommands, shellQuote } from '../../src/actions/kubectlCommand.js';
import type { PlannedStep } from '../../src/actions/planSteps.js';

const webapp = { kind: 'Deployment', namespace: 'production', name: 'webapp' } as const;
const worker = { kind: 'Node', name: 'worker-05' } as const;
const pin = { op: 'replace', path: '/metadata/resourceVersion', value: '812' } as const;

/** The kubectl text of an action, given what its plan holds; parameters go through the action's own schema. */
function kubectlOf<K extends ActionType>(
  action: K,
  plan: Omit<PlannedAction, 'parameters' | 'steps' | 'changes'> &
    Partial<Pick<PlannedAction, 'steps' | 'changes'>> & { parameters?: Record<string, unknown> },
): string[] {
  covered.add(action);
  const definition = actionCatalogue[action];
  const parameters = definition.parameters.parse(plan.parameters ?? {}) as ActionParameters[K];
  const planned: PlannedAction<ActionParameters[K]> = {
    target: plan.target,
    parameters,
    steps: plan.steps ?? [],
    changes: plan.changes ?? [],
  };
  return (definition.kubectl as (p: PlannedAction<ActionParameters[K]>) => string[])(planned);
}

const covered = new Set<string>();

const patchStep = (ref: PlannedStep & { kind: 'patch' }) => ref;

describe('the kubectl equivalent of each action', () => {
  it('increase_resources on production/webapp → kubectl set resources with limits and requests', () => {
    expect(
      kubectlOf('increase_resources', {
        target: webapp,
        parameters: { container: 'webapp', memory_limit: '12Gi', memory_request: '10Gi', cpu_limit: '2' },
      }),
    ).toEqual([
      'kubectl -n production set resources deployment/webapp -c webapp --limits=memory=12Gi,cpu=2 --requests=memory=10Gi',
    ]);
  });

  it('increase_resources without a container names the one the planner chose', () => {
    expect(
      kubectlOf('increase_resources', {
        target: { kind: 'StatefulSet', namespace: 'production', name: 'postgres' },
        parameters: { cpu_request: '500m' },
        changes: [
          {
            object: 'StatefulSet production/postgres',
            field: 'cpu request (container postgres)',
            before: 'none',
            after: '500m',
          },
        ],
      }),
    ).toEqual(['kubectl -n production set resources statefulset/postgres -c postgres --requests=cpu=500m']);
  });

  it('scale_workload → kubectl scale --replicas', () => {
    expect(kubectlOf('scale_workload', { target: webapp, parameters: { replicas: '5' } })).toEqual([
      'kubectl -n production scale deployment/webapp --replicas=5',
    ]);
  });

  it('restart_workload → kubectl rollout restart, also for a DaemonSet', () => {
    expect(kubectlOf('restart_workload', { target: webapp })).toEqual([
      'kubectl -n production rollout restart deployment/webapp',
    ]);
    expect(
      kubectlOf('restart_workload', {
        target: { kind: 'DaemonSet', namespace: 'monitoring', name: 'node-exporter' },
      }),
    ).toEqual(['kubectl -n monitoring rollout restart daemonset/node-exporter']);
  });

  it('restart_pod → kubectl delete pod', () => {
    expect(
      kubectlOf('restart_pod', {
        target: { kind: 'Pod', namespace: 'production', name: 'webapp-7d9f-x2k4q' },
      }),
    ).toEqual(['kubectl -n production delete pod/webapp-7d9f-x2k4q']);
  });

  it('rollback_deployment → kubectl rollout undo --to-revision, the revision the planner chose', () => {
    const changes = [{ object: 'Deployment production/webapp', field: 'revision', before: '4', after: '3' }];
    expect(kubectlOf('rollback_deployment', { target: webapp, changes })).toEqual([
      'kubectl -n production rollout undo deployment/webapp --to-revision=3',
    ]);
    expect(kubectlOf('rollback_deployment', { target: webapp, parameters: { revision: 2 } })).toEqual([
      'kubectl -n production rollout undo deployment/webapp --to-revision=2',
    ]);
  });

  it('patch_hpa → kubectl patch hpa --type=json, the JSON in single quotes and without the resourceVersion pin', () => {
    const ref = { kind: 'HorizontalPodAutoscaler', namespace: 'production', name: 'webapp' } as const;
    const steps = [
      patchStep({
        kind: 'patch',
        ref,
        ops: [pin, { op: 'add', path: '/spec/maxReplicas', value: 10 }],
        description: 'patch',
      }),
    ];
    expect(kubectlOf('patch_hpa', { target: ref, parameters: { max_replicas: 10 }, steps })).toEqual([
      `kubectl -n production patch hpa/webapp --type=json -p '[{"op":"add","path":"/spec/maxReplicas","value":10}]'`,
    ]);
  });

  it('cordon_node and uncordon_node → kubectl cordon / uncordon', () => {
    expect(kubectlOf('cordon_node', { target: worker })).toEqual(['kubectl cordon worker-05']);
    expect(kubectlOf('uncordon_node', { target: worker })).toEqual(['kubectl uncordon worker-05']);
  });

  it('drain_node → kubectl drain --ignore-daemonsets --delete-emptydir-data, with the grace period when given', () => {
    expect(kubectlOf('drain_node', { target: worker })).toEqual([
      'kubectl drain worker-05 --ignore-daemonsets --delete-emptydir-data',
    ]);
    expect(kubectlOf('drain_node', { target: worker, parameters: { grace_period_seconds: 30 } })).toEqual([
      'kubectl drain worker-05 --ignore-daemonsets --delete-emptydir-data --grace-period=30',
    ]);
  });

  it('remove_taint → kubectl taint nodes key:Effect- (or key- for every effect)', () => {
    expect(
      kubectlOf('remove_taint', {
        target: worker,
        parameters: { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
      }),
    ).toEqual(['kubectl taint nodes worker-05 node.kubernetes.io/disk-pressure:NoSchedule-']);
    expect(
      kubectlOf('remove_taint', { target: worker, parameters: { key: 'example.com/maintenance' } }),
    ).toEqual(['kubectl taint nodes worker-05 example.com/maintenance-']);
  });

  it('expand_pvc → kubectl patch pvc with the new storage request', () => {
    const ref = { kind: 'PersistentVolumeClaim', namespace: 'production', name: 'data-postgres-0' } as const;
    const steps = [
      patchStep({
        kind: 'patch',
        ref,
        ops: [pin, { op: 'add', path: '/spec/resources/requests/storage', value: '300Gi' }],
        description: 'grow',
      }),
    ];
    expect(kubectlOf('expand_pvc', { target: ref, parameters: { size: '300Gi' }, steps })).toEqual([
      `kubectl -n production patch pvc/data-postgres-0 --type=json -p '[{"op":"add","path":"/spec/resources/requests/storage","value":"300Gi"}]'`,
    ]);
  });

  it('relax_pdb → kubectl patch pdb, removing the other field first', () => {
    const ref = { kind: 'PodDisruptionBudget', namespace: 'production', name: 'webapp' } as const;
    const steps = [
      patchStep({
        kind: 'patch',
        ref,
        ops: [
          pin,
          { op: 'remove', path: '/spec/minAvailable' },
          { op: 'add', path: '/spec/maxUnavailable', value: '50%' },
        ],
        description: 'relax',
      }),
    ];
    expect(kubectlOf('relax_pdb', { target: ref, parameters: { max_unavailable: '50%' }, steps })).toEqual([
      `kubectl -n production patch pdb/webapp --type=json -p '[{"op":"remove","path":"/spec/minAvailable"},{"op":"add","path":"/spec/maxUnavailable","value":"50%"}]'`,
    ]);
  });

  it('silence_alert → amtool silence add with the matchers, duration and comment quoted', () => {
    const steps: PlannedStep[] = [
      {
        kind: 'silence',
        matchers: [
          { name: 'alertname', value: 'HighMemoryUsage', isRegex: false, isEqual: true },
          { name: 'metrics_path', value: '/metrics/cadvisor', isRegex: false, isEqual: true },
          { name: 'namespace', value: 'production', isRegex: false, isEqual: true },
        ],
        durationMs: 7_200_000,
        comment: "it's known, fix rolling out (kopilot, alert f1)",
        description: 'silence',
      },
    ];
    expect(
      kubectlOf('silence_alert', {
        target: { kind: 'Alert', name: 'HighMemoryUsage' },
        parameters: { duration: '2h' },
        steps,
      }),
    ).toEqual([
      `amtool silence add --duration=2h --comment 'it'\\''s known, fix rolling out (kopilot, alert f1)' alertname=HighMemoryUsage 'metrics_path="/metrics/cadvisor"' namespace=production`,
    ]);
  });

  it('collect_diagnostics → the same reads: kubectl describe, and logs where the target has pods', () => {
    const pod = { kind: 'Pod', namespace: 'production', name: 'webapp-123' } as const;
    expect(kubectlOf('collect_diagnostics', { target: pod, parameters: { tail_lines: 500 } })).toEqual([
      'kubectl -n production describe pod/webapp-123',
      'kubectl -n production logs pod/webapp-123 --all-containers --tail=500',
    ]);
    expect(kubectlOf('collect_diagnostics', { target: worker })).toEqual(['kubectl describe node/worker-05']);
  });

  it('escalate changes nothing, so there is no command', () => {
    expect(kubectlOf('escalate', { target: webapp, parameters: { summary: 'look at it' } })).toEqual([]);
  });

  it('covers every action in the catalogue', () => {
    expect([...covered].sort()).toEqual([...ACTION_TYPES].sort());
  });
});

describe('shell quoting', () => {
  it('leaves plain words bare and single-quotes the rest, escaping single quotes', () => {
    expect(shellQuote('deployment/webapp')).toBe('deployment/webapp');
    expect(shellQuote('--limits=memory=12Gi,cpu=2')).toBe('--limits=memory=12Gi,cpu=2');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('$(rm -rf /)')).toBe("'$(rm -rf /)'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(commandLine('kubectl', undefined, 'get', 'pods')).toBe('kubectl get pods');
  });

  it('quotes a patch whose values hold single quotes and shell metacharacters', () => {
    const [line] = patchCommands([
      {
        kind: 'patch',
        ref: { kind: 'Deployment', namespace: 'production', name: 'webapp' },
        ops: [pin, { op: 'add', path: '/metadata/annotations/note', value: "don't `touch` $HOME" }],
        description: 'annotate',
      },
    ]);
    const words = execFileSync('sh', ['-c', `printf '%s\\n' ${(line ?? '').replace(/^kubectl /, '')}`], {
      encoding: 'utf8',
    });
    expect(words.trimEnd().split('\n').at(-1)).toBe(
      JSON.stringify([{ op: 'add', path: '/metadata/annotations/note', value: "don't `touch` $HOME" }]),
    );
    expect(line).toBe(
      `kubectl -n production patch deployment/webapp --type=json -p '[{"op":"add","path":"/metadata/annotations/note","value":"don'\\''t \`touch\` $HOME"}]'`,
    );
  });
});
