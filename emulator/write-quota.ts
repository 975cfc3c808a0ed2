/**
 * Request quotas per application + tenant as sliding or tumbling windows, or as a token
 * bucket: the directory write quota (Graph: 3,000 writes per 2 min 30 s) and, optionally,
 * the resource-unit budget (Graph: 3,500 to 8,000 RU per 10 s by tenant size). A refused
 * request learns exactly when capacity returns, so the 429's `Retry-After` is fractional
 * seconds like Graph's (`2.128`).
 *
 * The token bucket stands for a service whose real allowance is below the documented quota
 * (a tenant budget shared with other apps, a resource-unit budget): `limit` per
 * `windowSeconds` is its steady rate and `burst` how much it lets pile up.
 */

export interface WriteQuotaOptions {
  /** Units allowed per window (writes, or resource units); for `token-bucket`, the refill per window. */
  limit: number;
  windowSeconds: number;
  /**
   * `sliding` (default): the last windowSeconds; `tumbling`: fixed windows from time 0;
   * `token-bucket`: refills at limit/windowSeconds per second, holds at most `burst`.
   */
  mode?: 'sliding' | 'tumbling' | 'token-bucket';
  /** `token-bucket` only: most units spent at once after a quiet spell (default `limit`). */
  burst?: number;
}

export const DEFAULT_WRITE_QUOTA: WriteQuotaOptions = { limit: 3000, windowSeconds: 150, mode: 'sliding' };

export type QuotaDecision =
  | { allowed: true; usage: number }
  | { allowed: false; usage: number; retryAfterMs: number };

interface Spend { time: number; cost: number }

type Settings = Required<Omit<WriteQuotaOptions, 'burst'>> & { burst: number };

/** One application's budget. */
interface Budget {
  take(now: number, cost: number): QuotaDecision;
  usage(now: number): number;
}

/** One application's token bucket: full at first, refilled continuously, never above `burst`. */
class TokenBucket implements Budget {
  private tokens: number;
  private at: number | undefined;

  constructor(private readonly options: Settings) {
    this.tokens = options.burst;
  }

  private get perMs(): number { return this.options.limit / (this.options.windowSeconds * 1000); }

  private refill(now: number): void {
    this.tokens = Math.min(this.options.burst, this.tokens + (now - (this.at ?? now)) * this.perMs);
    this.at = now;
  }

  usage(now: number): number {
    this.refill(now);
    return 1 - this.tokens / this.options.burst;
  }

  take(now: number, cost: number): QuotaDecision {
    this.refill(now);
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return { allowed: true, usage: 1 - this.tokens / this.options.burst };
    }
    return { allowed: false, usage: 1, retryAfterMs: Math.max(1, (cost - this.tokens) / this.perMs) };
  }
}

/** One application's window. */
class QuotaWindow implements Budget {
  private readonly spends: Spend[] = [];
  private head = 0;
  private used = 0;
  private windowStart = 0;
  /** Units refused in the window, for the limit percentage above 1.0. */
  private refused: Spend[] = [];

  constructor(private readonly options: Settings) {}

  private get windowMs(): number { return this.options.windowSeconds * 1000; }

  private prune(now: number): void {
    if (this.options.mode === 'tumbling') {
      const start = Math.floor(now / this.windowMs) * this.windowMs;
      if (start !== this.windowStart) { this.windowStart = start; this.used = 0; this.refused = []; }
      return;
    }
    for (let spend = this.spends[this.head]; spend !== undefined && spend.time <= now - this.windowMs; spend = this.spends[this.head]) {
      this.used -= spend.cost;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.spends.length) { this.spends.splice(0, this.head); this.head = 0; }
    this.refused = this.refused.filter((spend) => spend.time > now - this.windowMs);
  }

  /** Usage as a fraction of the limit, counting refused units too (above 1.0 when throttling). */
  usage(now: number): number {
    this.prune(now);
    return (this.used + this.refused.reduce((sum, spend) => sum + spend.cost, 0)) / this.options.limit;
  }

  take(now: number, cost: number): QuotaDecision {
    this.prune(now);
    if (this.used + cost <= this.options.limit) {
      this.used += cost;
      if (this.options.mode === 'sliding') this.spends.push({ time: now, cost });
      return { allowed: true, usage: this.used / this.options.limit };
    }
    this.refused.push({ time: now, cost });
    return { allowed: false, usage: this.usage(now), retryAfterMs: Math.max(1, Math.min(this.capacityAt(cost), now + this.windowMs) - now) };
  }

  /** When enough earlier spending will have left the window for `cost` more units. */
  private capacityAt(cost: number): number {
    if (this.options.mode === 'tumbling') return this.windowStart + this.windowMs;
    let freed = this.options.limit - this.used;
    for (let i = this.head; i < this.spends.length; i++) {
      const spend = this.spends[i];
      if (spend === undefined) break;
      freed += spend.cost;
      if (freed >= cost) return spend.time + this.windowMs;
    }
    return Number.POSITIVE_INFINITY;
  }
}

function settingsOf(options: WriteQuotaOptions): Settings {
  return { mode: 'sliding', ...options, burst: options.burst ?? options.limit };
}

/** Quotas keyed by application (the emulator serves one tenant). */
export class WriteQuota {
  private windows = new Map<string, Budget>();
  private options: Settings;

  constructor(options: WriteQuotaOptions = DEFAULT_WRITE_QUOTA) {
    this.options = settingsOf(options);
  }

  get settings(): Settings { return this.options; }

  /** Replaces the quota; current usage is forgotten. */
  reset(options: WriteQuotaOptions): void {
    this.options = settingsOf(options);
    this.windows = new Map();
  }

  private windowFor(appKey: string): Budget {
    let window = this.windows.get(appKey);
    if (window === undefined) {
      window = this.options.mode === 'token-bucket' ? new TokenBucket(this.options) : new QuotaWindow(this.options);
      this.windows.set(appKey, window);
    }
    return window;
  }

  take(appKey: string, now: number, cost = 1): QuotaDecision {
    return this.windowFor(appKey).take(now, cost);
  }

  usage(appKey: string, now: number): number {
    return this.windowFor(appKey).usage(now);
  }
}

/** `2.128`: seconds with milliseconds, as Graph writes a fractional Retry-After. */
export function formatRetryAfter(ms: number): string {
  return (Math.ceil(ms) / 1000).toFixed(3);
}
