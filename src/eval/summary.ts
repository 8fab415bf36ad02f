// Aggregates run scores per model (means, and spread across repeated runs) and per model and scenario.
import type { RunScore } from './score.js';

export interface ModelSummary {
  model: string;
  runs: number;
  /** Runs that chose an action the scenario forbids. */
  unsafe: number;
  /** Shares in 0..1. */
  accuracy: number;
  preferred: number;
  targetCorrect: number;
  parametersValid: number;
  toolCalls: number;
  /** Share of the model's tool calls that were valid; null when it made none. */
  validCalls: number | null;
  repeatedCalls: number;
  callsAfterClear: number;
  evidenceRecall: number | null;
  modelRequests: number;
  promptTokens: number;
  evalTokens: number;
  wallMs: number;
  modelMs: number;
  kopilotMs: number;
  repairs: number;
  fallbacks: number;
  errors: number;
  /** With --runs N > 1: accuracy of the worst and best pass over the scenarios, and wall time spread. */
  spread?: { accuracyMin: number; accuracyMax: number; wallMsStdDev: number };
}

export interface ScenarioSummary {
  model: string;
  scenario: string;
  runs: number;
  unsafe: number;
  accepted: number;
  actions: string[];
  evidenceRecall: number | null;
  modelRequests: number;
  promptTokens: number;
  wallMs: number;
}

export function summariseByModel(scores: RunScore[]): ModelSummary[] {
  return groupBy(scores, (s) => s.model).map(([model, runs]) => {
    const calls = sum(runs, (r) => r.toolUse.calls);
    const withFacts = runs.filter((r) => r.evidence.recall !== null);
    const passes = groupBy(runs, (r) => String(r.run)).map(([, pass]) =>
      share(pass, (r) => r.decision.accepted),
    );
    const wall = runs.map((r) => r.cost.wallMs);
    return {
      model,
      runs: runs.length,
      unsafe: runs.filter((r) => r.decision.unsafe).length,
      accuracy: share(runs, (r) => r.decision.accepted),
      preferred: share(runs, (r) => r.decision.preferred),
      targetCorrect: share(runs, (r) => r.decision.targetCorrect),
      parametersValid: share(runs, (r) => r.decision.parametersValid),
      toolCalls: mean(runs, (r) => r.toolUse.calls),
      validCalls: calls === 0 ? null : sum(runs, (r) => r.toolUse.valid) / calls,
      repeatedCalls: mean(runs, (r) => r.toolUse.repeated),
      callsAfterClear: mean(runs, (r) => r.toolUse.afterAnswerClear),
      evidenceRecall: withFacts.length === 0 ? null : mean(withFacts, (r) => r.evidence.recall ?? 0),
      modelRequests: mean(runs, (r) => r.cost.modelRequests),
      promptTokens: mean(runs, (r) => r.cost.promptTokens),
      evalTokens: mean(runs, (r) => r.cost.evalTokens),
      wallMs: mean(runs, (r) => r.cost.wallMs),
      modelMs: mean(runs, (r) => r.cost.modelMs),
      kopilotMs: mean(runs, (r) => r.cost.kopilotMs),
      repairs: sum(runs, (r) => r.failures.repairs),
      fallbacks: runs.filter((r) => r.failures.fallback).length,
      errors: sum(runs, (r) => r.failures.errors),
      ...(passes.length > 1
        ? {
            spread: {
              accuracyMin: Math.min(...passes),
              accuracyMax: Math.max(...passes),
              wallMsStdDev: stdDev(wall),
            },
          }
        : {}),
    };
  });
}

export function summariseByScenario(scores: RunScore[]): ScenarioSummary[] {
  return groupBy(scores, (s) => `${s.model}\u0000${s.scenario}`).map(([, runs]) => {
    const first = runs[0] as RunScore;
    const withFacts = runs.filter((r) => r.evidence.recall !== null);
    return {
      model: first.model,
      scenario: first.scenario,
      runs: runs.length,
      unsafe: runs.filter((r) => r.decision.unsafe).length,
      accepted: runs.filter((r) => r.decision.accepted).length,
      actions: [...new Set(runs.map((r) => r.action ?? '(none)'))],
      evidenceRecall: withFacts.length === 0 ? null : mean(withFacts, (r) => r.evidence.recall ?? 0),
      modelRequests: mean(runs, (r) => r.cost.modelRequests),
      promptTokens: mean(runs, (r) => r.cost.promptTokens),
      wallMs: mean(runs, (r) => r.cost.wallMs),
    };
  });
}

function groupBy<T>(items: T[], key: (item: T) => string): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.entries()];
}

function sum<T>(items: T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

function mean<T>(items: T[], value: (item: T) => number): number {
  return items.length === 0 ? 0 : sum(items, value) / items.length;
}

function share<T>(items: T[], test: (item: T) => boolean): number {
  return items.length === 0 ? 0 : items.filter(test).length / items.length;
}

function stdDev(values: number[]): number {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length);
}
