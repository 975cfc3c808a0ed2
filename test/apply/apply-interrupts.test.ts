import { describe, expect, it } from 'vitest';
import { createStopController } from '../../src/apply/stop-controller.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, manyAcquisitions } from './plan-builders.js';
import { outcomeOf, runEngine } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';

describe('apply interrupts and deadline', () => {
  it('stop(): starts nothing new, lets in-flight requests finish, skips the rest as interrupted', async () => {
    const clock = new FakeClock();
    const startedAt = clock.now();
    const store = new ScriptedStore({ clock, latencyMs: 1000, maxBatchSize: 10 });
    const stop = createStopController();
    void clock.sleep(1500).then(() => stop.stop('SIGINT'));
    const { result, journal } = await runEngine(aPlan(manyAcquisitions(100)), store, clock, { concurrency: 2, stop });

    // Batches went out at 0 and 1000; the two sent at 1000 were in flight at 1500 and finished.
    expect(store.calls.map((call) => call.at - startedAt)).toEqual([0, 0, 1000, 1000]);
    expect(result.counts).toEqual({ applied: 40, failed: 0, skipped: 60 });
    expect(result).toMatchObject({ interrupted: true, interruptReason: 'SIGINT' });
    expect(outcomeOf(result, 'user:u0100')).toMatchObject({ status: 'skipped', reason: 'interrupted', attempts: 0 });
    expect(result.elapsedMs).toBe(2000);
    expect(journal.records.at(-1)).toMatchObject({ type: 'run-end', interrupted: true, interruptReason: 'SIGINT' });
  });

  it('stop(): an operation waiting to retry is skipped with its last error', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, fault: () => failure(503, 'serviceNotAvailable', 'busy', 60_000) });
    const stop = createStopController();
    void clock.sleep(5000).then(() => stop.stop('SIGTERM'));
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] })]), store, clock, { stop });
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'skipped', reason: 'interrupted', attempts: 1, error: { status: 503 } });
    expect(result.elapsedMs).toBe(5000);
  });

  it('abort(): in-flight requests get the abort signal and end skipped; nothing else starts', async () => {
    const clock = new FakeClock();
    const startedAt = clock.now();
    const store = new ScriptedStore({ clock, latencyMs: 1000, maxBatchSize: 10 });
    const stop = createStopController();
    void clock.sleep(1500).then(() => {
      stop.stop('SIGINT');
      stop.abort('SIGINT');
    });
    const { result } = await runEngine(aPlan(manyAcquisitions(100)), store, clock, { concurrency: 2, stop });

    expect(store.calls.map((call) => call.at - startedAt)).toEqual([0, 0, 1000, 1000]);
    expect(store.calls.slice(2).every((call) => call.signal?.aborted === true)).toBe(true);
    expect(result.counts).toEqual({ applied: 20, failed: 0, skipped: 80 });
    expect(outcomeOf(result, 'user:u0021')).toMatchObject({ status: 'skipped', attempts: 1, reason: 'aborted while in flight (outcome unknown)' });
    expect(result.elapsedMs).toBe(1500);
  });

  it('abort() returns at once even when the store ignores the signal', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, latencyMs: 10_000 });
    store.applyBatch = () => new Promise(() => undefined);
    const stop = createStopController();
    void clock.sleep(100).then(() => stop.abort('SIGINT'));
    const { result } = await runEngine(aPlan(manyAcquisitions(3)), store, clock, { stop });
    expect(result.counts.skipped).toBe(3);
    expect(result.elapsedMs).toBe(100);
  });

  it('a stop before the run skips everything without a request', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock });
    const stop = createStopController();
    stop.stop('SIGINT');
    const { result } = await runEngine(aPlan(manyAcquisitions(5)), store, clock, { stop });
    expect(store.calls).toEqual([]);
    expect(result.counts).toEqual({ applied: 0, failed: 0, skipped: 5 });
  });

  it('deadline: operations not started by then are skipped; in-flight ones finish', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, latencyMs: 1000, maxBatchSize: 10 });
    const { result } = await runEngine(aPlan(manyAcquisitions(100)), store, clock, { concurrency: 1, deadlineMs: 2500 });
    expect(result.counts).toEqual({ applied: 30, failed: 0, skipped: 70 });
    expect(result).toMatchObject({ interrupted: true, interruptReason: 'deadline' });
    expect(outcomeOf(result, 'user:u0031')).toMatchObject({ status: 'skipped', reason: 'deadline' });
  });

  it('deadline: a retry that could only happen after the deadline is skipped at once', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, fault: () => failure(429, 'TooManyRequests', 'Please retry again later.', 10_000) });
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] })]), store, clock, { deadlineMs: 5000 });
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'skipped', reason: 'deadline', attempts: 1, error: { status: 429 } });
    expect(result.elapsedMs).toBe(0);
  });
});
