import { AdaptiveRate } from './adaptive-rate.js';
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
  /** Largest number of writes admitted at once (the store's batch size); also the starting batch size. */
  maxBurst: number;
  /**
   * Share of the quota to aim for, in (0, 1]. Default: leave room for one burst, so that
   * a sliding window anywhere over the run never holds more than the quota.
   */
  utilisation?: number;
}

/** How far back the rate the service accepted is measured when it throttles. */
const ALLOWANCE_WINDOW_MS = 4000;
const MIN_ALLOWANCE_SPAN_MS = 1000;

/** Clean batches (no 429) in a row after which the batch size grows by one again. */
const BATCHES_PER_GROWTH = 10;

/**
 * Paces writes to a quota, adapts to what the service really allows, and holds every sender
 * during a global pause.
 *
 * Pacing is the generic cell rate algorithm: each write pushes a "theoretical arrival time"
 * one emission interval further; a batch is admitted when that time has come. Over any
 * window the writes admitted are at most one batch plus `utilisation` × quota, which the
 * default utilisation keeps at or under the quota whatever window algorithm the server uses.
 *
 * The documented quota is only the ceiling: Graph's limits are also per tenant across apps
 * and in resource units, so the real allowance is often lower. Throttling (429) lowers both
 * the rate (CUBIC-style, see AdaptiveRate) and the batch size (halved: a service with small
 * bursts refuses the tail of a large batch); clean batches grow the batch size back by one
 * every ten, and the rate grows back along the cubic. One decrease per round trip: a 429
 * for a batch admitted before the last decrease is the same congestion, already answered.
 */
export class WritePacer {
  readonly #clock: Clock;
  readonly #sleep: Sleep;
  /** null for unpaced. */
  readonly #rate: AdaptiveRate | null;
  readonly #maxBatch: number;
  #batch: number;
  #cleanBatches = 0;
  /** [time, writes accepted] per batch, over the last window and one entry before it. */
  readonly #accepted: [number, number][] = [];
  /** Batches admitted so far; an admission's number tells which batches came before a decrease. */
  #admissions = 0;
  /** How many batches had been admitted at the last decrease. */
  #admittedBeforeDecrease = 0;
  #nextAt = Number.NEGATIVE_INFINITY;
  #pausedUntil = 0;

  constructor(options: WritePacerOptions) {
    this.#clock = options.clock;
    this.#sleep = options.sleep;
    this.#maxBatch = Math.max(1, options.maxBurst);
    this.#batch = this.#maxBatch;
    const quota = options.quota;
    if (quota === null) {
      this.#rate = null;
      return;
    }
    if (!(quota.writes > 0 && quota.windowMs > 0)) throw new RangeError('write quota must be positive');
    const utilisation = options.utilisation ?? defaultUtilisation(quota, options.maxBurst);
    this.#rate = new AdaptiveRate({ ceiling: ((quota.writes * utilisation) / quota.windowMs) * 1000 });
  }

  /** Writes per second the pacer currently admits (Infinity when unpaced). */
  currentRate(): number {
    return this.#rate === null ? Number.POSITIVE_INFINITY : this.#rate.rateAt(this.#clock.now());
  }

  /** How many writes the next batch may hold: the store's batch size, or less after throttling. */
  batchSize(): number {
    return this.#batch;
  }

  /** End of the current global pause (epoch ms; in the past when not paused). */
  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /**
   * Waits until the next batch may go out, then lets `take` pick its writes (at most the
   * current batch size, which a 429 meanwhile may have lowered) and books them. Returns what
   * `take` picked and the batch's admission number (for {@link recordBatch}); undefined,
   * without booking, when `signal` aborted first. `take` runs synchronously at admission, so
   * two waiting senders never pick the same writes.
   */
  async acquire<T>(take: (limit: number) => T[], signal?: AbortSignal): Promise<{ items: T[]; admission: number } | undefined> {
    for (;;) {
      if (signal?.aborted) return undefined;
      const now = this.#clock.now();
      const waitMs = Math.max(this.#pausedUntil - now, this.#nextAt - now);
      if (waitMs <= 0) {
        const items = take(this.#batch);
        if (this.#rate !== null) this.#nextAt = Math.max(this.#nextAt, now) + (items.length / this.#rate.rateAt(now)) * 1000;
        this.#admissions += 1;
        return { items, admission: this.#admissions };
      }
      await this.#sleep(waitMs, signal);
    }
  }

  /**
   * Holds every sender until `untilMs` after a 429 (throttling is per app and tenant).
   * Returns true when this extended the pause (so one throttled batch reports one pause).
   */
  pause(untilMs: number): boolean {
    if (untilMs <= this.#pausedUntil) return false;
    this.#pausedUntil = untilMs;
    return true;
  }

  /**
   * What came back for the batch `acquire` numbered `admission`: how many of its writes were
   * answered 429. Admissions are counted rather than timed: a batch admitted in the same
   * millisecond as a decrease may have gone out before it or after it.
   */
  recordBatch(admission: number, sent: number, throttled: number): void {
    const now = this.#clock.now();
    this.#accepted.push([now, sent - throttled]);
    this.#forgetBefore(now - ALLOWANCE_WINDOW_MS);
    if (throttled === 0) {
      this.#cleanBatches += 1;
      if (this.#cleanBatches >= BATCHES_PER_GROWTH && this.#batch < this.#maxBatch) {
        this.#batch += 1;
        this.#cleanBatches = 0;
      }
      return;
    }
    this.#cleanBatches = 0;
    if (admission <= this.#admittedBeforeDecrease) return;
    this.#admittedBeforeDecrease = this.#admissions;
    // What the service took of this batch is the most it took at once just now.
    this.#batch = Math.max(1, Math.min(Math.floor(this.#batch / 2), sent - throttled));
    this.#rate?.throttle(now, this.#acceptedRate(now));
  }

  /** Drops what came back before `since`, keeping the last entry before it (where the measured span starts). */
  #forgetBefore(since: number): void {
    let stale = 0;
    while ((this.#accepted[stale + 1]?.[0] ?? Number.POSITIVE_INFINITY) <= since) stale += 1;
    if (stale > 0) this.#accepted.splice(0, stale);
  }

  /**
   * Writes per second the service accepted lately: over the last window, or since the first
   * batch came back when that is shorter, but at least a second (one batch says nothing).
   */
  #acceptedRate(now: number): number | undefined {
    const first = this.#accepted[0];
    if (first === undefined || now - first[0] < MIN_ALLOWANCE_SPAN_MS) return undefined;
    // recordBatch has just forgotten what came back before the window.
    const since = now - ALLOWANCE_WINDOW_MS;
    const start = Math.max(since, first[0]);
    // Writes accepted after the window's start, over its length (the start's own batch came before it).
    const writes = this.#accepted.reduce((sum, [at, count]) => (at > start ? sum + count : sum), 0);
    return (writes / Math.max(MIN_ALLOWANCE_SPAN_MS, now - start)) * 1000;
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
