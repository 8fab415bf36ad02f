import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatBytes,
  formatCount,
  formatCpu,
  formatUsage,
  humanizeQuantity,
  parseQuantity,
  percentOf,
  tryParseQuantity,
} from '../../src/cluster/quantity.js';

describe('parseQuantity', () => {
  it('reads binary memory suffixes', () => {
    expect(parseQuantity('8Gi')).toBe(8 * 2 ** 30);
    expect(parseQuantity('7782Mi')).toBe(7782 * 2 ** 20);
    expect(parseQuantity('512Ki')).toBe(512 * 1024);
    expect(parseQuantity('1Ti')).toBe(2 ** 40);
    expect(parseQuantity('1.5Gi')).toBe(1.5 * 2 ** 30);
  });

  it('reads millicores, plain cores and decimal SI', () => {
    expect(parseQuantity('250m')).toBeCloseTo(0.25);
    expect(parseQuantity('2')).toBe(2);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('10G')).toBe(10e9);
    expect(parseQuantity('500M')).toBe(500e6);
    expect(parseQuantity('1k')).toBe(1000);
    expect(parseQuantity('100n')).toBeCloseTo(1e-7);
    expect(parseQuantity('12e6')).toBe(12e6);
    expect(parseQuantity('1E3')).toBe(1000);
    expect(parseQuantity('-1')).toBe(-1);
    expect(parseQuantity(3)).toBe(3);
  });

  it('rejects text that is not a quantity', () => {
    expect(tryParseQuantity('8 GB')).toBeUndefined();
    expect(tryParseQuantity('Gi')).toBeUndefined();
    expect(tryParseQuantity('1Gb')).toBeUndefined();
    expect(tryParseQuantity('')).toBeUndefined();
    expect(tryParseQuantity(undefined)).toBeUndefined();
    expect(() => parseQuantity('lots')).toThrow(/not a Kubernetes quantity/);
  });
});

describe('formatting', () => {
  it('formats bytes in the largest binary unit', () => {
    expect(formatBytes(8 * 2 ** 30)).toBe('8Gi');
    expect(formatBytes(7782 * 2 ** 20)).toBe('7.6Gi');
    expect(formatBytes(512 * 2 ** 20)).toBe('512Mi');
    expect(formatBytes(300)).toBe('300');
    expect(formatBytes(1023.97 * 2 ** 20)).toBe('1Gi');
    expect(formatBytes(-2 * 2 ** 30)).toBe('-2Gi');
  });

  it('formats CPU as millicores below a core', () => {
    expect(formatCpu(0.25)).toBe('250m');
    expect(formatCpu(1.5)).toBe('1.5');
    expect(formatCpu(4)).toBe('4');
    expect(formatCpu(0)).toBe('0');
  });

  it('formats counts with SI shorthand when large', () => {
    expect(formatCount(110)).toBe('110');
    expect(formatCount(30000)).toBe('30k');
  });

  it("says usage the design's way", () => {
    expect(formatUsage(parseQuantity('7782Mi'), parseQuantity('8Gi'), 'memory')).toBe('7.6Gi/8Gi (95%)');
    expect(formatUsage(parseQuantity('500m'), parseQuantity('2'), 'cpu')).toBe('500m/2 (25%)');
    expect(formatUsage(parseQuantity('1Gi'), undefined, 'memory')).toBe('1Gi (no limit)');
    expect(percentOf(1, 0)).toBeUndefined();
    expect(humanizeQuantity('7782Mi', 'memory')).toBe('7.6Gi');
    expect(humanizeQuantity('n/a', 'memory')).toBe('n/a');
  });

  it('round-trips formatted memory within rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1024, max: 2 ** 50 }), (bytes) => {
        const back = parseQuantity(formatBytes(bytes));
        expect(Math.abs(back - bytes) / bytes).toBeLessThan(0.05);
      }),
    );
  });
});
