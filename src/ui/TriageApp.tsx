// The whole interactive triage: choose the alert, watch the evidence, decide, execute and verify.
import { Box, Static, Text, useApp, useInput, type Key } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Alert } from '../alerts/alert.js';
import type { Recommendation } from '../proposal/recommendation.js';
import type { Decision, ExecutionView, PlanOverrides, PlanView } from '../session/actionView.js';
import type { AlertFeed, TriageSession } from '../session/session.js';
import type { TriageState } from '../session/triageState.js';
import { errorMessage } from '../errors.js';
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
import { useElapsed } from './useElapsed.js';
import { useTerminalSize } from './useTerminalSize.js';
import { useTriageRun } from './useTriageRun.js';
import { useTheme } from './theme.js';
import { useLatest } from './useLatest.js';

export interface TriageResult {
  alert?: Alert;
  state: TriageState;
  recommendation?: Recommendation;
  plan?: PlanView;
  decision?: Decision;
  decisionAuditId?: string;
  execution?: ExecutionView;
}

export interface TriageAppProps {
  session: TriageSession;
  /** Alerts from --alert: one starts the triage at once, several are listed to choose from. */
  alerts?: Alert[];
  onExit(result: TriageResult): void;
}

type Phase = 'pick' | 'paste' | 'triage' | 'execute' | 'finished';

export function TriageApp({ session, alerts: given, onExit }: TriageAppProps) {
  const theme = useTheme();
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [phase, setPhase] = useState<Phase>(given?.length === 1 ? 'triage' : 'pick');
  const [alert, setAlert] = useState<Alert | undefined>(given?.length === 1 ? given[0] : undefined);
  const [feed, setFeed] = useState<AlertFeed>({ alerts: given ?? [], loading: !given });
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [quitArmed, setQuitArmed] = useState(false);
  const [viewing, setViewing] = useState<number | undefined>();
  const [recommendation, setRecommendation] = useState<Recommendation | undefined>();
  const [plan, setPlan] = useState<PlanView | undefined>();
  const [planning, setPlanning] = useState(false);
  const [planError, setPlanError] = useState<string | undefined>();
  const [details, setDetails] = useState(false);
  const [decision, setDecision] = useState<Decision | undefined>();
  const [decisionAuditId, setDecisionAuditId] = useState<string | undefined>();
  const [edited, setEdited] = useState(false);
  const [overrides, setOverrides] = useState<PlanOverrides>({});
  const [execution, setExecution] = useState<ExecutionView | undefined>();
  // While a text field has focus, every key but Ctrl+C belongs to it.
  const [textFocused, setTextFocused] = useState(false);
  const stepAbort = useRef<AbortController | undefined>(undefined);

  const run = useTriageRun(session, alert);
  const { state } = run;
  const elapsed = useElapsed(run.startedAt, phase === 'triage' && run.running);

  // The live alert list, only while choosing.
  useEffect(() => {
    if (given || !session.watchAlerts) return;
    return session.watchAlerts(setFeed);
  }, [session, given]);

  const finish = useCallback(
    (result: Partial<TriageResult>) => {
      onExit({ alert, state, recommendation, plan, decision, decisionAuditId, execution, ...result });
      exit();
    },
    [onExit, exit, alert, state, recommendation, plan, decision, decisionAuditId, execution],
  );

  const makePlan = useCallback(
    async (rec: Recommendation, overrides?: PlanOverrides) => {
      stepAbort.current?.abort();
      const abort = new AbortController();
      stepAbort.current = abort;
      setRecommendation(rec);
      setPlanning(true);
      setPlanError(undefined);
      setPlan(undefined);
      try {
        const result = await session.plan(rec, abort.signal, overrides);
        if (abort.signal.aborted) return;
        if (result.ok) setPlan(result.plan);
        else setPlanError(result.error);
      } catch (error) {
        if (!abort.signal.aborted) setPlanError(errorMessage(error));
      } finally {
        if (!abort.signal.aborted) setPlanning(false);
      }
    },
    [session],
  );

  // When the engine has answered, plan its recommendation (dry-run, capacity, policy).
  useEffect(() => {
    if (phase !== 'triage' || run.running || !state.recommendation || recommendation) return;
    void makePlan(state.recommendation);
  }, [phase, run.running, state.recommendation, recommendation, makePlan]);

  const record = useCallback(
    async (d: Decision, p: PlanView | undefined) => {
      setDecision(d);
      try {
        const id = await session.decide(d, p, recommendation);
        setDecisionAuditId(id);
        return id;
      } catch (error) {
        setNotice(`could not write the audit log: ${errorMessage(error)}`);
        return undefined;
      }
    },
    [session, recommendation],
  );

  const approve = useCallback(
    async (confirmation?: string) => {
      if (!plan || !recommendation) return;
      const id = await record(
        { kind: 'approved', parameters: recommendation.parameters, edited, confirmation },
        plan,
      );
      if (id === undefined) return; // Nothing runs without the decision on record.
      const abort = new AbortController();
      stepAbort.current = abort;
      setPhase('execute');
      try {
        for await (const snapshot of session.execute(plan, abort.signal)) {
          if (snapshot.rebuilt) {
            // Nothing was written: the human decides again on the plan as the object is now.
            setPlan(snapshot.rebuilt);
            setExecution(undefined);
            setDecision(undefined);
            setPhase('triage');
            setNotice(`${snapshot.message ?? 'the object changed after planning'} — review and decide again`);
            return;
          }
          setExecution(snapshot);
        }
      } catch (error) {
        setExecution((prev) => ({
          steps: prev?.steps ?? [],
          rollbackAvailable: prev?.rollbackAvailable ?? false,
          ...prev,
          outcome: 'failed',
          message: errorMessage(error),
        }));
      }
    },
    [plan, recommendation, edited, record, session],
  );

  const reject = useCallback(
    async (reason?: string) => {
      const d: Decision = { kind: 'rejected', reason };
      const id = await record(d, plan);
      setPhase('finished');
      finish({ decision: d, decisionAuditId: id });
    },
    [record, plan, finish],
  );

  const quitting = useRef(false);
  const quit = useCallback(async () => {
    if (quitting.current) return;
    quitting.current = true;
    stepAbort.current?.abort();
    run.cancel();
    if (!recommendation || decision) return finish({});
    // Leaving a recommendation undecided is a decision too: the audit log says it was seen and not acted on.
    const d: Decision = { kind: 'quit' };
    finish({ decision: d, decisionAuditId: await record(d, plan) });
  }, [run, finish, recommendation, decision, record, plan]);

  const edit = useCallback(
    (parameters: Record<string, unknown>) => {
      if (!recommendation) return;
      setEdited(true);
      // An edit is a new plan: what was overridden for the old one is decided again.
      setOverrides({});
      void makePlan({ ...recommendation, parameters });
    },
    [recommendation, makePlan],
  );

  const override = useCallback(() => {
    if (!recommendation || !plan?.overridable) return;
    const next = { ...overrides, [plan.overridable]: true };
    setOverrides(next);
    void makePlan(recommendation, next);
  }, [recommendation, plan, overrides, makePlan]);

  const rollback = useCallback(async () => {
    if (!plan || !session.rollback) return;
    const abort = new AbortController();
    stepAbort.current = abort;
    setPlanning(true);
    const result = await session.rollback(plan, abort.signal);
    setPlanning(false);
    if (!result.ok) return setNotice(`cannot roll back: ${result.error}`);
    setPlan(result.plan);
    setRecommendation((rec) =>
      rec
        ? {
            ...rec,
            action: result.plan.action,
            target: result.plan.target,
            reasoning: `Verification failed (${execution?.message ?? 'see above'}); this reverts the change just applied.`,
          }
        : rec,
    );
    setExecution(undefined);
    setDecision(undefined);
    setPhase('triage');
  }, [plan, session, execution]);

  const toggleDetails = useCallback(() => setDetails((d) => !d), []);

  const busy =
    (phase === 'triage' && (run.running || planning)) || (phase === 'execute' && !execution?.outcome);
  // Ctrl+C: the first cancels the running step, a second one quits. Esc goes back. `?` shows keys.
  const latestKeys = useLatest({
    quitArmed,
    busy,
    quit,
    run,
    textFocused,
    help,
    phase,
    calls: state.toolCalls.length,
    recommended: state.recommendation !== undefined,
    viewing,
  });
  const onGlobalKey = useCallback(
    (input: string, key: Key) => {
      const { quitArmed, busy, quit, run, textFocused, help, phase, calls, recommended, viewing } =
        latestKeys.current;
      if (key.ctrl && input === 'c') {
        if (quitArmed || !busy) {
          if (quitArmed) return quit();
          latestKeys.current.quitArmed = true;
          setQuitArmed(true);
          return setNotice('press Ctrl+C again to quit');
        }
        stepAbort.current?.abort();
        if (run.running) run.cancel();
        setPlanning(false);
        latestKeys.current.quitArmed = true;
        setQuitArmed(true);
        return setNotice('cancelled — press Ctrl+C again to quit');
      }
      latestKeys.current.quitArmed = false;
      setQuitArmed(false);
      if (textFocused || phase === 'paste') return;
      if (input === '?') return setHelp((h) => !h);
      if (help && key.escape) return setHelp(false);
      if (phase === 'triage' && calls > 0) {
        if (input === 'x') return setViewing((v) => (v === undefined ? calls - 1 : undefined));
        if (viewing !== undefined && key.escape) return setViewing(undefined);
        if (viewing !== undefined && (key.upArrow || key.downArrow)) {
          const next = viewing + (key.upArrow ? -1 : 1);
          return setViewing(Math.min(Math.max(next, 0), calls - 1));
        }
      }
      if (phase === 'triage' && !run.running && !recommended && input === 'q') return quit();
    },
    [latestKeys],
  );
  useInput(onGlobalKey);

  const pick = useCallback((a: Alert) => {
    setAlert(a);
    setRecommendation(undefined);
    setPlan(undefined);
    setPhase('triage');
  }, []);
  const pasted = useCallback(
    (alerts: Alert[]) => {
      if (alerts.length === 1 && alerts[0]) return pick(alerts[0]);
      setFeed({ alerts, loading: false });
      setPhase('pick');
    },
    [pick],
  );
  const toPaste = useCallback(() => setPhase('paste'), []);
  const toPick = useCallback(() => setPhase('pick'), []);

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
      {phase === 'pick' ? (
        <AlertPicker
          alerts={feed.alerts}
          source={given ? 'the input' : session.alertSource}
          loading={feed.loading}
          error={feed.error}
          isActive={!help}
          width={width}
          maxRows={Math.max(3, rows - 6)}
          onPick={pick}
          onTextEntry={setTextFocused}
          onPaste={given ? undefined : toPaste}
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
              model={state.model}
              plan={plan}
              planError={planError}
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
              onApprove={approve}
              onReject={reject}
              onEdit={edit}
              onDetails={toggleDetails}
              onQuit={quit}
              onOverride={override}
              onTextEntry={setTextFocused}
            />
          ) : null}
          {phase === 'execute' && execution ? (
            <ExecutionProgress execution={execution} isActive={!help} onRollback={rollback} onDone={quit} />
          ) : null}
        </>
      ) : null}
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
