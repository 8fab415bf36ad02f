// Result size budgets: estimate tokens, and shrink long lists until a result fits — summarised, never silently cut.
import { logExcerpt } from './logExcerpt.js';
import { countTokens } from './tokenCount.js';

export const DEFAULT_TOKEN_BUDGET = 400;
export const MIN_TOKEN_BUDGET = 100;
export const MAX_TOKEN_BUDGET = 4000;

/** Tokens a text costs the model (GPT-style BPE, close to what small open models use). */
export function estimateTokens(text: string): number {
  // The BPE encoder grows with the square of long runs of one character: count in linear time.
  return countTokens(text);
}

/** List sizes tried, largest first, until the rendered result fits the budget. */
const STEPS = [50, 30, 20, 12, 8, 5, 3, 2, 1, 0];

/**
 * Builds a result showing at most `limit` list items, trying smaller limits until its rendering fits
 * `budget` tokens. `build` must say how many items it left out (see moreNote), so nothing is cut silently.
 */
export function fitToBudget<T>(build: (limit: number) => T, render: (value: T) => string, budget: number): T {
  let last: T | undefined;
  for (const limit of STEPS) {
    last = build(limit);
    if (estimateTokens(render(last)) <= budget) return last;
  }
  return last as T;
}

/** "and 212 more — narrow with label_selector", or undefined when nothing was left out. */
export function moreNote(total: number, shown: number, hint: string): string | undefined {
  const left = total - shown;
  return left > 0 ? `and ${left} more — ${hint}` : undefined;
}

/** Counts per key, largest first: {CrashLoopBackOff: 3, Running: 210}. */
export function countBy<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
}

/** Clips one long string to `max` characters, saying how much was clipped. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (+${text.length - max} chars)`;
}

/**
 * Half of a list, keeping what matters for its kind: log lines keep the error lines and the newest ones (with
 * "… N lines omitted …"); every other list keeps its head, because tools list the decisive items first (the
 * alerted and failing containers, abnormal conditions, the target's warnings).
 */
function halve(path: string, list: unknown[], render: (value: unknown) => string): unknown[] {
  if (/(^|\.)lines$/.test(path) && list.every((line) => typeof line === 'string')) {
    const half = Math.floor(estimateTokens(render(list)) / 2);
    const excerpt = logExcerpt(list as string[], half).lines;
    if (excerpt.length < list.length) return excerpt;
  }
  return list.slice(0, Math.max(1, Math.floor(list.length / 2)));
}

/**
 * The last guard of every result: while its rendering is over the budget, halve its longest list (deep) by
 * relevance (see halve), and say so in the summary — shortened, never silently cut. Tools summarise their own
 * lists first; this catches the rest (many containers, conditions, quota lines…).
 */
export function enforceBudget(
  facts: Record<string, unknown>,
  render: (value: unknown) => string,
  budget: number,
): Record<string, unknown> {
  if (estimateTokens(render(facts)) <= budget) return facts;
  const copy = structuredClone(facts);
  const cuts = new Map<string, { from: number; to: number }>();
  for (let round = 0; round < 40 && estimateTokens(render(copy)) > budget; round++) {
    const longest = longestList(copy, '');
    if (!longest || longest.list.length <= 1) break;
    const from = cuts.get(longest.path)?.from ?? longest.list.length;
    const kept = halve(longest.path, longest.list, render);
    longest.list.splice(0, longest.list.length, ...kept);
    cuts.set(longest.path, { from, to: longest.list.length });
  }
  if (cuts.size && typeof copy.summary === 'string') {
    const said = [...cuts].map(([path, c]) => `${path} ${c.to} of ${c.from}`).join(', ');
    copy.summary = `${copy.summary} (shortened to fit ${budget} tokens: ${said}; raise token_budget to see all)`;
  }
  return copy;
}

function longestList(value: unknown, path: string): { path: string; list: unknown[] } | undefined {
  let best: { path: string; list: unknown[]; size: number } | undefined;
  const visit = (node: unknown, at: string) => {
    if (Array.isArray(node)) {
      const size = JSON.stringify(node).length;
      if (node.length > 1 && (!best || size > best.size)) best = { path: at, list: node, size };
      node.forEach((child) => visit(child, at));
    } else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) visit(child, at ? `${at}.${key}` : key);
    }
  };
  visit(value, path);
  return best;
}
