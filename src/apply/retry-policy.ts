import type { Random } from './clock.js';
import type { WriteFailure } from '../model/store.js';

/** How failed attempts are retried. */
export interface RetryPolicy {
  /** Attempts per operation, the first included. */
  maxAttempts: number;
  /** Backoff before the second attempt; doubles per attempt. */
  baseDelayMs: number;
  /** Ceiling of the computed backoff (a server's Retry-After is honoured even when longer). */
  maxDelayMs: number;
  /**
   * HTTP statuses worth another attempt. 0 is a network failure (reset, timeout). 408 and
   * the 5xx family are transient per Graph's error guidance; 429 is throttling; 424 (failed
   * dependency) means the request itself never ran (apply sends no dependent requests, so it
   * only comes from a batch failed as a whole). Other 4xx cannot succeed by repetition and
   * fail at once.
   */
  retryableStatuses: readonly number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  retryableStatuses: [0, 408, 424, 429, 500, 502, 503, 504, 507, 509],
};

/** What to do with one failed attempt. */
export type FailureClass =
  /** 429: the whole app and tenant are throttled; pause every sender. */
  | 'throttled'
  /** Transient: try this request again after a delay. */
  | 'transient'
  /** Removal of a license the principal no longer holds directly (converged, see reconcileAlreadyRemoved). */
  | 'already-removed'
  /** Cannot succeed by repetition. */
  | 'permanent';

/**
 * Graph's text for removing a license that is not (or no longer) directly assigned. The
 * message is English and not a stable contract, so the status (400) is checked too; the code,
 * `Request_BadRequest`, is shared by most 400s and would add nothing.
 */
const ALREADY_REMOVED = /does not have a corresponding license/i;

export function classifyFailure(failure: WriteFailure, policy: RetryPolicy): FailureClass {
  if (failure.status === 429) return 'throttled';
  if (failure.status === 400 && ALREADY_REMOVED.test(failure.message)) return 'already-removed';
  return policy.retryableStatuses.includes(failure.status) ? 'transient' : 'permanent';
}

/**
 * Exponential backoff with "equal jitter": half of the capped exponential delay is fixed,
 * the other half random. Never zero (a retry storm right after a 5xx helps nobody) and
 * never above the cap. `attempt` is the attempt that just failed (1 for the first).
 */
export function computeBackoffMs(attempt: number, policy: RetryPolicy, random: Random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  return capped / 2 + random() * (capped / 2);
}

/**
 * Delay before retrying a transient or throttled failure: the server's Retry-After when it
 * sent one (Graph sends it on 429 and sometimes on 503/504), else the backoff.
 */
export function computeRetryDelayMs(failure: WriteFailure, attempt: number, policy: RetryPolicy, random: Random): number {
  if (failure.retryAfterMs !== undefined && Number.isFinite(failure.retryAfterMs) && failure.retryAfterMs >= 0) {
    return failure.retryAfterMs;
  }
  return computeBackoffMs(attempt, policy, random);
}
