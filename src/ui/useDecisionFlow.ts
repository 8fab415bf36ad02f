// The decision half of the interactive triage: plan the recommendation, record the decision, execute, roll back.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Alert } from '../alerts/alert.js';
import type { Recommendation } from '../proposal/recommendation.js';
import type { Decision, ExecutionView, PlanOverrides, PlanView } from '../session/actionView.js';
import type { TriageSession } from '../session/session.js';
import type { TriageState } from '../session/triageState.js';
import { errorMessage } from '../errors.js';
import type { TriageRun } from './useTriageRun.js';

export interface TriageResult {
  alert?: Alert;
  state: TriageState;
  recommendation?: Recommendation;
  plan?: PlanView;
  decision?: Decision;
  decisionAuditId?: string;
  execution?: ExecutionView;
}

export type Phase = 'pick' | 'paste' | 'triage' | 'execute' | 'finished';

export interface DecisionFlowInput {
  session: TriageSession;
  alert: Alert | undefined;
  run: TriageRun;
  phase: Phase;
  setPhase(phase: Phase): void;
  setNotice(notice: string | undefined): void;
  /** Called once, with what happened, when the triage is over. */
  onFinish(result: TriageResult): void;
}

export interface DecisionFlow {
  recommendation?: Recommendation;
  plan?: PlanView;
  planning: boolean;
  planError?: string;
  execution?: ExecutionView;
  approve(confirmation?: string): Promise<void>;
  reject(reason?: string): Promise<void>;
  quit(): Promise<void>;
  edit(parameters: Record<string, unknown>): void;
  override(): void;
  rollback(): Promise<void>;
  /** Ctrl+C: stops the plan or the execution under way. */
  cancelStep(): void;
  /** A new alert was picked: nothing of the last one's decision carries over. */
  reset(): void;
}

export function useDecisionFlow(input: DecisionFlowInput): DecisionFlow {
  const { session, alert, run, phase, setPhase, setNotice, onFinish } = input;
  const { state } = run;
  const [recommendation, setRecommendation] = useState<Recommendation | undefined>();
  const [plan, setPlan] = useState<PlanView | undefined>();
  const [planning, setPlanning] = useState(false);
  const [planError, setPlanError] = useState<string | undefined>();
  const [decision, setDecision] = useState<Decision | undefined>();
  const [decisionAuditId, setDecisionAuditId] = useState<string | undefined>();
  const [edited, setEdited] = useState(false);
  const [overrides, setOverrides] = useState<PlanOverrides>({});
  const [execution, setExecution] = useState<ExecutionView | undefined>();
  const stepAbort = useRef<AbortController | undefined>(undefined);

  const finish = useCallback(
    (result: Partial<TriageResult>) =>
      onFinish({ alert, state, recommendation, plan, decision, decisionAuditId, execution, ...result }),
    [onFinish, alert, state, recommendation, plan, decision, decisionAuditId, execution],
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
    [session, recommendation, setNotice],
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
    [plan, recommendation, edited, record, session, setPhase, setNotice],
  );

  const reject = useCallback(
    async (reason?: string) => {
      const d: Decision = { kind: 'rejected', reason };
      const id = await record(d, plan);
      setPhase('finished');
      finish({ decision: d, decisionAuditId: id });
    },
    [record, plan, finish, setPhase],
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
  }, [plan, session, execution, setNotice, setPhase]);

  const cancelStep = useCallback(() => {
    stepAbort.current?.abort();
    setPlanning(false);
  }, []);

  const reset = useCallback(() => {
    setRecommendation(undefined);
    setPlan(undefined);
  }, []);

  return {
    recommendation,
    plan,
    planning,
    planError,
    execution,
    approve,
    reject,
    quit,
    edit,
    override,
    rollback,
    cancelStep,
    reset,
  };
}
