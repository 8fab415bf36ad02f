// Scenario metrics history: OpenMetrics timestamps move with the scenario's now, nothing else changes.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenarioMetrics, shiftOpenMetrics, toOpenMetrics } from '../../src/metrics/openMetrics.js';

describe('OpenMetrics history', () => {
  it('writes series grouped by name, ending with # EOF', () => {
    const text = toOpenMetrics([
      { name: 'a', labels: { pod: 'p"1' }, points: [[100, 1]] },
      { name: 'b', labels: {}, points: [[100, 2]] },
      { name: 'a', labels: { pod: 'p2' }, points: [[100, 3]] },
    ]);
    expect(text).toBe('a{pod="p\\"1"} 1 100\na{pod="p2"} 3 100\nb 2 100\n# EOF\n');
  });

  it('moves every sample timestamp by the offset, keeping comments, values and labels with spaces', () => {
    const text = [
      '# HELP m memory',
      'm{pod="a b",x="}"} 42 1749738600',
      'm{pod="c"} 7.5 1749738660.5 # {trace="t"} 1 1749738660',
      'n 3',
      '# EOF',
    ].join('\n');
    expect(shiftOpenMetrics(text, 3600_000).split('\n')).toEqual([
      '# HELP m memory',
      'm{pod="a b",x="}"} 42 1749742200',
      'm{pod="c"} 7.5 1749742260.5 # {trace="t"} 1 1749738660',
      'n 3',
      '# EOF',
    ]);
  });

  it("reads a scenario folder's metrics/*.om shifted, and nothing when it has none", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kopilot-om-'));
    try {
      expect(await readScenarioMetrics(dir, 1000)).toEqual([]);
      await mkdir(join(dir, 'metrics'));
      await writeFile(join(dir, 'metrics', 'memory.om'), 'm 1 100\n# EOF\n');
      await writeFile(join(dir, 'metrics', 'notes.txt'), 'ignored');
      expect(await readScenarioMetrics(dir, 60_000)).toEqual([
        { file: join('metrics', 'memory.om'), text: 'm 1 160\n# EOF\n' },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
