import { describe, expect, it } from 'vitest';
import { labelSelectorMatches } from '../../src/cluster/labelSelector.js';

const webapp = { app: 'webapp', tier: 'web', 'pod-template-hash': '5d8f7b9c4' };

describe('label selectors, as the Kubernetes API defines them', () => {
  it('a Deployment with no selector selects no pods; an empty selector selects every pod', () => {
    expect(labelSelectorMatches(undefined, webapp)).toBe(false);
    expect(labelSelectorMatches({}, webapp)).toBe(true);
    expect(labelSelectorMatches({}, undefined)).toBe(true);
  });

  it('matchLabels needs every label', () => {
    expect(labelSelectorMatches({ matchLabels: { app: 'webapp' } }, webapp)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'webapp', tier: 'db' } }, webapp)).toBe(false);
  });

  it.each([
    [{ key: 'tier', operator: 'In', values: ['web', 'api'] }, true],
    [{ key: 'tier', operator: 'In', values: ['db'] }, false],
    [{ key: 'tier', operator: 'NotIn', values: ['db'] }, true],
    [{ key: 'missing', operator: 'NotIn', values: ['db'] }, true],
    [{ key: 'tier', operator: 'NotIn', values: ['web'] }, false],
    [{ key: 'app', operator: 'Exists' }, true],
    [{ key: 'missing', operator: 'Exists' }, false],
    [{ key: 'missing', operator: 'DoesNotExist' }, true],
    [{ key: 'app', operator: 'DoesNotExist' }, false],
    [{ key: 'app', operator: 'Sideways' }, false],
    [{ key: 'constructor', operator: 'Exists' }, false],
  ])('matchExpressions %j → %s', (expression, expected) => {
    expect(labelSelectorMatches({ matchExpressions: [expression] }, webapp)).toBe(expected);
  });
});
