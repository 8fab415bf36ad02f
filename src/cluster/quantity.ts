// Kubernetes resource quantities: parse "7782Mi", "250m", "1.5", "2e3", "10G" and format them back for people.

/** Which unit a formatted quantity speaks: bytes (Ki/Mi/Gi/Ti), CPU cores (m), or a plain count. */
export type QuantityKind = 'memory' | 'cpu' | 'count';

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

// Kubernetes' own grammar: sign, digits with an optional fraction, then a binary suffix, a decimal suffix
// or an exponent (e/E followed by a signed integer).
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E)?)$/;

/** The value of a quantity in base units (bytes, cores, items), or undefined when it is not a quantity. */
export function tryParseQuantity(text: string | number | undefined | null): number | undefined {
  if (text === undefined || text === null) return undefined;
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, sign, digits, binary, exponent, decimal] = match;
  let value = Number(digits);
  if (binary) value *= BINARY[binary] as number;
  else if (exponent) value *= 10 ** Number(exponent.slice(1));
  else value *= DECIMAL[decimal ?? ''] as number;
  return sign === '-' ? -value : value;
}

/** The value of a quantity in base units; throws on text that is not a Kubernetes quantity. */
export function parseQuantity(text: string | number): number {
  const value = tryParseQuantity(text);
  if (value === undefined) throw new Error(`not a Kubernetes quantity: ${JSON.stringify(text)}`);
  return value;
}

/** Rounds to one decimal when below 100 in the unit, to an integer above; "7.6", "8", "512". */
function shortNumber(value: number): string {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return String(rounded);
}

/** Bytes in the largest binary unit that keeps the number at 1 or more: "7.6Gi", "512Mi", "300". */
export function formatBytes(bytes: number): string {
  const units = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  if (value < 1024) return `${sign}${Math.round(value)}`;
  let unit = -1;
  while (unit < units.length - 1 && value >= 1024) {
    value /= 1024;
    unit += 1;
  }
  // 1023.96Mi rounds to 1024Mi: say 1Gi instead.
  if (Number(shortNumber(value)) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${sign}${shortNumber(value)}${units[unit]}`;
}

/** CPU cores the way kubectl shows them: millicores below one core ("250m"), cores above ("1.5", "4"). */
export function formatCpu(cores: number): string {
  const sign = cores < 0 ? '-' : '';
  const value = Math.abs(cores);
  if (value === 0) return '0';
  if (value < 1) return `${sign}${Math.max(1, Math.round(value * 1000))}m`;
  return `${sign}${Math.round(value * 100) / 100}`;
}

/** A plain count with decimal SI shorthand above ten thousand: "110", "12.5k". */
export function formatCount(count: number): string {
  const value = Math.abs(count);
  const sign = count < 0 ? '-' : '';
  if (value < 10_000) return `${sign}${Math.round(value * 100) / 100}`;
  if (value < 1e6) return `${sign}${shortNumber(value / 1e3)}k`;
  if (value < 1e9) return `${sign}${shortNumber(value / 1e6)}M`;
  return `${sign}${shortNumber(value / 1e9)}G`;
}

/** A quantity in base units formatted for its kind. */
export function formatQuantity(value: number, kind: QuantityKind): string {
  switch (kind) {
    case 'memory':
      return formatBytes(value);
    case 'cpu':
      return formatCpu(value);
    case 'count':
      return formatCount(value);
  }
}

/** Whole percent of used over total; undefined when there is no total to compare with. */
export function percentOf(used: number, total: number): number | undefined {
  if (!(total > 0)) return undefined;
  return Math.round((used / total) * 100);
}

/** The design's usage fact: "7.6Gi/8Gi (95%)"; "7.6Gi (no limit)" when there is no total. */
export function formatUsage(used: number, total: number | undefined, kind: QuantityKind): string {
  if (total === undefined || !(total > 0)) return `${formatQuantity(used, kind)} (no limit)`;
  return `${formatQuantity(used, kind)}/${formatQuantity(total, kind)} (${percentOf(used, total)}%)`;
}

/** Re-formats a quantity text for people ("7782Mi" → "7.6Gi"); text that is not a quantity is returned as is. */
export function humanizeQuantity(text: string, kind: QuantityKind): string {
  const value = tryParseQuantity(text);
  return value === undefined ? text : formatQuantity(value, kind);
}
