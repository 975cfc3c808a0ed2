import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemSleep } from '../../src/apply/clock.js';

afterEach(() => {
  vi.useRealTimers();
});

const DAY_MS = 24 * 3_600_000;

/** Starts a sleep; `woke` turns true when it returns. */
function startSleep(ms: number, signal?: AbortSignal): { woke: boolean } {
  const sleep = { woke: false };
  void systemSleep(ms, signal).then(() => {
    sleep.woke = true;
  });
  return sleep;
}

describe('systemSleep', () => {
  it('waits the whole of a delay longer than a timer can hold (about 24.8 days), not a millisecond', async () => {
    vi.useFakeTimers();
    const sleep = startSleep(30 * DAY_MS);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sleep.woke).toBe(false);
    await vi.advanceTimersByTimeAsync(25 * DAY_MS);
    expect(sleep.woke).toBe(false);
    await vi.advanceTimersByTimeAsync(5 * DAY_MS);
    expect(sleep.woke).toBe(true);
  });

  it('wakes at once when its signal aborts, also during a long wait', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const sleep = startSleep(60 * DAY_MS, controller.signal);
    await vi.advanceTimersByTimeAsync(26 * DAY_MS);
    expect(sleep.woke).toBe(false);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(sleep.woke).toBe(true);
  });

  it('returns at once for a signal that aborted before the wait, without arming a timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    controller.abort();
    const sleep = startSleep(DAY_MS, controller.signal);
    await vi.advanceTimersByTimeAsync(0);
    expect(sleep.woke).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('waits without end for Infinity, until its signal aborts', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const sleep = startSleep(Number.POSITIVE_INFINITY, controller.signal);
    await vi.advanceTimersByTimeAsync(100 * DAY_MS);
    expect(sleep.woke).toBe(false);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(sleep.woke).toBe(true);
  });

  // One stop signal lives through a whole run or watch: each wait must take its listener away again.
  it('leaves no listener on the signal, whether the wait ends by time or by abort', async () => {
    vi.useFakeTimers();
    const signal = new AbortController().signal;
    const waits = [systemSleep(1_000, signal), systemSleep(30 * DAY_MS, signal)];
    await vi.advanceTimersByTimeAsync(30 * DAY_MS);
    await Promise.all(waits);
    expect(getEventListeners(signal, 'abort')).toEqual([]);

    const controller = new AbortController();
    const aborted = systemSleep(DAY_MS, controller.signal);
    controller.abort();
    await aborted;
    expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
