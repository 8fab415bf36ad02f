// The layout's promises, checked on every run: imports run downwards only, no cycle, no React outside src/ui.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, srcRoot } from './importGraph.js';

// Lowest first: a module may import only from its own layer or from the layers before it.
const layers = [
  'errors',
  'terminal',
  'http',
  'config',
  'cluster',
  'alerts',
  'metrics',
  'audit',
  'proposal',
  'mcp',
  'actions',
  'agent',
  'sandbox',
  'session',
  'output',
  'eval',
  'ui',
  'cli',
];

const layerOf = (file: string): string =>
  file.includes('/') ? (file.split('/')[0] ?? file) : file.replace(/\.tsx?$/, '');

describe('the source layout', () => {
  const graph = importGraph();

  it('puts every top-level module in a known layer', () => {
    const unknown = [...new Set([...graph.keys()].map(layerOf))].filter((layer) => !layers.includes(layer));
    expect(unknown).toEqual([]);
  });

  it('never imports from a higher layer', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => layers.indexOf(layerOf(target)) > layers.indexOf(layerOf(file)))
        .map((target) => `${file} -> ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('keeps every file under 400 lines, apart from scenario data and builders', () => {
    const scenarioData = /^sandbox\/scenarios\/(?:build|authoring)\//;
    const long = [...graph.keys()]
      .filter((file) => !scenarioData.test(file))
      .map((file) => [file, readFileSync(join(srcRoot, file), 'utf8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines > 400)
      .map(([file, lines]) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('keeps React and Ink inside src/ui', () => {
    const outside = [...graph.keys()]
      .filter((file) => !file.startsWith('ui/'))
      .filter((file) =>
        /from '(?:react|ink)(?:\/[^']*)?'|import\('(?:react|ink)'\)/.test(
          readFileSync(join(srcRoot, file), 'utf8'),
        ),
      );
    expect(outside).toEqual([]);
  });
});
