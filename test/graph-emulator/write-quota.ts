/**
 * The directory write quota per application + tenant (Graph: 3,000 requests per 2 min 30 s),
 * as a sliding or tumbling window. A refused write learns exactly when capacity returns, so
 * the 429's `Retry-After` is fractional seconds like Graph's (`2.128`).
 */

export interface WriteQuotaOptions {
  /** Writes allowed per window. */
  limit: number;
  windowSeconds: number;
  /** `sliding` (default): the last windowSeconds; `tumbling`: fixed windows from time 0. */
  mode?: 'sliding' | 'tumbling';
}

export const DEFAULT_WRITE_QUOTA: WriteQuotaOptions = { limit: 3000, windowSeconds: 150, mode: 'sliding' };

export type QuotaDecision =
  | { allowed: true; usage: number }
  | { allowed: false; usage: number; retryAfterMs: number };

/** One application's window. */
class QuotaWindow {
  /** Accepted write times, oldest first (sliding); the count of the current window (tumbling). */
  private readonly times: number[] = [];
  private head = 0;
  private windowStart = 0;
  private windowCount = 0;
  /** Writes refused in the current window, for the limit percentage above 1.0. */
  private refused: number[] = [];

  constructor(private readonly options: Required<WriteQuotaOptions>) {}

  private get windowMs(): number { return this.options.windowSeconds * 1000; }

  private prune(now: number): void {
    if (this.options.mode === 'tumbling') {
      const start = Math.floor(now / this.windowMs) * this.windowMs;
      if (start !== this.windowStart) { this.windowStart = start; this.windowCount = 0; this.refused = []; }
      return;
    }
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) { this.times.splice(0, this.head); this.head = 0; }
    this.refused = this.refused.filter((time) => time > now - this.windowMs);
  }

  private used(): number {
    return this.options.mode === 'tumbling' ? this.windowCount : this.times.length - this.head;
  }

  /** Current usage as a fraction of the limit, counting refused writes too (above 1.0 when throttling). */
  usage(now: number): number {
    this.prune(now);
    return (this.used() + this.refused.length) / this.options.limit;
  }

  take(now: number): QuotaDecision {
    this.prune(now);
    if (this.used() < this.options.limit) {
      if (this.options.mode === 'tumbling') this.windowCount++;
      else this.times.push(now);
      return { allowed: true, usage: this.used() / this.options.limit };
    }
    this.refused.push(now);
    const retryAt = this.options.mode === 'tumbling' ? this.windowStart + this.windowMs : (this.times[this.head] ?? now) + this.windowMs;
    return { allowed: false, usage: (this.used() + this.refused.length) / this.options.limit, retryAfterMs: Math.max(1, retryAt - now) };
  }
}

/** Write quotas keyed by application (the emulator serves one tenant). */
export class WriteQuota {
  private windows = new Map<string, QuotaWindow>();
  private options: Required<WriteQuotaOptions>;

  constructor(options: WriteQuotaOptions = DEFAULT_WRITE_QUOTA) {
    this.options = { mode: 'sliding', ...options };
  }

  get settings(): Required<WriteQuotaOptions> { return this.options; }

  /** Replaces the quota; current usage is forgotten. */
  reset(options: WriteQuotaOptions): void {
    this.options = { mode: 'sliding', ...options };
    this.windows = new Map();
  }

  private windowFor(appKey: string): QuotaWindow {
    let window = this.windows.get(appKey);
    if (window === undefined) { window = new QuotaWindow(this.options); this.windows.set(appKey, window); }
    return window;
  }

  take(appKey: string, now: number): QuotaDecision {
    return this.windowFor(appKey).take(now);
  }

  usage(appKey: string, now: number): number {
    return this.windowFor(appKey).usage(now);
  }
}

/** `2.128`: seconds with milliseconds, as Graph writes a fractional Retry-After. */
export function formatRetryAfter(ms: number): string {
  return (Math.ceil(ms) / 1000).toFixed(3);
}
