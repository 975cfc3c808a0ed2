import { describe, expect, it } from 'vitest';
import { createMemoryJournal, type JournalRecord } from '../../src/apply/journal.js';
import { createStopController } from '../../src/apply/stop-controller.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, manyAcquisitions, sku } from './plan-builders.js';
import { outcomeOf, runEngine } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';

/** A memory journal whose disk fills up when it is asked to record a skipped operation. */
function journalFullOnSkip() {
  const memory = createMemoryJournal();
  return {
    ...memory,
    append: async (records: readonly JournalRecord[]) => {
      if (records.some((record) => record.type === 'operation-end' && record.result === 'skipped')) throw new Error('journal: no space left on device');
      await memory.append(records);
    },
  };
}

describe('how a phase ends its operations', () => {
  it('skips, without a retry, an operation whose attempt failed transiently while a stop came in', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, latencyMs: 1000, fault: () => failure(503, 'serviceNotAvailable', 'busy') });
    const stop = createStopController();
    void clock.sleep(500).then(() => stop.stop('SIGINT'));
    const { result, events } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] })]), store, clock, { stop, retry: { maxAttempts: 1 } });
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'skipped', reason: 'interrupted', attempts: 1, error: { status: 503 } });
    expect(events.retries).toEqual([]);
  });

  it('retries before the deadline, and skips at once a retry that would start at the deadline itself', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      fault: (request, call) => (call.attempt === 1 ? failure(503, 'serviceNotAvailable', 'busy', request.principal.id === 'a' ? 4999 : 5000) : undefined),
    });
    const { result, events } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] }), anOperation({ id: 'b', add: ['E3'] })]), store, clock, { deadlineMs: 5000 });
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'applied', attempts: 2 });
    expect(outcomeOf(result, 'user:b')).toMatchObject({ status: 'skipped', reason: 'deadline', attempts: 1, error: { status: 503 } });
    expect(events.retries.map((retry) => retry.operation.id)).toEqual(['user:a']);
    expect(events.results.map((outcome) => [outcome.operationId, outcome.at - (events.starts[0]?.at ?? 0)])).toEqual([
      ['user:b', 0],
      ['user:a', 4999],
    ]);
  });

  it('fails the run with the journal error when the skips of a stop cannot be journaled', async () => {
    const clock = new FakeClock();
    const stop = createStopController();
    void clock.sleep(500).then(() => stop.stop('SIGINT'));
    const store = new ScriptedStore({ clock, latencyMs: 1000, maxBatchSize: 10 });
    await expect(runEngine(aPlan(manyAcquisitions(50)), store, clock, { stop, concurrency: 2, journal: journalFullOnSkip() })).rejects.toThrow('journal: no space left on device');
  });

  it('fails the run with the journal error when a retry woken by a stop cannot be journaled as skipped', async () => {
    const clock = new FakeClock();
    const stop = createStopController();
    void clock.sleep(5000).then(() => stop.stop('SIGINT'));
    const store = new ScriptedStore({ clock, fault: () => failure(503, 'serviceNotAvailable', 'busy', 60_000) });
    await expect(runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] })]), store, clock, { stop, journal: journalFullOnSkip() })).rejects.toThrow('journal: no space left on device');
  });

  // Each re-read drops what is gone; a store that keeps answering "does not have" as licenses
  // vanish one by one (someone else removing them meanwhile) must not keep the operation going.
  it('re-reads a principal at most twice after "does not have a corresponding license", then fails', async () => {
    const clock = new FakeClock();
    const store: ScriptedStore = new ScriptedStore({
      clock,
      users: { a: [sku('E2'), sku('E3')] },
      fault: (request, call) => {
        if (call.attempt >= 2) store.held.get('a')?.delete(request.removeLicenses[0] as string);
        return undefined;
      },
    });
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E5'], remove: ['E1', 'E2', 'E3'] })]), store, clock, { verify: false });
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'failed', attempts: 3, error: { status: 400, message: 'User does not have a corresponding license.' } });
    expect(store.snapshotReads).toHaveLength(2);
    expect(store.writes.map((write) => write.request.removeLicenses)).toEqual([[sku('E1'), sku('E2'), sku('E3')], [sku('E2'), sku('E3')], [sku('E3')]]);
  });

  it('never sends an empty batch when retries come back during a pause and two senders wait for it', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      fault: (request, call) => {
        if (call.attempt > 1) return undefined;
        if (request.principal.id === 'a') return failure(429, 'TooManyRequests', 'Please retry again later.', 1000);
        return request.principal.id === 'b' ? failure(503, 'serviceNotAvailable', 'busy', 500) : undefined;
      },
    });
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] }), anOperation({ id: 'b', add: ['E3'] }), anOperation({ id: 'c', add: ['E3'] })]), store, clock, {
      concurrency: 4,
    });
    expect(result.counts).toEqual({ applied: 3, failed: 0, skipped: 0 });
    expect(store.calls.map((call) => call.size)).toEqual([3, 2]);
  });
});
