// A log excerpt that keeps what explains a failure: error/fatal/exception/panic/OOM lines and the newest lines,
// in their order, with "… N lines omitted …" where lines were left out.
import { countTokens } from './tokenCount.js';

/** Lines that usually say why a process failed. */
const DECISIVE =
  /\b(error|errors|err|fatal|exception|panic|panicked|oom|out of memory|oomkilled|killed|traceback|segmentation fault|sigsegv|refused|timed? ?out|denied|unauthorized|forbidden|failed|failure|cannot|unable|crash(ed)?)\b/i;

const MARKER = /^… (\d+) lines? omitted …$/;

export function isDecisiveLine(line: string): boolean {
  return DECISIVE.test(line);
}

function omittedMarker(count: number): string {
  return `… ${count} line${count === 1 ? '' : 's'} omitted …`;
}

/** How many original lines an item stands for: 1, or the count of an earlier marker. */
function weightOf(line: string): number {
  const marker = MARKER.exec(line);
  return marker ? Number(marker[1]) : 1;
}

/**
 * The lines worth `room` tokens: the newest line, then decisive lines newest first, then the newest of the rest;
 * oldest first as in the log, each gap told as one marker line. Markers from an earlier cut are merged.
 */
export function logExcerpt(lines: string[], room: number): { lines: string[]; omitted: number } {
  const real = lines.map((line, index) => ({ line, index, weight: weightOf(line) }));
  const candidates = real.filter((item) => !MARKER.test(item.line));
  const total = real.reduce((sum, item) => sum + item.weight, 0);
  const newestFirst = [...candidates].reverse();
  const order = [
    ...newestFirst.slice(0, 1),
    ...newestFirst.slice(1).filter((item) => isDecisiveLine(item.line)),
    ...newestFirst.slice(1).filter((item) => !isDecisiveLine(item.line)),
  ];
  const keep = new Set<number>();
  // A marker costs about 8 tokens; leave room for a few.
  let used = 0;
  for (const item of order) {
    const cost = countTokens(item.line) + 2 + (keep.size < 4 ? 8 : 0);
    if (used + cost > room) continue;
    keep.add(item.index);
    used += cost;
  }
  const out: string[] = [];
  let gap = 0;
  let kept = 0;
  for (const item of real) {
    if (keep.has(item.index)) {
      if (gap) out.push(omittedMarker(gap));
      gap = 0;
      out.push(item.line);
      kept += 1;
    } else gap += item.weight;
  }
  if (gap) out.push(omittedMarker(gap));
  return { lines: out, omitted: total - kept };
}
