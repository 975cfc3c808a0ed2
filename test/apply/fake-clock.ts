import type { Clock, Sleep } from '../../src/apply/clock.js';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A clock that only moves when told. `sleep` registers a timer; `runUntilSettled` flushes
 * pending promise callbacks and, whenever nothing else can happen, jumps to the next timer.
 * Only for code whose waiting goes through this clock (no real I/O in between).
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  readonly sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) {
        resolve();
        return;
      }
      const timer: Timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, resolve: () => undefined };
      const onAbort = (): void => {
        this.#timers = this.#timers.filter((candidate) => candidate !== timer);
        resolve();
      };
      timer.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves to the earliest timer and fires every timer due then. False when none is left. */
  fireNext(): boolean {
    if (this.#timers.length === 0) return false;
    this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const at = (this.#timers[0] as Timer).at;
    this.#now = Math.max(this.#now, at);
    const due = this.#timers.filter((timer) => timer.at <= this.#now);
    this.#timers = this.#timers.filter((timer) => timer.at > this.#now);
    for (const timer of due) timer.resolve();
    return true;
  }

  /**
   * Moves time forward by `ms`, firing every timer due on the way in order and letting what
   * each one starts run before the next (timers set meanwhile fire too when due).
   */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      await flushCallbacks();
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers[0];
      if (next === undefined || next.at > target) break;
      this.fireNext();
    }
    this.#now = target;
    await flushCallbacks();
  }

  /** Runs `work` to completion, advancing time only when everything else is waiting. */
  async runUntilSettled<T>(work: Promise<T>, maxSteps = 1_000_000): Promise<T> {
    let settled = false;
    const tracked = work.finally(() => {
      settled = true;
    });
    tracked.catch(() => undefined);
    for (let step = 0; step < maxSteps; step += 1) {
      await flushCallbacks();
      if (settled) return tracked;
      if (!this.fireNext()) {
        await flushCallbacks();
        if (settled) return tracked;
        throw new Error('deadlock: the work is waiting but no timer is pending');
      }
    }
    throw new Error(`work did not settle within ${maxSteps} timer steps`);
  }
}

/** Lets every queued promise callback run (a macrotask turn drains the microtask queue). */
export function flushCallbacks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
