// Deterministic names, hashes and IDs that look like the ones a real cluster hands out.
import { createHash } from 'node:crypto';

/** The alphabet Kubernetes uses for generated name suffixes and pod-template-hash (no vowels, no 0/1/3). */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same cluster. */
export class Random {
  private state: number;

  constructor(seed: string | number) {
    this.state = typeof seed === 'number' ? seed >>> 0 : fnv32a(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** A generated-name suffix like "x7k2p". */
  suffix(length = 5): string {
    let out = '';
    for (let i = 0; i < length; i++) out += SAFE[Math.floor(this.next() * SAFE.length)];
    return out;
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length)
      out += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length);
  }

  uid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The pod-template-hash the Deployment controller derives from a pod template (FNV-32a, safe-encoded). */
export function podTemplateHash(template: unknown): string {
  const digits = String(fnv32a(JSON.stringify(template)));
  let out = '';
  for (const ch of digits) out += SAFE[ch.charCodeAt(0) % SAFE.length];
  return out;
}

/** A stable 64-hex digest (container IDs, image digests). */
export function digest(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}
