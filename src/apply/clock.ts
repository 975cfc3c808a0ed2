/**
 * Time as the apply engine sees it. Everything that waits (pacing, backoff, Retry-After,
 * group-processing polls, the deadline) goes through these two functions, so tests drive a
 * whole run with a fake clock in milliseconds of real time.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/**
 * Waits `ms` milliseconds. Resolves early (never rejects) when `signal` aborts, so callers
 * check their own state after waking instead of catching.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** A source of uniform numbers in [0, 1), for jitter. */
export type Random = () => number;

export const systemClock: Clock = { now: () => Date.now() };

export const systemSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
