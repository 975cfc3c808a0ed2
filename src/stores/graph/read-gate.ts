/** Reads allowed in flight at once by default: enough to overlap round trips, few enough to stay clear of throttling. */
export const DEFAULT_READS_IN_FLIGHT = 4;

/**
 * What every read request of one client passes through, as writes pass the apply engine's
 * pacer: at most `maxInFlight` reads at once, and none at all while a pause lasts. Graph
 * throttles an app in a tenant as a whole, so a 429 (or a Retry-After) on any read pauses
 * every read until then, rather than letting the others run into the same limit.
 */
export class ReadGate {
  private inFlight = 0;
  private readonly queue: (() => void)[] = [];
  private pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly maxInFlight: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ) {
    if (!(maxInFlight >= 1)) throw new RangeError('reads in flight must be at least 1');
  }

  /** Sends one read once a slot is free and no pause holds it back. */
  async run<T>(send: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await send();
    } finally {
      this.release();
    }
  }

  /** Holds every read back for `ms` from now (a longer pause already running is kept). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    // Each pause is slept through once, by the clock it was set with: a clock that does not
    // move while sleeping (a test's) must not hold reads forever.
    let sleptUntil = Number.NEGATIVE_INFINITY;
    for (;;) {
      const until = this.pausedUntil;
      const wait = until - this.now();
      if (wait > 0 && until !== sleptUntil) {
        sleptUntil = until;
        await this.sleep(wait, signal);
        continue;
      }
      if (this.inFlight < this.maxInFlight) {
        this.inFlight++;
        return;
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
  }

  private release(): void {
    this.inFlight--;
    this.queue.shift()?.();
  }
}
