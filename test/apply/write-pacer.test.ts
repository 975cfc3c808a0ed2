import { describe, expect, it } from 'vitest';
import { defaultUtilisation, GRAPH_WRITE_QUOTA, maxBurstFor, WritePacer } from '../../src/apply/write-pacer.js';
import { FakeClock } from './fake-clock.js';

async function admitTimes(pacer: WritePacer, clock: FakeClock, bursts: number[]): Promise<number[]> {
  const start = clock.now();
  const times: number[] = [];
  await clock.runUntilSettled(
    (async () => {
      for (const writes of bursts) {
        await pacer.acquire(writes);
        times.push(clock.now() - start);
      }
    })(),
  );
  return times;
}

describe('WritePacer', () => {
  it('spaces bursts by their share of the quota', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: { writes: 100, windowMs: 10_000 }, maxBurst: 10, utilisation: 1 });
    expect(await admitTimes(pacer, clock, [10, 10, 5, 10])).toEqual([0, 1000, 2000, 2500]);
    expect(pacer.currentRate()).toBe(10);
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

  it('holds everyone during a pause, and slows down by a quarter, recovering over one window', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: { writes: 100, windowMs: 10_000 }, maxBurst: 10, utilisation: 1 });
    expect(pacer.pause(clock.now() + 3000)).toBe(true);
    expect(pacer.pause(clock.now() + 1000)).toBe(false);
    expect(pacer.currentRate()).toBeCloseTo(7.5);
    expect(await admitTimes(pacer, clock, [10])).toEqual([3000]);
    // 3 s into the 10 s recovery: 0.75 + 0.25 * 0.3 of the full rate.
    expect(pacer.currentRate()).toBeCloseTo(10 * (0.75 + 0.25 * 0.3));
    await clock.runUntilSettled(clock.sleep(7000));
    expect(pacer.currentRate()).toBe(10);
  });

  it('does not pace without a quota but still honours a pause', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: null, maxBurst: 20 });
    expect(await admitTimes(pacer, clock, [20, 20, 20])).toEqual([0, 0, 0]);
    pacer.pause(clock.now() + 500);
    expect(await admitTimes(pacer, clock, [20])).toEqual([500]);
    expect(pacer.currentRate()).toBe(Number.POSITIVE_INFINITY);
  });

  it('returns false without booking when the signal aborts while waiting', async () => {
    const clock = new FakeClock();
    const pacer = new WritePacer({ clock, sleep: clock.sleep, quota: { writes: 10, windowMs: 10_000 }, maxBurst: 10, utilisation: 1 });
    await pacer.acquire(10);
    const controller = new AbortController();
    void clock.sleep(2000).then(() => controller.abort());
    expect(await clock.runUntilSettled(pacer.acquire(10, controller.signal))).toBe(false);
    expect(await admitTimes(pacer, clock, [10])).toEqual([8000]);
  });
});
