// The rule-based fallback: the same evidence, deterministic runbook rules, one recommendation marked as rules.
import type { Alert } from '../../alerts/alert.js';
import type { ResolvedTarget } from '../playbooks.js';
import type { Recommendation } from '../../proposal/recommendation.js';
import type { ToolResult } from '../toolRunner.js';
import { gatherFacts } from './facts.js';
import { escalation, RUNBOOK_RULES } from './runbook.js';

export { gatherFacts } from './facts.js';
export { RUNBOOK_RULES, memoryStep } from './runbook.js';

export function recommendByRules(
  alert: Alert,
  target: ResolvedTarget,
  evidence: ToolResult[],
): Recommendation {
  const facts = gatherFacts(evidence);
  for (const rule of RUNBOOK_RULES) {
    const recommendation = rule.recommend(facts, alert, target);
    if (recommendation)
      return { ...recommendation, reasoning: `[rule ${rule.name}] ${recommendation.reasoning}` };
  }
  return escalation(facts, alert, target);
}
