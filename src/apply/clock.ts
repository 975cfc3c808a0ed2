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

/** The longest delay setTimeout honours; a longer one fires at once (Node warns and uses 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemSleep: Sleep = async (ms, signal) => {
  // Waits of weeks happen (watch arms a timer to the next dated license entry): wait in steps.
  let left = Math.max(0, ms);
  do {
    const step = Math.min(left, MAX_TIMER_MS);
    await sleepOnce(step, signal);
    left -= step;
  } while (left > 0 && signal?.aborted !== true);
};

function sleepOnce(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
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
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
