/**
 * When to try a Graph request again and how long to wait. Pure: the clock and the random
 * source are parameters so tests can pin them.
 */

/**
 * Statuses a read is tried again on. Graph documents 429, 503 and 504 as transient; 500 and
 * 502 are retried too because every retried request here is a read (writes are retried by
 * the apply engine, which decides per operation), and a read can safely be repeated.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** An answer that asks the client to slow down: 429, or any answer carrying a Retry-After. */
export function isThrottled(retryAfter: string | undefined, status: number): boolean {
  return status === 429 || (retryAfter !== undefined && retryAfter.trim() !== '');
}

export interface BackoffOptions {
  /** First backoff step in milliseconds. */
  baseMs: number;
  /** Ceiling of any computed backoff (not of a server's Retry-After). */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 60_000 };

/**
 * Parses a `Retry-After` header into milliseconds from `nowMs`. Graph sends seconds, often
 * fractional (`2.128`); HTTP also allows a date. Returns undefined when absent or unreadable
 * so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  if (/^[+-]?\d/.test(text)) return undefined; // a negative or malformed number, not a date
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * Capped exponential backoff with "equal jitter": half of the step is fixed so retries never
 * collapse to zero, the other half is random so many clients do not retry in lock-step.
 * `attempt` counts from 0 (the wait after the first failure).
 */
export function computeBackoffMs(attempt: number, options: BackoffOptions, random: () => number): number {
  const step = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  const half = step / 2;
  return Math.round(half + half * clampUnit(random()));
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return value >= 1 ? 1 : value;
}
