// The one proposal: action and target, the exact change as a diff, the checks, risk, confidence and why.
import { Box, Text } from 'ink';
import type { Recommendation, RecommendationSource } from '../proposal/recommendation.js';
import type { CheckView, PlanView } from '../session/actionView.js';
import { formatParameters, formatTarget } from '../output/format.js';
import { Spinner } from './Spinner.js';
import { SYMBOLS, useTheme } from './theme.js';
import { shown } from './shown.js';
import { MODEL_ANSWER_REFUSED, NOT_IN_EVIDENCE } from '../session/triageState.js';

export interface RecommendationCardProps {
  recommendation: Recommendation;
  source: RecommendationSource;
  fallbackReason?: string;
  model?: string;
  plan?: PlanView;
  planError?: string;
  planning?: boolean;
  /** Cited evidence lines no tool result supports: marked, and never hidden behind "more". */
  unsupported?: string[];
  /** The model answered, but its answer could not be planned: these are the rules'. */
  modelRefused?: boolean;
  /** `d` shows everything: all evidence, alternatives, the full reasoning. */
  details?: boolean;
  width: number;
}

function Check({ label, check }: { label: string; check?: CheckView }) {
  const theme = useTheme();
  if (!check) return null;
  return (
    <Text>
      {label}:{' '}
      <Text color={theme.tone(check.unknown ? 'warn' : check.ok ? 'ok' : 'fail')}>
        {check.unknown ? '?' : check.ok ? SYMBOLS.ok : SYMBOLS.fail} {check.summary}
      </Text>
    </Text>
  );
}

function sourceLabel(
  source: RecommendationSource,
  fallbackReason?: string,
  model?: string,
  modelRefused?: boolean,
): string {
  if (source === 'rules' && modelRefused) return `rule-based · ${MODEL_ANSWER_REFUSED}`;
  if (source === 'rules')
    return fallbackReason ? `rule-based · model not used: ${fallbackReason}` : 'rule-based';
  return `from model ${model ?? ''}`.trim();
}

export function RecommendationCard(untrusted: RecommendationCardProps) {
  const props = shown(untrusted);
  const { recommendation: rec, source, plan, details = false, width } = props;
  const theme = useTheme();
  const riskTone = plan?.risk === 'high' ? 'fail' : plan?.risk === 'medium' ? 'warn' : 'ok';
  const unsupported = props.unsupported ?? [];
  const evidence = details
    ? rec.evidence
    : rec.evidence.filter((fact, i) => i < 3 || unsupported.includes(fact));
  const alternatives = details ? rec.alternatives : rec.alternatives.slice(0, 2);
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor={theme.tone(source === 'rules' ? 'warn' : 'accent')}
      paddingX={1}
      width={Math.min(width, 100)}
    >
      <Text>
        <Text bold>Recommendation: {rec.action}</Text> on {formatTarget(rec.target)}
      </Text>
      <Text color={theme.tone(source === 'rules' ? 'warn' : 'muted')}>
        {sourceLabel(source, props.fallbackReason, props.model, props.modelRefused)} · confidence{' '}
        {Math.round(rec.confidence * 100)}%
      </Text>
      <Box flexDirection="column" marginTop={1}>
        {plan && plan.changes.length > 0 ? (
          plan.changes.map((change, i) => (
            <Text key={i}>
              <Text color={theme.tone('warn')}>~ </Text>
              {change.field} {change.before} <Text color={theme.tone('ok')}>{SYMBOLS.arrow}</Text>{' '}
              <Text bold>{change.after}</Text>
              {change.object && change.object !== formatTarget(plan.target) ? (
                <Text color={theme.tone('muted')}> ({change.object})</Text>
              ) : null}
            </Text>
          ))
        ) : plan && !plan.writes ? (
          <Text>No change to the cluster: {plan.summary}</Text>
        ) : (
          <Text>parameters: {formatParameters(rec.parameters) || '(none)'}</Text>
        )}
      </Box>
      {props.planning ? (
        <Text>
          <Spinner /> planning: dry-run and capacity check…
        </Text>
      ) : null}
      {props.planError ? <Text color={theme.tone('fail')}>cannot plan: {props.planError}</Text> : null}
      {plan ? (
        <Box flexDirection="column" marginTop={1}>
          <Check label="dry-run" check={plan.dryRun} />
          <Check label="capacity" check={plan.capacity} />
          <Text>
            risk: <Text color={theme.tone(riskTone)}>{plan.risk}</Text>
            {plan.destructive ? ' · destructive' : ''}
            {plan.protectedNamespace ? ' · protected namespace' : ''}
            {plan.context ? ` · context ${plan.context}` : ''}
          </Text>
          {plan.warnings.map((warning, i) => (
            <Text key={i} color={theme.tone('warn')}>
              ! {warning}
            </Text>
          ))}
          {plan.refused ? <Text color={theme.tone('fail')}>refused by policy: {plan.refused}</Text> : null}
          {/* The same change by hand, to paste into the incident channel or run (props are already shown()). */}
          {plan.refused
            ? null
            : plan.kubectl.map((line, i) => (
                <Text key={`kubectl-${i}`} color={theme.tone('muted')} wrap="wrap">
                  $ {line}
                </Text>
              ))}
        </Box>
      ) : null}
      <Box flexDirection="column" marginTop={1}>
        <Text bold>Why</Text>
        <Text wrap="wrap">
          {details || rec.reasoning.length <= 300 ? rec.reasoning : `${rec.reasoning.slice(0, 300)}…`}
        </Text>
      </Box>
      {evidence.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Evidence</Text>
          {evidence.map((fact, i) => (
            <Text key={i} wrap="wrap">
              {SYMBOLS.bullet} {fact}
              {unsupported.includes(fact) ? (
                <Text color={theme.tone('fail')}> — {NOT_IN_EVIDENCE}</Text>
              ) : null}
            </Text>
          ))}
          {!details && rec.evidence.length > evidence.length ? (
            <Text color={theme.tone('muted')}>
              … {rec.evidence.length - evidence.length} more (d for details)
            </Text>
          ) : null}
        </Box>
      ) : null}
      {alternatives.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Alternatives</Text>
          {alternatives.map((alt, i) => (
            <Text key={i} wrap="wrap">
              {SYMBOLS.bullet} {alt.action}: {alt.why_not}
            </Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
