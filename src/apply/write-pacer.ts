import type { Clock, Sleep } from './clock.js';

/** A write quota: at most `writes` writes per `windowMs`, per app and tenant. */
export interface WriteQuota {
  writes: number;
  windowMs: number;
}

/**
 * Graph's directory write quota per application and tenant: 3,000 writes per 2 min 30 s.
 * Each request inside a `$batch` counts as one write; the batch envelope is assumed not to
 * (UNCONFIRMED: that is why the quota is configurable).
 */
export const GRAPH_WRITE_QUOTA: WriteQuota = { writes: 3000, windowMs: 150_000 };

export interface WritePacerOptions {
  clock: Clock;
  sleep: Sleep;
  /** null: no pacing (local stores); the global pause still applies. */
  quota: WriteQuota | null;
  /** Largest number of writes admitted at once (the store's batch size). */
  maxBurst: number;
  /**
   * Share of the quota to aim for, in (0, 1]. Default: leave room for one burst, so that
   * a sliding window anywhere over the run never holds more than the quota.
   */
  utilisation?: number;
}

/** Lowest share of the configured rate that repeated 429s can push the pacer down to. */
const MIN_THROTTLE_FACTOR = 0.25;
const THROTTLE_DECREASE = 0.75;

/**
 * Paces writes to a quota and holds every sender during a global pause.
 *
 * Pacing is the generic cell rate algorithm: each write pushes a "theoretical arrival time"
 * one emission interval further; a burst is admitted when that time has come. Over any
 * window the writes admitted are at most one burst plus `utilisation` × quota, which the
 * default utilisation keeps at or under the quota whatever window algorithm the server uses.
 *
 * A 429 means the app and tenant are throttled as a whole, so `pause()` stops everyone, and
 * the rate drops by a quarter, recovering linearly over one quota window: when the quota is
 * shared with other apps, 429s stay occasional instead of becoming the steady state.
 */
export class WritePacer {
  readonly #clock: Clock;
  readonly #sleep: Sleep;
  /** Writes per millisecond at full speed; 0 for unpaced. */
  readonly #rate: number;
  readonly #windowMs: number;
  #nextAt = Number.NEGATIVE_INFINITY;
  #pausedUntil = 0;
  #factorAtThrottle = 1;
  #throttledAt = Number.NEGATIVE_INFINITY;

  constructor(options: WritePacerOptions) {
    this.#clock = options.clock;
    this.#sleep = options.sleep;
    const quota = options.quota;
    if (quota === null) {
      this.#rate = 0;
      this.#windowMs = 0;
      return;
    }
    if (!(quota.writes > 0 && quota.windowMs > 0)) throw new RangeError('write quota must be positive');
    const utilisation = options.utilisation ?? defaultUtilisation(quota, options.maxBurst);
    this.#rate = (quota.writes * utilisation) / quota.windowMs;
    this.#windowMs = quota.windowMs;
  }

  /** Writes per second the pacer currently admits (Infinity when unpaced). */
  currentRate(): number {
    return this.#rate === 0 ? Number.POSITIVE_INFINITY : this.#rate * this.#factor(this.#clock.now()) * 1000;
  }

  /** End of the current global pause (epoch ms; in the past when not paused). */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /**
   * Waits until `writes` writes may go out, then books them. Returns false, without booking,
   * when `signal` aborted first.
   */
  async acquire(writes: number, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const now = this.#clock.now();
      const waitMs = Math.max(this.#pausedUntil - now, this.#nextAt - now);
      if (waitMs <= 0) {
        if (this.#rate > 0) this.#nextAt = Math.max(this.#nextAt, now) + writes / (this.#rate * this.#factor(now));
        return true;
      }
      await this.#sleep(waitMs, signal);
    }
  }

  /** Waits out the global pause only (for reads that share the throttling scope). */
  async waitWhilePaused(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const waitMs = this.#pausedUntil - this.#clock.now();
      if (waitMs <= 0) return true;
      await this.#sleep(waitMs, signal);
    }
  }

  /**
   * Holds every sender until `untilMs` after a 429. Returns true when this extended the
   * pause (so one throttled batch reports one pause, not one per item).
   */
  pause(untilMs: number): boolean {
    if (untilMs <= this.#pausedUntil) return false;
    const now = this.#clock.now();
    if (this.#pausedUntil <= now) this.#slowDown(now);
    this.#pausedUntil = untilMs;
    return true;
  }

  #slowDown(now: number): void {
    if (this.#rate === 0) return;
    this.#factorAtThrottle = Math.max(MIN_THROTTLE_FACTOR, this.#factor(now) * THROTTLE_DECREASE);
    this.#throttledAt = now;
  }

  #factor(now: number): number {
    const recovered = (now - this.#throttledAt) / this.#windowMs;
    if (recovered >= 1) return 1;
    return this.#factorAtThrottle + (1 - this.#factorAtThrottle) * recovered;
  }
}

/**
 * Largest burst (batch) worth sending under a quota: 3 % of it. A burst is the margin the
 * pacer must leave below the quota, so small quotas get small batches and a high rate
 * (Graph's 3,000 keeps full batches of 20; a quota of 300 gets batches of 9).
 */
export function maxBurstFor(quota: WriteQuota): number {
  return Math.max(1, Math.floor(quota.writes * 0.03));
}

/** 1 − burst/quota, kept within [0.5, 0.97]: Graph's 3,000/150 s with bursts of 20 gives 97 %. */
export function defaultUtilisation(quota: WriteQuota, maxBurst: number): number {
  return Math.min(0.97, Math.max(0.5, 1 - maxBurst / quota.writes));
}
