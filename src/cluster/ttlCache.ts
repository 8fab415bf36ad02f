// A time-to-live cache of API reads shared by every tool call; concurrent asks for one key share one request.

export class TtlCache<T> {
  private readonly entries = new Map<string, { expires: number; value: Promise<T> }>();
  hits = 0;
  misses = 0;

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number = () => Date.now(),
    private readonly maxEntries = 2000,
  ) {}

  /** The cached value for `key`, or the result of `load()` kept for ttlMs; a failed load is not kept. */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && entry.expires > now) {
      this.hits += 1;
      return entry.value;
    }
    this.misses += 1;
    const value = load();
    if (this.ttlMs > 0) {
      if (this.entries.size >= this.maxEntries) this.evictExpired(now);
      // Shared while in flight; the TTL counts from when the answer arrived (a big list can take longer than the TTL).
      const entry = { expires: Number.POSITIVE_INFINITY, value };
      this.entries.set(key, entry);
      value.then(
        () => {
          entry.expires = this.now() + this.ttlMs;
        },
        () => {
          if (this.entries.get(key) === entry) this.entries.delete(key);
        },
      );
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key);
    // Still full of live entries: drop the oldest inserted.
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
