// Node selector terms as the scheduler reads them: a pod's required node affinity and a volume's node affinity.
import type { KubeObject } from '../store.js';

interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: Requirement[];
  matchFields?: Requirement[];
}

function requirementHolds(requirement: Requirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const have = Number(value);
      const bound = Number(values[0]);
      if (value === undefined || Number.isNaN(have) || Number.isNaN(bound)) return false;
      return requirement.operator === 'Gt' ? have > bound : have < bound;
    }
    default:
      return false;
  }
}

/** Whether the node matches any of the terms (an empty term matches nothing, as in kube). */
export function nodeMatchesTerms(node: KubeObject, terms: NodeSelectorTerm[]): boolean {
  const labels = node.metadata.labels ?? {};
  return terms.some((term) => {
    const expressions = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (expressions.length === 0 && fields.length === 0) return false;
    return (
      expressions.every((r) => requirementHolds(r, labels[r.key])) &&
      fields.every((r) => requirementHolds(r, r.key === 'metadata.name' ? node.metadata.name : undefined))
    );
  });
}

/** The pod's requiredDuringSchedulingIgnoredDuringExecution node selector terms, if it has any. */
export function requiredNodeAffinity(spec: Record<string, unknown>): NodeSelectorTerm[] | undefined {
  const affinity = spec.affinity as
    | {
        nodeAffinity?: {
          requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
        };
      }
    | undefined;
  return affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
}
