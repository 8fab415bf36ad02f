// Escalations that name the cause and the next human step, and the default when no rule matched.
import type { Alert } from '../../alerts/alert.js';
import type { ResolvedTarget } from '../playbooks.js';
import type { Recommendation } from '../../proposal/recommendation.js';
import type { IncidentFacts } from './facts.js';
import { recommendation } from './rule.js';

export function escalationTarget(alert: Alert, target: ResolvedTarget): Recommendation['target'] {
  const kind = target.kind && target.kind !== 'Namespace' ? target.kind : 'Alert';
  const name = kind === 'Alert' ? alert.name : (target.name ?? alert.name);
  return {
    kind,
    name,
    ...(kind !== 'Alert' && kind !== 'Node' && target.namespace ? { namespace: target.namespace } : {}),
  };
}

/** An escalation with its cause, the next step and the ranked explanations still open. */
export function namedEscalation(
  alert: Alert,
  target: ResolvedTarget,
  cause: string,
  nextStep: string,
  found: string[],
  alternatives: Recommendation['alternatives'] = [],
): Recommendation {
  return recommendation({
    action: 'escalate',
    target: escalationTarget(alert, target),
    parameters: { summary: `${alert.name}: ${cause}; ${nextStep}`.slice(0, 2000) },
    confidence: 0.6,
    reasoning: `${cause}. ${nextStep}`,
    evidence: found,
    alternatives,
  });
}

export const DEFAULT_ESCALATION = 'no runbook rule matched the evidence';

export function escalation(facts: IncidentFacts, alert: Alert, target: ResolvedTarget): Recommendation {
  return recommendation({
    action: 'escalate',
    target: escalationTarget(alert, target),
    parameters: {
      summary:
        `${alert.name}: ${DEFAULT_ESCALATION}; a human should look. ${facts.findings.slice(0, 4).join('; ')}`.slice(
          0,
          2000,
        ),
    },
    confidence: 0.5,
    reasoning: 'No runbook rule matched the evidence with enough certainty for an automatic change.',
    evidence: facts.findings.slice(0, 6),
  });
}
