// AlertManager's alert fingerprint: Prometheus' LabelSet.Fingerprint (FNV-1a 64 over sorted labels), as hex.
const FNV_OFFSET_64 = 0xcbf29ce484222325n;
const FNV_PRIME_64 = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;
/** Prometheus' label separator byte, which can never occur in valid UTF-8 text. */
const SEPARATOR = 0xff;

const encoder = new TextEncoder();

/**
 * The fingerprint AlertManager gives an alert with these labels: label names sorted by their UTF-8 bytes,
 * then for each `name 0xff value 0xff` hashed with FNV-1a 64, printed as 16 lower-case hex digits.
 */
export function alertFingerprint(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort(compareUtf8);
  let hash = FNV_OFFSET_64;
  const add = (byte: number): void => {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME_64) & MASK_64;
  };
  for (const name of names) {
    for (const byte of encoder.encode(name)) add(byte);
    add(SEPARATOR);
    for (const byte of encoder.encode(labels[name] ?? '')) add(byte);
    add(SEPARATOR);
  }
  return hash.toString(16).padStart(16, '0');
}

/** Go's string order: byte-wise over UTF-8, which differs from JavaScript's UTF-16 order above U+FFFF. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(encoder.encode(a), encoder.encode(b));
}
