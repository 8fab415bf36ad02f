// Runs every scenario against every model on a fresh sandbox through a read-only triage session, and scores the
// recommendation it shows (the first candidate the planner accepts) in each run.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AuditLog } from '../audit/auditLog.js';
import type { TriageEvent } from '../agent/events.js';
import { probeModel } from '../agent/modelClient.js';
import type { Settings } from '../config/settings.js';
import { RuntimeFailure, UsageError } from '../errors.js';
import { listBuiltinScenarios } from '../sandbox/scenarios/index.js';
import { createTriageSession } from '../session/openSession.js';
import { RULES_MODEL } from './rulesModel.js';
import { openScenarioRig } from './scenarioRig.js';
import { scoreRun, type RunScore } from './score.js';

export { RULES_MODEL };

export interface EvalOptions {
  models: string[];
  /** Scenario names or folders; every built-in when empty. */
  scenarios: string[];
  runs: number;
  /** false measures the plain tool-calling loop: no evidence gathered before the first model request. */
  prefetch: boolean;
  /** Ollama's host and request settings; the model is each run's. */
  settings: Settings;
  auditLog?: AuditLog;
  signal?: AbortSignal;
}

export type EvalProgress =
  | { type: 'started'; total: number; scenarios: string[] }
  | { type: 'run_started'; index: number; total: number; model: string; scenario: string; run: number }
  | { type: 'run_finished'; index: number; total: number; score: RunScore };

/** Yields progress; returns every run's score. Models that Ollama cannot serve stop it before any run. */
export async function* runEval(options: EvalOptions): AsyncGenerator<EvalProgress, RunScore[]> {
  if (options.models.length === 0) throw new UsageError('--models needs at least one model (or "rules")');
  if (!Number.isInteger(options.runs) || options.runs < 1)
    throw new UsageError('--runs must be a whole number ≥ 1');
  const scenarios = options.scenarios.length > 0 ? options.scenarios : await builtinScenarioNames();
  await checkModelsAnswer(options);

  const total = options.models.length * scenarios.length * options.runs;
  yield { type: 'started', total, scenarios };
  const scores: RunScore[] = [];
  let index = 0;
  for (const model of options.models) {
    for (let run = 1; run <= options.runs; run += 1) {
      for (const scenario of scenarios) {
        if (options.signal?.aborted) return scores;
        index += 1;
        yield { type: 'run_started', index, total, model, scenario, run };
        const score = await evaluateOne(options, model, scenario, run);
        scores.push(score);
        yield { type: 'run_finished', index, total, score };
      }
    }
  }
  return scores;
}

async function evaluateOne(
  options: EvalOptions,
  model: string,
  scenario: string,
  run: number,
): Promise<RunScore> {
  const rig = await openScenarioRig(scenario, options.auditLog);
  try {
    const session = createTriageSession({
      settings: { ...options.settings, model },
      kube: rig.kube,
      planKube: rig.planKube,
      mcp: rig.mcp,
      noModel: model === RULES_MODEL,
      alertSourceName: `scenario ${scenario}`,
      prefetch: options.prefetch,
      readOnly: true,
    });
    const events: TriageEvent[] = [];
    for await (const event of session.triage(rig.alert, options.signal ?? new AbortController().signal)) {
      events.push(event);
    }
    return scoreRun({
      model,
      scenario: rig.sandbox.scenario.name,
      run,
      expect: rig.sandbox.scenario.expect,
      alert: rig.alert,
      events,
    });
  } finally {
    await rig.close();
  }
}

/** A model Ollama cannot serve would silently be scored as the rule-based fallback: refuse it up front. */
async function checkModelsAnswer(options: EvalOptions): Promise<void> {
  for (const model of options.models) {
    if (model === RULES_MODEL) continue;
    const probe = await probeModel(
      {
        host: options.settings.ollamaHost,
        model,
        numCtx: options.settings.numCtx,
        temperature: options.settings.temperature,
        keepAlive: options.settings.keepAlive,
        requestTimeoutMs: options.settings.modelTimeoutMs,
      },
      options.signal ?? new AbortController().signal,
    );
    if (!probe.ok) throw new RuntimeFailure(`model ${model} cannot be evaluated: ${probe.reason}`);
  }
}

async function builtinScenarioNames(): Promise<string[]> {
  return (await listBuiltinScenarios()).map((scenario) => scenario.name);
}

/** `--scenarios DIR`: one scenario folder, or a folder of scenario folders. */
export async function scenariosIn(dir: string): Promise<string[]> {
  const root = resolve(dir);
  if (!(await isFile(join(root, 'scenario.yaml')))) {
    let entries: string[];
    try {
      entries = (await readdir(root)).sort();
    } catch {
      throw new UsageError(`--scenarios ${dir}: no such folder`);
    }
    const folders: string[] = [];
    for (const entry of entries) {
      if (await isFile(join(root, entry, 'scenario.yaml'))) folders.push(join(root, entry));
    }
    if (folders.length === 0)
      throw new UsageError(`--scenarios ${dir}: no scenario.yaml in it or its sub-folders`);
    return folders;
  }
  return [root];
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
