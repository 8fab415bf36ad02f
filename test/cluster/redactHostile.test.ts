// Hostile shapes of text cannot break redaction: long runs and deeply nested key=value chains come back whole.
import { describe, expect, it } from 'vitest';
import { redactText } from '../../src/cluster/redact.js';

describe('redaction of hostile text', () => {
  it.each([
    ['a run of one letter', 'a'.repeat(200_000)],
    ['letters and dots', 'a.'.repeat(100_000)],
    ['a chain of key=value', 'x='.repeat(100_000)],
    ['a chain of key: value', 'k: '.repeat(60_000)],
    ['repeated flags', '--flag '.repeat(30_000)],
  ])('%s (200 KB) comes back unchanged, without a stack overflow', (_name, text) => {
    expect(redactText(text)).toBe(text);
  });

  it('still redacts a credential after such a run, and inside a nested chain', () => {
    expect(redactText(`${'a.'.repeat(50_000)} password=hunter22`)).toMatch(/password=\[REDACTED\]$/);
    expect(redactText('opts=db=password=hunter22')).toBe('opts=db=password=[REDACTED]');
  });
});
