import { describe, expect, it } from 'vitest';
import { clip, countBy, estimateTokens, fitToBudget, moreNote } from '../../src/mcp/budget.js';
import { placePods, rolloutCount } from '../../src/mcp/placement.js';
import { renderFacts } from '../../src/mcp/render.js';

describe('result budgets', () => {
  const pods = Array.from({ length: 230 }, (_, i) => ({
    pod: `webapp-${String(i).padStart(3, '0')}`,
    status: i < 18 ? 'CrashLoopBackOff' : 'Running',
    restarts: i < 18 ? 40 - i : 0,
  }));

  function build(limit: number) {
    const shown = pods.slice(0, limit);
    return {
      summary: `${pods.length} pods`,
      by_status: countBy(pods, (p) => p.status),
      pods: shown,
      more: moreNote(pods.length, shown.length, 'narrow with label_selector'),
    };
  }

  it('shrinks a long list until the answer fits, and says what it left out', () => {
    const result = fitToBudget(build, renderFacts, 400);
    expect(estimateTokens(renderFacts(result))).toBeLessThanOrEqual(400);
    expect(result.pods.length).toBeGreaterThan(0);
    expect(result.more).toBe(`and ${230 - result.pods.length} more — narrow with label_selector`);
    expect(result.by_status).toEqual({ Running: 212, CrashLoopBackOff: 18 });
  });

  it('shows more items with a bigger budget', () => {
    const small = fitToBudget(build, renderFacts, 200);
    const big = fitToBudget(build, renderFacts, 2000);
    expect(big.pods.length).toBeGreaterThan(small.pods.length);
  });

  it('says nothing was left out when everything fits', () => {
    expect(moreNote(3, 3, 'x')).toBeUndefined();
    expect(clip('abcdef', 3)).toBe('abc… (+3 chars)');
  });

  it('renders facts without empty fields', () => {
    expect(renderFacts({ a: 1, b: undefined, c: [], d: {}, e: 'x' })).toBe('a: 1\ne: x');
  });
});

describe('placement', () => {
  it('places pods where they fit, most free memory first, and counts the rest', () => {
    const gi = 2 ** 30;
    const placement = placePods(3, { cpu: 1, memory: 10 * gi }, [
      { name: 'worker-01', cpu: 4, memory: 12 * gi, pods: 10 },
      { name: 'worker-03', cpu: 4, memory: 16 * gi, pods: 10 },
      { name: 'worker-02', cpu: 4, memory: 4 * gi, pods: 10 },
    ]);
    expect([...placement.placed]).toEqual([
      ['worker-03', 1],
      ['worker-01', 1],
    ]);
    expect(placement.unplaced).toBe(1);
  });

  it('reads maxSurge/maxUnavailable as the deployment controller does', () => {
    expect(rolloutCount(undefined, 3, '25%', true)).toBe(1);
    expect(rolloutCount(undefined, 3, '25%', false)).toBe(0);
    expect(rolloutCount('50%', 10, '25%', true)).toBe(5);
    expect(rolloutCount(2, 10, '25%', true)).toBe(2);
  });
});

describe('the server-side budget guard', () => {
  it('halves the longest lists until the answer fits and says so in the summary', async () => {
    const { enforceBudget } = await import('../../src/mcp/budget.js');
    const facts = {
      summary: 'node worker-02',
      conditions: Array.from({ length: 60 }, (_, i) => `Condition${i}=False (reason number ${i})`),
      taints: ['dedicated=db:NoSchedule'],
    };
    const fitted = enforceBudget(facts, renderFacts, 150);
    expect(estimateTokens(renderFacts(fitted))).toBeLessThanOrEqual(150);
    expect((fitted.conditions as string[]).length).toBeLessThan(60);
    expect(fitted.taints).toEqual(['dedicated=db:NoSchedule']);
    expect(fitted.summary).toMatch(/shortened to fit 150 tokens: conditions \d+ of 60; raise token_budget/);
    expect(enforceBudget(facts, renderFacts, 4000)).toBe(facts);
  });
});
