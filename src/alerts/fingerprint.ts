// AlertManager's alert fingerprint: Prometheus' LabelSet.Fingerprint (FNV-1a 64 over sorted labels), as hex.
// FNV-1a 64 in two 32-bit halves: offset basis 0xcbf29ce484222325, prime 0x100000001b3 = 2^40 + 0x1b3.
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
/** Prometheus' label separator byte, which can never occur in valid UTF-8 text. */
const SEPARATOR = 0xff;

const encoder = new TextEncoder();

/**
 * The fingerprint AlertManager gives an alert with these labels: label names sorted by their UTF-8 bytes,
 * then for each `name 0xff value 0xff` hashed with FNV-1a 64, printed as 16 lower-case hex digits.
 */
export function alertFingerprint(labels: Record<string, string>): string {
  const names = Object.keys(labels);
  // Without surrogate pairs, JavaScript's UTF-16 order is the UTF-8 byte order Go sorts by.
  names.sort(names.some(hasSurrogate) ? compareUtf8 : undefined);
  const state = { hi: OFFSET_HI, lo: OFFSET_LO };
  for (const name of names) {
    addText(state, name);
    addByte(state, SEPARATOR);
    addText(state, labels[name] ?? '');
    addByte(state, SEPARATOR);
  }
  return state.hi.toString(16).padStart(8, '0') + state.lo.toString(16).padStart(8, '0');
}

interface Hash {
  hi: number;
  lo: number;
}

function addByte(state: Hash, byte: number): void {
  const lo = (state.lo ^ byte) >>> 0;
  // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64, with every partial product exact in a double.
  const loProduct = lo * 0x1b3;
  state.hi = (state.hi * 0x1b3 + ((lo << 8) >>> 0) + ((loProduct / 0x100000000) >>> 0)) >>> 0;
  state.lo = loProduct >>> 0;
}

function addText(state: Hash, text: string): void {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) {
      // Not plain ASCII: hash the UTF-8 bytes of the rest.
      for (const byte of encoder.encode(text.slice(i))) addByte(state, byte);
      return;
    }
    addByte(state, code);
  }
}

function hasSurrogate(text: string): boolean {
  return /[\ud800-\udfff]/.test(text);
}

/** Go's string order: byte-wise over UTF-8, which differs from JavaScript's UTF-16 order above U+FFFF. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(encoder.encode(a), encoder.encode(b));
}
