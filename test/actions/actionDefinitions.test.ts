// The action contract as the model and the approval screen see it: a snapshot of every action's name, parameter
// JSON schema, words, example, target kinds and risk, so a changed definition is a reviewed change (`vitest -u`).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ACTION_TYPES, actionCatalogue } from '../../src/actions/catalogue/index.js';

describe('action definitions', () => {
  it('match the reviewed snapshot', () => {
    const definitions = ACTION_TYPES.map((type) => {
      const d = actionCatalogue[type];
      return {
        name: d.type,
        // What a model may send (before the schema's own conversions, such as "5" → 5).
        parameters: z.toJSONSchema(d.parameters, { io: 'input', unrepresentable: 'any' }),
        summary: d.summary,
        example: d.example,
        targetKinds: d.targetKinds,
        risk: d.risk,
        destructive: d.destructive,
        writes: d.writes,
        addsLoad: d.addsLoad,
        changes: d.changes,
        revert: d.revert,
      };
    });
    expect(definitions).toMatchSnapshot();
  });

  it('give examples their own schema accepts', () => {
    for (const type of ACTION_TYPES) {
      const d = actionCatalogue[type];
      expect(d.parameters.safeParse(d.example).error?.issues ?? [], type).toEqual([]);
    }
  });
});
