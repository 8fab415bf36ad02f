// Checks the evidence lines a recommendation cites against the tool results: a line none of them supports is marked.
import { tryParseQuantity } from '../cluster/quantity.js';
import type { ToolResult } from './toolRunner.js';

/** Words too common to show that a line came from the evidence. */
const STOP = new Set(
  'the a an of to in on at for and or is are was were be been it its by with from as no not than that this there has have had'.split(
    ' ',
  ),
);

/** Quantities like 7.6Gi, 512Mi, 500m, 95%, 1.2 and plain counts, normalised to one number each. */
const QUANTITY = /(?<![\w.])(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G|T|m|%)?(?![\w.])/g;

function quantities(text: string): number[] {
  return [...text.matchAll(QUANTITY)]
    .map(([, n, unit]) => (unit === '%' ? Number(n) : tryParseQuantity(`${n}${unit ?? ''}`)))
    .filter((v): v is number => v !== undefined);
}

/** Names: words with a dash, dot, slash or digit (pods, nodes, images, reasons like CrashLoopBackOff). */
function names(text: string): string[] {
  return (text.match(/[A-Za-z][\w./:-]*[\w]/g) ?? [])
    .filter((word) => /[-./:\d]/.test(word) || /[a-z][A-Z]/.test(word))
    .map((word) => word.toLowerCase());
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z0-9-]{2,}/g) ?? []).filter((w) => !STOP.has(w));
}

/** Same number, allowing the rounding formatting adds (7.6Gi vs 8160437862 bytes, 95% vs 95.2%). */
function sameNumber(a: number, b: number): boolean {
  if (a === b) return true;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale > 0 && Math.abs(a - b) / scale <= 0.02;
}

function supportedBy(line: string, corpus: { text: string; numbers: number[] }): boolean {
  const cited = quantities(line);
  if (cited.some((n) => !corpus.numbers.some((m) => sameNumber(n, m)))) return false;
  const citedNames = names(line);
  if (citedNames.some((name) => !corpus.text.includes(name))) return false;
  // A line of plain words must share most of them with the evidence.
  const plain = words(line);
  if (cited.length === 0 && citedNames.length === 0) {
    if (plain.length === 0) return true;
    return plain.filter((w) => corpus.text.includes(w)).length / plain.length >= 0.6;
  }
  return true;
}

/**
 * The cited evidence lines that no tool result supports: every number in the line (formatting-tolerant),
 * every name (pods, nodes, images, reasons) must appear in the results, and a plain-words line must mostly.
 */
export function checkCitations(evidence: string[], results: ToolResult[]): { unsupported: string[] } {
  const texts = results
    .filter((r) => r.ok)
    .map((r) => `${r.text}\n${r.structured ? JSON.stringify(r.structured) : ''}`);
  const text = texts.join('\n').toLowerCase();
  const corpus = { text, numbers: quantities(texts.join('\n')) };
  return { unsupported: evidence.filter((line) => !supportedBy(line, corpus)) };
}
