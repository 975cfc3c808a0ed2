import { describe, expect, it } from 'vitest';
import type { WriteFailure } from '../../src/model/store.js';
import { FakeClock } from './fake-clock.js';
import { aPlan, manyAcquisitions } from './plan-builders.js';
import { runEngine } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';
import { jitteredLatency, tokenBucket } from './token-bucket.js';

/** A server-side sliding-window quota, answering 429 with the exact wait like Graph. */
function slidingQuota(limit: number, windowMs: number): (now: number) => WriteFailure | undefined {
  const accepted: number[] = [];
  return (now) => {
    while (accepted.length > 0 && (accepted[0] as number) <= now - windowMs) accepted.shift();
    if (accepted.length < limit) {
      accepted.push(now);
      return undefined;
    }
    return failure(429, 'TooManyRequests', 'Please retry again later.', (accepted[0] as number) + windowMs - now);
  };
}

/** Most writes sent within any window of `windowMs`. */
function busiestWindow(sendTimes: { at: number; size: number }[], windowMs: number): number {
  let best = 0;
  for (const start of sendTimes) {
    const inWindow = sendTimes.filter((call) => call.at >= start.at && call.at < start.at + windowMs);
    best = Math.max(best, inWindow.reduce((sum, call) => sum + call.size, 0));
  }
  return best;
}

describe('apply pacing', () => {
  it('paces writes to the quota: no 429, no window over the limit, at least 90% of the quota rate', async () => {
    const clock = new FakeClock();
    const quota = slidingQuota(300, 15_000);
    const store = new ScriptedStore({ clock, latencyMs: 50, pacedWrites: true, fault: (_request, call) => quota(call.now) });
    const { result } = await runEngine(aPlan(manyAcquisitions(1200)), store, clock, { writeQuota: { writes: 300, windowMs: 15_000 } });

    expect(result.counts).toEqual({ applied: 1200, failed: 0, skipped: 0 });
    expect(store.writes.filter((write) => !write.result.ok)).toEqual([]);
    expect(busiestWindow(store.calls, 15_000)).toBeLessThanOrEqual(300);
    const first = store.calls[0]?.at ?? 0;
    const last = store.calls.at(-1)?.at ?? 0;
    // Writes after the first burst, over the time they took: the sustained rate.
    const ratePerSecond = ((1200 - (store.calls[0]?.size ?? 0)) / (last - first)) * 1000;
    // Batches are kept to 3% of the quota (9), so the pacer can aim at 97% of it.
    expect(store.calls[0]?.size).toBe(9);
    expect(ratePerSecond / 20).toBeCloseTo(0.97, 2);
    expect(ratePerSecond / 20).toBeLessThanOrEqual(1);
  });

  it('sends batches of up to the store batch size, at most `concurrency` in flight', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, latencyMs: 1000, maxBatchSize: 20 });
    let inFlight = 0;
    let most = 0;
    const original = store.applyBatch.bind(store);
    store.applyBatch = async (requests, signal) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await original(requests, signal);
      } finally {
        inFlight -= 1;
      }
    };
    const startedAt = clock.now();
    const { result } = await runEngine(aPlan(manyAcquisitions(130)), store, clock, { concurrency: 3 });

    expect(result.counts.applied).toBe(130);
    expect(most).toBe(3);
    expect(store.calls.map((call) => call.size)).toEqual([20, 20, 20, 20, 20, 20, 10]);
    expect(store.calls.map((call) => call.at - startedAt)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('does not pace a store whose writes are not rate-limited', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, latencyMs: 10, pacedWrites: false });
    const { result } = await runEngine(aPlan(manyAcquisitions(400)), store, clock, { concurrency: 4 });
    expect(result.counts.applied).toBe(400);
    // 20 batches, 4 at a time, 10 ms each.
    expect(result.elapsedMs).toBe(50);
  });
});

/**
 * The documented quota (3,000 writes per 150 s, 20/s) is the ceiling; the service here is a
 * token bucket, as in the measurements, with a jittery latency so arrivals bunch up.
 */
describe('adaptive pacing against a service that allows less than the documented quota', () => {
  async function run(ratePerSecond: number, burst: number, operations = 900) {
    const clock = new FakeClock();
    const bucket = tokenBucket(ratePerSecond, burst);
    const store = new ScriptedStore({ clock, latencyMs: jitteredLatency(30, 90), pacedWrites: true, fault: (_request, call) => bucket(call.now) });
    const startedAt = clock.now();
    const { result } = await runEngine(aPlan(manyAcquisitions(operations)), store, clock, { verify: false });
    const lastWrite = store.writes.filter((write) => write.result.ok).at(-1)?.at ?? startedAt;
    const rate = (result.counts.applied / (lastWrite - startedAt)) * 1000;
    const throttled = store.writes.filter((write) => !write.result.ok).length / store.writes.length;
    return { result, rate, throttled, sizes: store.calls.map((call) => call.size) };
  }

  it('at the documented 20 writes/s (bursts of 20): at least 90% of it, at most 5% answered 429, nothing lost', async () => {
    const { result, rate, throttled } = await run(20, 20);
    expect(result.counts).toEqual({ applied: 900, failed: 0, skipped: 0 });
    expect(rate / 20).toBeGreaterThanOrEqual(0.9);
    expect(throttled).toBeLessThanOrEqual(0.05);
  });

  it('with the tenant budget shared (10/s, bursts of 5): at least 70% of it, at most 10% answered 429, nothing lost', async () => {
    const { result, rate, throttled, sizes } = await run(10, 5);
    expect(result.counts).toEqual({ applied: 900, failed: 0, skipped: 0 });
    expect(rate / 10).toBeGreaterThanOrEqual(0.7);
    expect(throttled).toBeLessThanOrEqual(0.1);
    // The first batch of 20 met a bucket of 5: batches shrank to what the service took at once.
    expect(sizes.slice(0, 2)).toEqual([20, 5]);
    expect(Math.max(...sizes.slice(2))).toBeLessThanOrEqual(5);
  });
});
