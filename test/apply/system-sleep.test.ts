import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemSleep } from '../../src/apply/clock.js';

afterEach(() => {
  vi.useRealTimers();
});

const DAY_MS = 24 * 3_600_000;

describe('systemSleep', () => {
  it('waits the whole of a delay longer than a timer can hold (about 24.8 days), not a millisecond', async () => {
    vi.useFakeTimers();
    let woke = false;
    void systemSleep(30 * DAY_MS).then(() => {
      woke = true;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(25 * DAY_MS);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(5 * DAY_MS);
    expect(woke).toBe(true);
  });

  it('wakes at once when its signal aborts, also during a long wait', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    let woke = false;
    void systemSleep(60 * DAY_MS, controller.signal).then(() => {
      woke = true;
    });
    await vi.advanceTimersByTimeAsync(26 * DAY_MS);
    expect(woke).toBe(false);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(woke).toBe(true);
  });
});
