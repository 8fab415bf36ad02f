// The kubectl text of a plan: POSIX shell quoting and the command shapes several actions share.
import type { ActionTarget } from './actionTarget.js';
import type { PlannedStep } from './planSteps.js';

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word: left bare when it holds nothing the shell would read, else single-quoted. */
export function shellQuote(word: string): string {
  if (SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its words, each quoted as needed; absent words are left out. */
export function commandLine(...words: Array<string | undefined>): string {
  return words
    .filter((word): word is string => word !== undefined)
    .map(shellQuote)
    .join(' ');
}

/** `kubectl -n <namespace> …`; cluster-scoped targets get no namespace flag. */
export function kubectl(namespace: string | undefined, ...words: Array<string | undefined>): string {
  return commandLine('kubectl', ...(namespace ? ['-n', namespace] : []), ...words);
}

const SHORT_NAMES: Partial<Record<string, string>> = {
  HorizontalPodAutoscaler: 'hpa',
  PersistentVolumeClaim: 'pvc',
  PodDisruptionBudget: 'pdb',
};

/** `deployment/webapp`, `hpa/webapp`: the TYPE/NAME argument kubectl takes. */
export function resourceArg(target: Pick<ActionTarget, 'kind' | 'name'>): string {
  return `${SHORT_NAMES[target.kind] ?? target.kind.toLowerCase()}/${target.name}`;
}

/**
 * `kubectl patch --type=json` for each patch step. The resourceVersion pin kopilot sends is left out: by the time an
 * engineer pastes the line the object's status has usually moved on, and the pin would make the paste fail.
 */
export function patchCommands(steps: PlannedStep[]): string[] {
  return steps.flatMap((step) => {
    if (step.kind !== 'patch') return [];
    const ops = step.ops.filter((op) => op.path !== '/metadata/resourceVersion');
    return [
      kubectl(step.ref.namespace, 'patch', resourceArg(step.ref), '--type=json', '-p', JSON.stringify(ops)),
    ];
  });
}
