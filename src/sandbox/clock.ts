// The sandbox's clock: real time plus an offset tests can advance, so controllers progress without sleeping.

export type ClockListener = (now: Date) => void;

export class SandboxClock {
  private offsetMs = 0;
  private readonly listeners = new Set<ClockListener>();

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves simulated time forward and lets every controller react at once. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.offsetMs += ms;
    const now = this.now();
    for (const listener of this.listeners) listener(now);
  }

  onAdvance(listener: ClockListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
