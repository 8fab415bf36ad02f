// Parameter pieces the actions' zod schemas share: counts, Kubernetes quantities, percentages, durations.
import { z } from 'zod';
import { tryParseQuantity } from '../cluster/quantity.js';

/** Numbers a small model writes as text ("5") are numbers; anything else is left for zod to reject. */
const numberFromText = (value: unknown): unknown =>
  typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;

export const count = (what: string) =>
  z.preprocess(
    numberFromText,
    z
      .number({ error: `${what} must be a whole number, e.g. 5` })
      .int(`${what} must be a whole number, e.g. 5`),
  );

/** A Kubernetes quantity such as 12Gi, 512Mi, 500m or 2; "12GB" and "12 Gi" are refused with the fix. */
export const quantity = (kind: 'memory' | 'cpu' | 'storage') => {
  const example = kind === 'cpu' ? '500m or 2' : '12Gi or 512Mi';
  return z
    .union([z.string(), z.number()])
    .transform((value) => String(value).trim())
    .refine((text) => (tryParseQuantity(text) ?? 0) > 0, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a Kubernetes ${kind} quantity; write it like ${example}`,
    });
};

export const percentOrCount = (what: string) =>
  z.preprocess(
    numberFromText,
    z.union([z.number().int().min(0), z.string().regex(/^\d{1,3}%$/)], {
      error: `${what} must be a whole number (e.g. 1) or a percentage (e.g. "50%")`,
    }),
  );

export const noParameters = z.object({}).strict();

/** Go-style durations AlertManager accepts for a silence: "30m", "2h", "1h30m". */
const DURATION = /^(\d+h)?(\d+m)?(\d+s)?$/;
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === '') return undefined;
  const [, h, m, s] = match;
  return (parseInt(h ?? '0', 10) * 3600 + parseInt(m ?? '0', 10) * 60 + parseInt(s ?? '0', 10)) * 1000;
}
