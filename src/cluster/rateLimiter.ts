// A token bucket for API requests: `qps` tokens a second, at most `burst` saved up; callers wait their turn.

export interface RateLimitOptions {
  /** Sustained requests per second. */
  qps: number;
  /** Requests allowed at once before the sustained rate applies. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { qps: 50, burst: 100 };

export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly options: RateLimitOptions = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!(options.qps > 0) || !(options.burst >= 1)) {
      throw new RangeError(
        `rate limit needs qps > 0 and burst >= 1 (got qps ${options.qps}, burst ${options.burst})`,
      );
    }
    this.tokens = options.burst;
    this.last = this.now();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.last) / 1000) * this.options.qps);
    this.last = now;
  }

  /** Tokens available right now (for tests and diagnostics). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** Resolves when one request may go out; requests are served in the order they asked. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      this.refill();
      if (this.tokens < 1) {
        await this.sleep(((1 - this.tokens) / this.options.qps) * 1000);
        this.refill();
      }
      this.tokens -= 1;
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}
