import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createMemoryJournal } from '../../src/apply/journal.js';
import { createStopController } from '../../src/apply/stop-controller.js';
import { StoreError } from '../../src/model/store.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, manyAcquisitions } from './plan-builders.js';
import { outcomeOf, runEngine } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';

describe('apply through a store that answers oddly, and the stop signals', () => {
  it('fails the run, naming the mismatch, when the store answers a batch with too few results', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock });
    const original = store.applyBatch.bind(store);
    store.applyBatch = async (requests, signal) => (await original(requests, signal)).slice(1);
    await expect(runEngine(aPlan(manyAcquisitions(3)), store, clock)).rejects.toThrow('store returned 2 results for 3 requests');
  });

  it('keeps the request id of a StoreError the store throws on the outcome', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock });
    store.applyBatch = () => Promise.reject(new StoreError('Insufficient privileges to complete the operation.', { status: 403, code: 'Authorization_RequestDenied', requestId: 'graph-req-7' }));
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] })]), store, clock);
    expect(outcomeOf(result, 'user:a')).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: { status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', requestId: 'graph-req-7' },
    });
  });

  it('sends nothing once abort() came while the attempt was being journaled', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock });
    const stop = createStopController();
    const memory = createMemoryJournal();
    // The second Ctrl-C arrives while the journal flushes the attempt records to disk.
    const journal = {
      ...memory,
      append: async (records: Parameters<typeof memory.append>[0]) => {
        await memory.append(records);
        if (records.some((record) => record.type === 'operation-start')) stop.abort('SIGINT');
      },
    };
    const { result } = await runEngine(aPlan(manyAcquisitions(2)), store, clock, { stop, journal });
    expect(store.calls).toEqual([]);
    expect(result.counts).toEqual({ applied: 0, failed: 0, skipped: 2 });
  });

  // The window is narrow: the answer is in hand, the engine has not looked at it yet. The abort
  // is queued a couple of promise turns after the store answers, which lands it there.
  it('touches the store no more when abort() comes after a failure came back but before it was handled', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, users: { a: [] } });
    const stop = createStopController();
    const original = store.applyBatch.bind(store);
    store.applyBatch = async (requests, signal) => {
      const results = await original(requests, signal);
      void Promise.resolve()
        .then(() => undefined)
        .then(() => stop.abort('SIGINT'));
      return results;
    };
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E5'], remove: ['E3'] })]), store, clock, { stop });
    // "Does not have a corresponding license" would re-read the user; after an abort nothing is read.
    expect(outcomeOf(result, 'user:a')).toMatchObject({
      status: 'skipped',
      reason: 'aborted while in flight (outcome unknown)',
      error: { status: 400, message: 'User does not have a corresponding license.' },
    });
    expect(store.snapshotReads).toEqual([]);
    expect(store.calls).toHaveLength(1);
  });

  // The controller's signals outlive the run (the CLI keeps one per process): whatever listens
  // for the duration of a batch or a wait must stop listening when it ends.
  it('leaves no listener on the stop controller after a run, with retries and a pause or stopped midway', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      latencyMs: 100,
      maxBatchSize: 5,
      fault: (request, call) => (call.attempt === 1 && request.principal.id.endsWith('3') ? failure(429, 'TooManyRequests', 'Please retry again later.', 500) : undefined),
    });
    const stop = createStopController();
    const { result, events } = await runEngine(aPlan(manyAcquisitions(40)), store, clock, { stop, concurrency: 2 });
    expect(result.counts.applied).toBe(40);
    expect(events.pauses.length).toBeGreaterThan(0);
    expect(getEventListeners(stop.abortSignal, 'abort')).toEqual([]);
    expect(getEventListeners(stop.stopSignal, 'abort')).toEqual([]);

    const stopped = createStopController();
    void clock.sleep(150).then(() => stopped.stop('SIGINT'));
    const second = await runEngine(aPlan(manyAcquisitions(40)), new ScriptedStore({ clock, latencyMs: 100, maxBatchSize: 5 }), clock, { stop: stopped, concurrency: 2 });
    expect(second.result.counts).toEqual({ applied: 20, failed: 0, skipped: 20 });
    expect(getEventListeners(stopped.abortSignal, 'abort')).toEqual([]);
    expect(getEventListeners(stopped.stopSignal, 'abort')).toEqual([]);
  });
});
