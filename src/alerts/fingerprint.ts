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
  const names = Object.keys(labels).sort(compareUtf8);
  let hi = OFFSET_HI;
  let lo = OFFSET_LO;
  const add = (bytes: Uint8Array | number[]): void => {
    for (const byte of bytes) {
      lo = (lo ^ byte) >>> 0;
      // (hi·2^32 + lo) · (2^40 + 0x1b3) mod 2^64, with every partial product exact in a double.
      const loProduct = lo * 0x1b3;
      const carry = Math.floor(loProduct / 0x100000000);
      hi = (hi * 0x1b3 + ((lo << 8) >>> 0) + carry) >>> 0;
      lo = loProduct >>> 0;
    }
  };
  for (const name of names) {
    add(encoder.encode(name));
    add([SEPARATOR]);
    add(encoder.encode(labels[name] ?? ''));
    add([SEPARATOR]);
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** Go's string order: byte-wise over UTF-8, which differs from JavaScript's UTF-16 order above U+FFFF. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(encoder.encode(a), encoder.encode(b));
}
