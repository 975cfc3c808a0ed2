import { describe, expect, it } from 'vitest';
import { AdaptiveRate } from '../../src/apply/adaptive-rate.js';
import { defaultUtilisation, GRAPH_WRITE_QUOTA, maxBurstFor, WritePacer } from '../../src/apply/write-pacer.js';
import { FakeClock } from './fake-clock.js';

async function admitTimes(pacer: WritePacer, clock: FakeClock, bursts: number[]): Promise<number[]> {
  const start = clock.now();
  const times: number[] = [];
  await clock.runUntilSettled(
    (async () => {
      for (const writes of bursts) {
        await pacer.acquire(() => Array.from({ length: writes }));
        times.push(clock.now() - start);
      }
    })(),
  );
  return times;
}

/** Admits one full batch (waiting as the pacer says) and returns its admission number. */
async function admit(pacer: WritePacer, clock: FakeClock): Promise<number> {
  const admitted = await clock.runUntilSettled(pacer.acquire((limit) => Array.from({ length: limit })));
  if (admitted === undefined) throw new Error('the batch was not admitted');
  return admitted.admission;
}

describe('WritePacer', () => {
  it('spaces bursts by their share of the quota', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: { writes: 100, windowMs: 10_000 }, maxBurst: 10, utilisation: 1 });
    expect(await admitTimes(pacer, clock, [10, 10, 5, 10])).toEqual([0, 1000, 2000, 2500]);
    expect(pacer.currentRate()).toBe(10);
  });

  it.each([
    [{ writes: 0, windowMs: 10_000 }],
    [{ writes: 100, windowMs: 0 }],
    [{ writes: -1, windowMs: 10_000 }],
    [{ writes: Number.NaN, windowMs: 10_000 }],
  ])('refuses a quota that allows no writes: %j', (quota) => {
    const clock = new FakeClock();
    expect(() => new WritePacer({ clock, sleep: clock.sleep, quota, maxBurst: 10 })).toThrow(new RangeError('write quota must be positive'));
  });

  it('leaves room for one burst by default so no window holds more than the quota', () => {
    expect(defaultUtilisation(GRAPH_WRITE_QUOTA, 20)).toBe(0.97);
    expect(defaultUtilisation({ writes: 300, windowMs: 15_000 }, 20)).toBeCloseTo(280 / 300);
    expect(defaultUtilisation({ writes: 20, windowMs: 1000 }, 20)).toBe(0.5);
  });

  it('keeps bursts to 3% of the quota', () => {
    expect(maxBurstFor(GRAPH_WRITE_QUOTA)).toBe(90);
    expect(maxBurstFor({ writes: 300, windowMs: 15_000 })).toBe(9);
    expect(maxBurstFor({ writes: 10, windowMs: 1000 })).toBe(1);
  });

  it('holds everyone during a pause without slowing down for it alone', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: { writes: 100, windowMs: 10_000 }, maxBurst: 10, utilisation: 1 });
    expect(pacer.pause(clock.now() + 3000)).toBe(true);
    expect(pacer.pause(clock.now() + 1000)).toBe(false);
    expect(await admitTimes(pacer, clock, [10])).toEqual([3000]);
    expect(pacer.currentRate()).toBe(10);
  });

  // Every 429 of a batch refused as a whole asks for the same pause: that is one pause to report.
  it('says it paused only when the pause ends later than before', () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: null, maxBurst: 10 });
    const until = clock.now() + 3000;
    expect([until, until, until - 1, until + 1].map((at) => pacer.pause(at))).toEqual([true, false, false, true]);
    expect(pacer.pausedUntil).toBe(until + 1);
  });

  it('cuts the rate and halves the batch on a 429, once per round trip, and grows them back', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: { writes: 100, windowMs: 10_000 }, maxBurst: 10, utilisation: 1 });
    const first = await pacer.acquire((limit) => Array.from({ length: limit }));
    const second = await clock.runUntilSettled(pacer.acquire((limit) => Array.from({ length: limit })));
    expect([first?.items.length, second?.items.length]).toEqual([10, 10]);
    pacer.recordBatch(second?.admission ?? 0, 10, 4);
    // The service took 6 of 10: the next batches hold 5 (half), at 70% of the rate.
    expect(pacer.batchSize()).toBe(5);
    expect(pacer.currentRate()).toBeCloseTo(7);
    // A 429 for the batch admitted before the cut is the same congestion: no second cut.
    pacer.recordBatch(first?.admission ?? 0, 10, 10);
    expect(pacer.batchSize()).toBe(5);
    expect(pacer.currentRate()).toBeCloseTo(7);
    for (let i = 0; i < 10; i++) pacer.recordBatch(await admit(pacer, clock), 5, 0);
    expect(pacer.batchSize()).toBe(6);
    await clock.runUntilSettled(clock.sleep(60_000));
    expect(pacer.currentRate()).toBe(10);
  });

  it('centres the rate on what the service accepted when it throttles', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: { writes: 200, windowMs: 10_000 }, maxBurst: 5, utilisation: 1 });
    // Two seconds of batches the service took at 10 writes/s, then a 429.
    for (let i = 0; i < 4; i++) {
      pacer.recordBatch(await admit(pacer, clock), 5, 0);
      await clock.runUntilSettled(clock.sleep(500));
    }
    pacer.recordBatch(await admit(pacer, clock), 5, 1);
    // 19 writes accepted in the two seconds after the first batch: 9.5/s, of which 70%.
    expect(pacer.currentRate()).toBeCloseTo(0.7 * 9.5);
  });

  // One batch says nothing about a rate; a second of answers does.
  it.each([
    [999, 0.7 * 20],
    [1000, 0.7 * 4],
  ])('measures what the service accepted once its answers span a second (%i ms)', async (spanMs, expected) => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: { writes: 200, windowMs: 10_000 }, maxBurst: 5, utilisation: 1 });
    pacer.recordBatch(await admit(pacer, clock), 5, 0);
    await clock.runUntilSettled(clock.sleep(spanMs));
    // 4 of 5 taken: over a second 4 writes/s, of which 70%; under a second, 70% of the 20/s ceiling.
    pacer.recordBatch(await admit(pacer, clock), 5, 1);
    expect(pacer.currentRate()).toBeCloseTo(expected);
  });

  it('cuts the batch to what the service took at once when that is less than half', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: { writes: 100, windowMs: 10_000 }, maxBurst: 10, utilisation: 1 });
    pacer.recordBatch(await admit(pacer, clock), 10, 8);
    expect(pacer.batchSize()).toBe(2);
  });

  // A throttling episode answers several batches 429 and each may push the pause further;
  // the pause holds senders, and only recordBatch (once per round trip) slows them down.
  it('does not slow down when a pause is extended, however often', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: { writes: 100, windowMs: 10_000 }, maxBurst: 10, utilisation: 1 });
    pacer.recordBatch(await admit(pacer, clock), 10, 10);
    expect(pacer.currentRate()).toBeCloseTo(7);
    for (const seconds of [1, 2, 3, 4]) expect(pacer.pause(clock.now() + seconds * 1000)).toBe(true);
    expect(pacer.currentRate()).toBeCloseTo(7);
  });

  it('measures what the service accepted over the last four seconds only', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: { writes: 200, windowMs: 10_000 }, maxBurst: 5, utilisation: 1 });
    // Five seconds at 20 writes/s, then six at 5 writes/s, then a 429 (4 of 5 taken).
    for (let i = 0; i < 20; i++) {
      pacer.recordBatch(await admit(pacer, clock), 5, 0);
      await clock.runUntilSettled(clock.sleep(250));
    }
    for (let i = 0; i < 6; i++) {
      pacer.recordBatch(await admit(pacer, clock), 5, 0);
      await clock.runUntilSettled(clock.sleep(1000));
    }
    pacer.recordBatch(await admit(pacer, clock), 5, 1);
    // The four seconds before the 429 took 5 + 5 + 5 + 4 writes: 4.75/s, of which 70%.
    expect(pacer.currentRate()).toBeCloseTo(0.7 * 4.75);
  });

  // Without a quota, or with a fast service, batches go out and come back within one
  // millisecond: which came before a decrease is told by admission order, not by time.
  it('answers a 429 once for every batch admitted before the cut, even in the same millisecond, and again after it', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: null, maxBurst: 10 });
    const first = await admit(pacer, clock);
    const second = await admit(pacer, clock);
    pacer.recordBatch(first, 10, 4);
    expect(pacer.batchSize()).toBe(5);
    // Sent before the cut: the same congestion, already answered.
    pacer.recordBatch(second, 10, 10);
    expect(pacer.batchSize()).toBe(5);
    // Sent after the cut, at the same instant, and still throttled: cut again.
    pacer.recordBatch(await admit(pacer, clock), 5, 2);
    expect(pacer.batchSize()).toBe(2);
  });

  it('does not pace without a quota but still honours a pause', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: null, maxBurst: 20 });
    expect(await admitTimes(pacer, clock, [20, 20, 20])).toEqual([0, 0, 0]);
    pacer.pause(clock.now() + 500);
    expect(await admitTimes(pacer, clock, [20])).toEqual([500]);
    expect(pacer.currentRate()).toBe(Number.POSITIVE_INFINITY);
  });

  it('returns undefined without booking when the signal aborts while waiting', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: { writes: 10, windowMs: 10_000 }, maxBurst: 10, utilisation: 1 });
    await pacer.acquire(() => Array.from({ length: 10 }));
    const controller = new AbortController();
    void clock.sleep(2000).then(() => controller.abort());
    expect(await clock.runUntilSettled(pacer.acquire(() => Array.from({ length: 10 }), controller.signal))).toBeUndefined();
    expect(await admitTimes(pacer, clock, [10])).toEqual([8000]);
  });
});

describe('AdaptiveRate', () => {
  it.each([0, -5, Number.NaN])('refuses a ceiling of %d writes per second', (ceiling) => {
    expect(() => new AdaptiveRate({ ceiling })).toThrow(new RangeError('the rate ceiling must be positive'));
  });

  // A zero scale would divide by zero after the first throttle and give a NaN rate; a beta of
  // 1 or more would never slow down.
  it.each([
    [{ floor: 0 }, 'the rate floor must be positive'],
    [{ floor: Number.NaN }, 'the rate floor must be positive'],
    [{ beta: 0 }, 'the share kept on throttling must be between 0 and 1'],
    [{ beta: 1 }, 'the share kept on throttling must be between 0 and 1'],
    [{ scale: 0 }, 'the growth scale must be positive'],
    [{ scale: -1 }, 'the growth scale must be positive'],
  ])('refuses %o', (options, message) => {
    expect(() => new AdaptiveRate({ ceiling: 20, ...options })).toThrow(new RangeError(message));
  });

  it('accepts a floor, beta and scale inside their ranges', () => {
    const rate = new AdaptiveRate({ ceiling: 20, floor: 0.1, beta: 0.99, scale: 0.01 });
    rate.throttle(0);
    expect(rate.rateAt(0)).toBeCloseTo(19.8);
  });

  it('drops to 70% of the rate that was too much, grows back along a cubic, and never passes the ceiling', () => {
    const rate = new AdaptiveRate({ ceiling: 20, scale: 0.4 });
    expect(rate.rateAt(0)).toBe(20);
    rate.throttle(0, 10);
    expect(rate.rateAt(0)).toBeCloseTo(7);
    // Back at 10 after K = cbrt(10 * 0.3 / 0.4) s, flat around it, steep well after.
    const k = Math.cbrt(7.5) * 1000;
    expect(rate.rateAt(k)).toBeCloseTo(10);
    expect(rate.rateAt(k + 500) - rate.rateAt(k)).toBeLessThan(0.1);
    expect(rate.rateAt(k + 3000)).toBeCloseTo(20);
    expect(rate.rateAt(k + 60_000)).toBe(20);
  });

  it('takes an accepted rate below its floor as the floor, and grows back from there', () => {
    const nothingAccepted = new AdaptiveRate({ ceiling: 20 });
    const atFloor = new AdaptiveRate({ ceiling: 20 });
    nothingAccepted.throttle(0, 0);
    atFloor.throttle(0, 0.5);
    for (const ms of [0, 1000, 2000, 5000, 10_000]) expect(nothingAccepted.rateAt(ms)).toBeCloseTo(atFloor.rateAt(ms));
    expect(nothingAccepted.rateAt(0)).toBe(0.5);
  });

  it('keeps to its floor under repeated throttling', () => {
    const rate = new AdaptiveRate({ ceiling: 20 });
    for (let i = 0; i < 50; i++) rate.throttle(i);
    expect(rate.rateAt(50)).toBe(0.5);
  });
});
