// The whole interactive triage's layout: choose the alert, watch the evidence, decide, execute and verify.
// The decision steps are useDecisionFlow, the app's own keys useTriageKeys, the engine's stream useTriageRun.
import { Box, Static, Text, useApp } from 'ink';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Alert } from '../alerts/alert.js';
import type { AlertFeed, TriageSession } from '../session/session.js';
import { modelAnswerRefused } from '../session/triageState.js';
import { AlertPicker } from './AlertPicker.js';
import { ApprovalPrompt } from './ApprovalPrompt.js';
import { ExecutionProgress } from './ExecutionProgress.js';
import { Footer } from './Footer.js';
import { KeyHelp } from './KeyHelp.js';
import { ModelStream } from './ModelStream.js';
import { PasteInput } from './PasteInput.js';
import { RecommendationCard } from './RecommendationCard.js';
import { StaticItemView } from './StaticItemView.js';
import { ToolCallList, ToolResultView } from './ToolCallList.js';
import { useDecisionFlow, type Phase, type TriageResult } from './useDecisionFlow.js';
import { useElapsed } from './useElapsed.js';
import { useTerminalSize } from './useTerminalSize.js';
import { useTriageKeys } from './useTriageKeys.js';
import { useTriageRun } from './useTriageRun.js';
import { useTheme } from './theme.js';

export type { TriageResult };

export interface TriageAppProps {
  session: TriageSession;
  /** Alerts from --alert: one starts the triage at once, several are listed to choose from. */
  alerts?: Alert[];
  onExit(result: TriageResult): void;
}

export function TriageApp({ session, alerts: given, onExit }: TriageAppProps) {
  const theme = useTheme();
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [phase, setPhase] = useState<Phase>(given?.length === 1 ? 'triage' : 'pick');
  const [alert, setAlert] = useState<Alert | undefined>(given?.length === 1 ? given[0] : undefined);
  const [feed, setFeed] = useState<AlertFeed>({ alerts: given ?? [], loading: !given });
  // Pasted alerts are their own list: the live feed does not replace them, Esc goes back to it.
  const [pastedAlerts, setPastedAlerts] = useState<Alert[] | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [details, setDetails] = useState(false);
  // While a text field has focus, every key but Ctrl+C belongs to it.
  const [textFocused, setTextFocused] = useState(false);

  const run = useTriageRun(session, alert);
  const { state } = run;
  const elapsed = useElapsed(run.startedAt, phase === 'triage' && run.running);

  // The live alert list, only while choosing.
  useEffect(() => {
    if (given || !session.watchAlerts) return;
    return session.watchAlerts(setFeed);
  }, [session, given]);

  const onFinish = useCallback(
    (result: TriageResult) => {
      onExit(result);
      exit();
    },
    [onExit, exit],
  );
  const flow = useDecisionFlow({ session, alert, run, phase, setPhase, setNotice, onFinish });
  const { recommendation, plan, planning, execution } = flow;

  const busy =
    (phase === 'triage' && (run.running || planning)) || (phase === 'execute' && !execution?.outcome);
  const { help, viewing } = useTriageKeys({
    phase,
    run,
    busy,
    textFocused,
    calls: state.toolCalls.length,
    recommended: state.recommendation !== undefined,
    quit: flow.quit,
    cancelStep: flow.cancelStep,
    setNotice,
  });

  const toggleDetails = useCallback(() => setDetails((d) => !d), []);
  const { reset } = flow;
  const pick = useCallback(
    (a: Alert) => {
      setAlert(a);
      reset();
      setPhase('triage');
    },
    [reset],
  );
  const pasted = useCallback(
    (alerts: Alert[]) => {
      if (alerts.length === 1 && alerts[0]) return pick(alerts[0]);
      setPastedAlerts(alerts);
      setPhase('pick');
    },
    [pick],
  );
  const toPaste = useCallback(() => setPhase('paste'), []);
  const toPick = useCallback(() => setPhase('pick'), []);
  const toLiveList = useCallback(() => setPastedAlerts(undefined), []);
  const { quit } = flow;
  const quitNow = useCallback(() => void quit(), [quit]);

  const width = Math.max(40, columns);
  const live = state.toolCalls.filter((c) => c.status === 'running');
  const currentTurn = state.turns[state.turns.length - 1];
  const streaming = run.running && currentTurn !== undefined && !state.recommendation;
  const liveBudget = Math.max(3, rows - live.length - 8);
  const deciding = phase === 'triage' && !run.running && recommendation !== undefined;
  const hint = useMemo(() => {
    if (phase === 'triage' && run.running) return 'Ctrl+C cancel · x results · ? keys';
    if (deciding) return 'a approve · r reject · e edit · d details · q quit · ? keys';
    if (phase === 'execute') return execution?.outcome ? 'q quit' : 'Ctrl+C stop watching';
    return '? keys · q quit';
  }, [phase, run.running, deciding, execution?.outcome]);

  const noRecommendation =
    phase === 'triage' && !run.running && !state.recommendation && state.outcome !== undefined;

  return (
    <Box flexDirection="column">
      <Static items={run.items}>
        {(item) => (
          <Box key={item.key}>
            <StaticItemView item={item} state={state} width={width} />
          </Box>
        )}
      </Static>
      {help ? <KeyHelp /> : null}
      {/* Help takes the place of the live part (not pushed above it); what is hidden keeps its state. */}
      <Box flexDirection="column" display={help ? 'none' : 'flex'}>
        {phase === 'pick' ? (
          <AlertPicker
            key={pastedAlerts ? 'pasted' : 'live'}
            alerts={pastedAlerts ?? feed.alerts}
            source={given ? 'the input' : pastedAlerts ? 'pasted JSON' : session.alertSource}
            loading={!pastedAlerts && feed.loading}
            error={pastedAlerts ? undefined : feed.error}
            isActive={!help}
            width={width}
            maxRows={Math.max(3, rows - 6)}
            onPick={pick}
            onTextEntry={setTextFocused}
            onPaste={given ? undefined : toPaste}
            onBack={pastedAlerts ? toLiveList : undefined}
            onQuit={quitNow}
          />
        ) : null}
        {phase === 'paste' ? (
          <PasteInput
            parse={session.parseAlerts}
            isActive
            width={width}
            maxLines={Math.max(3, rows - 8)}
            onSubmit={pasted}
            onCancel={toPick}
          />
        ) : null}
        {phase === 'triage' || phase === 'execute' ? (
          <>
            <ToolCallList calls={live} firstIndex={state.toolCalls.length - live.length} width={width} />
            {streaming && currentTurn ? (
              <ModelStream
                text={currentTurn.text}
                maxLines={liveBudget}
                width={width}
                model={currentTurn.model}
                streaming
              />
            ) : null}
            {viewing !== undefined && state.toolCalls[viewing] ? (
              <ToolResultView
                call={state.toolCalls[viewing]}
                index={viewing}
                maxLines={Math.max(3, rows - 10)}
                width={width}
              />
            ) : null}
            {run.cancelled && !state.recommendation ? (
              <Text color={theme.tone('warn')}>Triage cancelled. Nothing was changed.</Text>
            ) : null}
            {noRecommendation && !run.cancelled ? (
              <Text color={theme.tone('fail')}>
                No recommendation ({state.outcome}). Nothing was changed. q quit
              </Text>
            ) : null}
            {recommendation && state.recommendation ? (
              <RecommendationCard
                recommendation={recommendation}
                source={state.source ?? 'rules'}
                fallbackReason={state.fallbackReason}
                unsupported={state.unsupported}
                modelRefused={modelAnswerRefused(state)}
                model={state.model}
                plan={plan}
                planError={flow.planError}
                planning={planning}
                details={details}
                width={width}
              />
            ) : null}
            {deciding ? (
              <ApprovalPrompt
                plan={planning ? undefined : plan}
                parameters={recommendation.parameters}
                isActive={!help && viewing === undefined}
                onApprove={flow.approve}
                onReject={flow.reject}
                onEdit={flow.edit}
                onDetails={toggleDetails}
                onQuit={flow.quit}
                onOverride={flow.override}
                onTextEntry={setTextFocused}
              />
            ) : null}
            {phase === 'execute' && execution ? (
              <ExecutionProgress
                execution={execution}
                isActive={!help}
                onRollback={flow.rollback}
                onDone={flow.quit}
              />
            ) : null}
          </>
        ) : null}
      </Box>
      <Footer
        model={state.model ?? (state.source === 'rules' ? 'rule-based' : session.model)}
        context={session.context}
        elapsedMs={run.state.totals?.durationMs ?? elapsed}
        promptTokens={state.totals?.promptTokens ?? state.promptTokens}
        evalTokens={state.totals?.evalTokens}
        hint={hint}
        notice={notice}
        width={width}
      />
    </Box>
  );
}
