// Metrics history in OpenMetrics text (what promtool backfills): written from points, and a scenario's
// metrics/*.om read with its timestamps moved like every other scenario timestamp.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface HistorySeries {
  name: string;
  labels: Record<string, string>;
  /** [unix seconds, value], oldest first. */
  points: Array<[number, number]>;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** OpenMetrics text of the series, grouped by metric name (families must not interleave), ending `# EOF`. */
export function toOpenMetrics(series: HistorySeries[]): string {
  const byName = new Map<string, HistorySeries[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const lines: string[] = [];
  for (const [name, family] of byName) {
    for (const s of family) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      for (const [t, v] of s.points) lines.push(`${name}${labels ? `{${labels}}` : ''} ${v} ${t}`);
    }
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

/** The end of a sample's name and labels: the first space outside a quoted label value. */
function endOfSeries(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ' ' && !quoted) return i;
  }
  return -1;
}

/**
 * The text with every sample's timestamp (unix seconds, after the value) moved by `offsetMs`; comments,
 * exemplars and samples without a timestamp stay as written.
 */
export function shiftOpenMetrics(text: string, offsetMs: number): string {
  if (offsetMs === 0) return text;
  const offset = offsetMs / 1000;
  return text
    .split('\n')
    .map((line) => {
      if (!line || line.startsWith('#')) return line;
      const at = endOfSeries(line);
      if (at < 0) return line;
      const [sample, ...exemplar] = line.slice(at + 1).split(' # ');
      const parts = (sample ?? '').trim().split(/\s+/);
      if (parts.length < 2) return line;
      const stamp = Number(parts[1]);
      if (!Number.isFinite(stamp)) return line;
      const moved = Math.round((stamp + offset) * 1000) / 1000;
      return [`${line.slice(0, at)} ${parts[0]} ${moved}`, ...exemplar].join(' # ');
    })
    .join('\n');
}

/**
 * A scenario folder's metrics/*.om, each shifted by `offsetMs` (the offset its loader moves `now` by),
 * sorted by file name; none when the folder has no metrics history.
 */
export async function readScenarioMetrics(
  scenarioDir: string,
  offsetMs: number,
): Promise<Array<{ file: string; text: string }>> {
  const dir = path.join(scenarioDir, 'metrics');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.om')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return Promise.all(
    names.map(async (name) => ({
      file: path.join('metrics', name),
      text: shiftOpenMetrics(await readFile(path.join(dir, name), 'utf8'), offsetMs),
    })),
  );
}
