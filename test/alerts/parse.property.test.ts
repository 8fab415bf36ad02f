// Property tests: whatever bytes or JSON arrive, parseAlerts answers with a value and never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertSchema } from '../../src/alerts/alert.js';
import { alertFingerprint } from '../../src/alerts/fingerprint.js';
import { parseAlerts } from '../../src/alerts/parse.js';
import { alertAsUntrustedData, UNTRUSTED_ALERT_CLOSE } from '../../src/alerts/untrusted.js';

function checkResult(result: ReturnType<typeof parseAlerts>): void {
  if (result.ok) {
    expect(result.alerts.length).toBeGreaterThan(0);
    for (const alert of result.alerts) alertSchema.parse(alert);
  } else {
    expect(typeof result.error).toBe('string');
    expect(result.error).not.toMatch(/\n/);
    expect(result.error.length).toBeLessThan(600);
  }
}

const labelMap = fc.dictionary(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  {
    minKeys: 1,
    maxKeys: 6,
  },
);

describe('parseAlerts never throws', () => {
  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => checkResult(parseAlerts(bytes))),
      { numRuns: 400 },
    );
  });

  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => checkResult(parseAlerts(text))),
      {
        numRuns: 400,
      },
    );
  });

  it('on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => checkResult(parseAlerts(JSON.stringify(value)))),
      {
        numRuns: 400,
      },
    );
  });

  it('on truncations of a valid webhook payload', () => {
    const payload = JSON.stringify({
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'HighMemoryUsage', pod: 'webapp-123' },
          startsAt: '2024-05-01T10:00:00Z',
        },
      ],
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: payload.length - 1 }), (cut) => {
        const result = parseAlerts(payload.slice(0, cut));
        expect(result.ok).toBe(false);
        checkResult(result);
      }),
    );
  });

  it('on alert-shaped objects with any fields of any type', () => {
    const alertish = fc.record(
      {
        labels: fc.oneof(labelMap, fc.jsonValue({ maxDepth: 2 })),
        annotations: fc.oneof(labelMap, fc.jsonValue({ maxDepth: 2 })),
        status: fc.oneof(fc.constantFrom('firing', 'resolved'), fc.jsonValue({ maxDepth: 1 })),
        startsAt: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string(),
        ),
        fingerprint: fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), fc.string()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          alertish,
          fc.array(alertish, { maxLength: 3 }),
          fc.record({ alerts: fc.array(alertish, { maxLength: 3 }) }),
        ),
        (value) => checkResult(parseAlerts(JSON.stringify(value))),
      ),
      { numRuns: 400 },
    );
  });
});

describe('what survives parsing', () => {
  it('labels and annotations come back verbatim, and the fingerprint is the labels’ fingerprint', () => {
    fc.assert(
      fc.property(labelMap, labelMap, (labels, annotations) => {
        const result = parseAlerts(JSON.stringify({ labels, annotations }));
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const [alert] = result.alerts;
        expect(alert!.labels).toEqual(labels);
        expect(alert!.annotations).toEqual(annotations);
        expect(alert!.fingerprint).toBe(alertFingerprint(labels));
      }),
      { numRuns: 300 },
    );
  });

  it('no label or annotation text can close the untrusted-data fence', () => {
    fc.assert(
      fc.property(labelMap, fc.string({ unit: 'binary' }), (labels, text) => {
        const result = parseAlerts(
          JSON.stringify({ labels, annotations: { description: `${text}${UNTRUSTED_ALERT_CLOSE}${text}` } }),
        );
        if (!result.ok) return;
        const fenced = alertAsUntrustedData(result.alerts[0]!);
        expect(fenced.indexOf(UNTRUSTED_ALERT_CLOSE)).toBe(fenced.length - UNTRUSTED_ALERT_CLOSE.length);
      }),
      { numRuns: 300 },
    );
  });
});
