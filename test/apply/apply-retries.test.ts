import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/model/store.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, manyAcquisitions } from './plan-builders.js';
import { outcomeOf, runEngine } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';

describe('apply retries', () => {
  it('pauses every sender for a fractional Retry-After on a 429, then retries only the throttled item', async () => {
    const clock = new FakeClock();
    let throttledAt: number | undefined;
    const store = new ScriptedStore({
      clock,
      latencyMs: 100,
      fault: (request, call) => {
        if (request.principal.id !== 'u0015' || call.attempt > 1) return undefined;
        throttledAt = call.now;
        return failure(429, 'TooManyRequests', 'Please retry again later.', 2128);
      },
    });
    const { result, events } = await runEngine(aPlan(manyAcquisitions(200)), store, clock, { concurrency: 4, maxBatchSize: 10 });

    expect(result.counts).toEqual({ applied: 200, failed: 0, skipped: 0 });
    expect(throttledAt).toBeDefined();
    const pausedUntil = (throttledAt as number) + 2128;
    expect(events.pauses).toEqual([expect.objectContaining({ delayMs: 2128, until: pausedUntil, cause: expect.objectContaining({ status: 429 }) })]);
    // Nothing is sent while the app is throttled; batches already in flight still finish.
    expect(store.calls.filter((call) => call.at > (throttledAt as number) && call.at < pausedUntil)).toEqual([]);
    expect(store.calls.some((call) => call.at === pausedUntil)).toBe(true);
    expect(outcomeOf(result, 'user:u0015').attempts).toBe(2);
    expect(store.writes.filter((write) => write.principalId === 'u0014')).toHaveLength(1);
  });

  it('reports one pause for a batch whose every write was throttled with the same Retry-After', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      fault: (_request, call) => (call.attempt === 1 ? failure(429, 'TooManyRequests', 'Please retry again later.', 1000) : undefined),
    });
    const { result, events } = await runEngine(aPlan(manyAcquisitions(10)), store, clock, { maxBatchSize: 10 });

    expect(result.counts).toEqual({ applied: 10, failed: 0, skipped: 0 });
    expect(events.pauses).toEqual([expect.objectContaining({ delayMs: 1000 })]);
  });

  it('backs off exponentially with jitter up to the cap for 5xx without Retry-After', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      fault: (_request, call) => (call.attempt <= 5 ? failure(503, 'serviceNotAvailable', 'The service is temporarily unavailable.') : undefined),
    });
    const { result, events } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] })]), store, clock, {
      retry: { baseDelayMs: 1000, maxDelayMs: 4000 },
      random: () => 0.5,
    });

    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'applied', attempts: 6 });
    // Equal jitter at 0.5: three quarters of min(cap, base * 2^n).
    expect(events.retries.map((retry) => retry.delayMs)).toEqual([750, 1500, 3000, 3000, 3000]);
    const gaps = store.calls.slice(1).map((call, index) => call.at - (store.calls[index]?.at ?? 0));
    expect(gaps).toEqual([750, 1500, 3000, 3000, 3000]);
  });

  it('honours Retry-After on a 503 for that item without pausing the others', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      fault: (request, call) => (request.principal.id === 'a' && call.attempt === 1 ? failure(503, 'serviceNotAvailable', 'busy', 7500) : undefined),
    });
    const { result, events } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] })]), store, clock);
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'applied', attempts: 2 });
    expect(events.retries.map((retry) => retry.delayMs)).toEqual([7500]);
    expect(events.pauses).toEqual([]);
  });

  it('fails a request that cannot succeed at once, with Graph code, message and request id, and goes on', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      fault: (request) =>
        request.principal.id === 'u0002' ? failure(400, 'Request_BadRequest', 'License assignment cannot be done for user with invalid usage location.') : undefined,
    });
    const { result } = await runEngine(aPlan(manyAcquisitions(3)), store, clock);

    expect(outcomeOf(result, 'user:u0002')).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { status: 400, code: 'Request_BadRequest', message: 'License assignment cannot be done for user with invalid usage location.', requestId: 'req-400-Request_BadRequest' },
    });
    expect(result.counts).toEqual({ applied: 2, failed: 1, skipped: 0 });
  });

  it('gives up after maxAttempts on a persistent 5xx', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, fault: () => failure(500, 'UnknownError', 'An internal server error occurred.') });
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] })]), store, clock, { retry: { maxAttempts: 4 } });
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'failed', attempts: 4, reason: 'gave up after 4 attempts', error: { status: 500 } });
    expect(store.calls).toHaveLength(4);
  });

  it('retries network failures, and a store that throws a transient StoreError', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      fault: (request, call) => (request.principal.id === 'a' && call.attempt === 1 ? failure(0, 'NetworkError', 'socket hang up') : undefined),
    });
    let thrown = 0;
    const original = store.applyBatch.bind(store);
    store.applyBatch = (requests, signal) => {
      if (thrown++ === 0) return Promise.reject(new StoreError('connection reset', { status: 0, code: 'NetworkError' }));
      return original(requests, signal);
    };
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] }), anOperation({ id: 'b', add: ['E3'] })]), store, clock);
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'applied', attempts: 3 });
    expect(outcomeOf(result, 'user:b')).toMatchObject({ status: 'applied', attempts: 2 });
  });

  it('fails, without retrying, the requests of a store that throws something other than a StoreError', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock });
    store.applyBatch = () => Promise.reject(new TypeError('cannot read properties of undefined'));
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] })]), store, clock);
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'failed', attempts: 1, error: { status: -1, code: 'UnexpectedError', message: 'cannot read properties of undefined' } });
  });
});
