/** Settings of {@link AdaptiveRate}. */
export interface AdaptiveRateOptions {
  /** Writes per second never exceeded: the documented quota (times the pacer's utilisation). */
  ceiling: number;
  /** Lowest rate repeated throttling can push it to (default 0.5 writes/s). */
  floor?: number;
  /** Share of the rate kept on throttling (default 0.7). */
  beta?: number;
  /** How fast the rate grows back, in writes/s per s³ (default 0.2). */
  scale?: number;
}

/**
 * A CUBIC-style send rate, the congestion control of TCP CUBIC as the AWS SDKs' "adaptive"
 * retry mode uses it for throttling: start at the ceiling; on a throttle, remember the rate
 * that was too much (`wMax`) and drop to `beta` times it; then grow back along a cubic that
 * is steep far below `wMax`, flat around it (where the service's limit probably is), and
 * steep again above it (the limit may have risen). Times are epoch ms; rates writes/s. Pure
 * apart from its own state; the caller passes the time.
 */
export class AdaptiveRate {
  readonly #ceiling: number;
  readonly #floor: number;
  readonly #beta: number;
  readonly #scale: number;
  #wMax: number;
  /** Seconds after a throttle at which the cubic is back at `wMax`. */
  #k = 0;
  #throttledAt = Number.NEGATIVE_INFINITY;

  constructor(options: AdaptiveRateOptions) {
    if (!(options.ceiling > 0)) throw new RangeError('the rate ceiling must be positive');
    if (options.floor !== undefined && !(options.floor > 0)) throw new RangeError('the rate floor must be positive');
    if (options.beta !== undefined && !(options.beta > 0 && options.beta < 1)) throw new RangeError('the share kept on throttling must be between 0 and 1');
    if (options.scale !== undefined && !(options.scale > 0)) throw new RangeError('the growth scale must be positive');
    this.#ceiling = options.ceiling;
    this.#floor = Math.min(options.floor ?? 0.5, options.ceiling);
    this.#beta = options.beta ?? 0.7;
    this.#scale = options.scale ?? 0.2;
    this.#wMax = options.ceiling;
  }

  /** The rate allowed at `now`. */
  rateAt(now: number): number {
    if (this.#throttledAt === Number.NEGATIVE_INFINITY) return this.#ceiling;
    const t = (now - this.#throttledAt) / 1000 - this.#k;
    return Math.min(this.#ceiling, Math.max(this.#floor, this.#scale * t * t * t + this.#wMax));
  }

  /**
   * The service throttled at `now`: the current rate was too much. `allowance`, when known, is
   * the rate the service was seen to accept lately; the cubic then centres on it instead of
   * on the (higher) rate that overran it.
   */
  throttle(now: number, allowance?: number): void {
    const current = allowance === undefined ? this.rateAt(now) : Math.min(this.rateAt(now), Math.max(this.#floor, allowance));
    this.#wMax = current;
    this.#k = Math.cbrt((current * (1 - this.#beta)) / this.#scale);
    this.#throttledAt = now;
  }
}
