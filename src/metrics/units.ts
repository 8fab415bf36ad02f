// Metric values the way an on-call engineer reads them: 7.6Gi, 250m cores, 45%, 3 restarts.
import type { Unit } from './questions.js';

const BINARY = [
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
] as const;

function trim(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toString();
}

export function formatValue(value: number, unit: Unit): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  switch (unit) {
    case 'bytes': {
      const found = BINARY.find(([, size]) => abs >= size);
      return found ? `${sign}${trim(abs / found[1], 2)}${found[0]}` : `${sign}${trim(abs, 0)}B`;
    }
    case 'cores':
      return abs < 1 ? `${sign}${trim(abs * 1000, 0)}m` : `${sign}${trim(abs, 2)} cores`;
    case 'ratio':
      return `${sign}${trim(abs * 100, 1)}%`;
    case 'count':
      return `${sign}${trim(abs, 1)}`;
    case 'value':
      return abs !== 0 && (abs >= 1e6 || abs < 1e-3) ? value.toPrecision(3) : `${sign}${trim(abs, 3)}`;
  }
}

/** "+1.2Gi" / "-300Mi": a change, always signed. */
export function formatChange(value: number, unit: Unit): string {
  return `${value >= 0 ? '+' : ''}${formatValue(value, unit)}`;
}

/** Hours as "40m", "3h20m", "2d4h". */
export function formatHours(hours: number): string {
  const minutes = Math.round(hours * 60);
  if (minutes < 60) return `${Math.max(minutes, 1)}m`;
  if (minutes < 48 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m ? `${h}h${m}m` : `${h}h`;
  }
  const days = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  return h ? `${days}d${h}h` : `${days}d`;
}
