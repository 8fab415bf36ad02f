// Eval scores the recommendation the session shows: an infeasible model answer earns nothing and is listed as refused.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/config/settings.js';
import { runEval } from '../../src/eval/runEval.js';
import type { RunScore } from '../../src/eval/score.js';
import { beyondBound, citingInvented } from '../helpers/modelAnswers.js';
import { startScriptedOllama, type ScriptedOllama, type ScriptedTurn } from '../helpers/scriptedOllama.js';

const webappMemory = fileURLToPath(new URL('../../scenarios/webapp-memory', import.meta.url));
const turnOf = (script: { turns: unknown[] }) => script.turns[0] as ScriptedTurn;

describe('eval of checked recommendations', { timeout: 120_000 }, () => {
  let ollama: ScriptedOllama;
  beforeAll(async () => {
    ollama = await startScriptedOllama({
      models: [
        { name: 'beyond:2b', capabilities: ['completion', 'tools'] },
        { name: 'sound:2b', capabilities: ['completion', 'tools'] },
      ],
      turns: [
        (request) => (request.body.model === 'beyond:2b' ? turnOf(beyondBound()) : turnOf(citingInvented())),
      ],
      whenExhausted: 'repeat_last',
    });
  });
  afterAll(async () => {
    await ollama.close();
  });

  it('a model answer beyond the ×2 bound is not what is scored: the rules’ shown answer is, and earns the model nothing', async () => {
    const settings = resolveSettings({ env: {}, file: {}, flags: { ollamaHost: ollama.url } });
    const progress = runEval({
      models: ['beyond:2b', 'sound:2b', 'rules'],
      scenarios: [webappMemory],
      runs: 1,
      prefetch: true,
      settings,
    });
    const scores: RunScore[] = [];
    for await (const step of progress) if (step.type === 'run_finished') scores.push(step.score);
    const [beyond, sound, rules] = scores as [RunScore, RunScore, RunScore];

    expect(beyond).toMatchObject({ model: 'beyond:2b', action: 'increase_resources', source: 'rules' });
    expect(beyond.refused).toEqual([
      expect.stringMatching(/^increase_resources: .*8Gi → 32Gi is beyond the policy bound/),
    ]);
    expect(beyond.decision.accepted).toBe(false);

    // A feasible model answer is scored as the model's, and the rules alone still score as before.
    expect(sound).toMatchObject({ model: 'sound:2b', source: 'model', refused: [] });
    expect(sound.decision).toMatchObject({ accepted: true, preferred: true, unsafe: false });
    expect(rules).toMatchObject({ source: 'rules', refused: [], decision: { accepted: true } });
  });
});
