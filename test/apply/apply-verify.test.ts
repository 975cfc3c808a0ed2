import { describe, expect, it } from 'vitest';
import type { VerifyRecord } from '../../src/apply/journal.js';
import { createStopController } from '../../src/apply/stop-controller.js';
import { StoreError } from '../../src/model/store.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, manyAcquisitions, sku } from './plan-builders.js';
import { outcomeOf, runEngine } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';

const verifyRecords = (records: readonly { type: string }[]): VerifyRecord[] => records.filter((record): record is VerifyRecord => record.type === 'verify');

describe('verification after apply', () => {
  it('re-reads every applied principal once, in one read, on a store that shows writes at once', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, users: { u0002: [sku('E1')] } });
    const plan = aPlan([...manyAcquisitions(3), anOperation({ id: 'g', kind: 'group', add: ['E5'] })]);
    const { result, journal, events } = await runEngine(plan, store, clock);

    expect(result.verification).toEqual({ counts: { verified: 4, 'not-yet-visible': 0, lost: 0, unchecked: 0 }, reads: 1, elapsedMs: 0 });
    expect(store.snapshotReads).toEqual([{ users: ['u0001', 'u0002', 'u0003'], groups: ['g'], holdersOf: [], members: false }]);
    expect(result.outcomes.every((outcome) => outcome.verification?.status === 'verified')).toBe(true);
    // Verified says it all: no detail, no state problems, on the outcome or in the journal.
    expect(outcomeOf(result, 'user:u0001').verification).toStrictEqual({ status: 'verified' });
    expect(outcomeOf(result, 'user:u0001')).not.toHaveProperty('stateProblems');
    expect(verifyRecords(journal.records)[0]).toStrictEqual({
      type: 'verify', time: new Date(clock.now()).toISOString(), runId: 'run-1', operationId: 'user:u0001', principal: { kind: 'user', id: 'u0001', name: 'u0001@test.example' }, result: 'verified', reads: 1,
    });
    expect(verifyRecords(journal.records).map((record) => [record.operationId, record.result, record.reads])).toEqual([
      ['user:u0001', 'verified', 1], ['user:u0002', 'verified', 1], ['user:u0003', 'verified', 1], ['group:g', 'verified', 1],
    ]);
    expect(journal.records.at(-1)).toMatchObject({ type: 'run-end', verification: { counts: { verified: 4 } } });
    expect(events.runEnds[0]?.verification?.counts.verified).toBe(4);
  });

  it('calls a success that the store does not hold lost, naming what is missing', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, users: { b: [sku('E3')] }, lose: (request) => request.principal.id !== 'a' });
    const plan = aPlan([anOperation({ id: 'a', add: ['E5'] }), anOperation({ id: 'b', add: ['E5'], remove: ['E3'] })]);
    const { result, journal } = await runEngine(plan, store, clock);

    expect(result.counts.applied).toBe(2);
    expect(result.verification?.counts).toEqual({ verified: 1, 'not-yet-visible': 0, lost: 1, unchecked: 0 });
    expect(outcomeOf(result, 'user:b').verification).toEqual({ status: 'lost', detail: 'E5 not assigned; E3 still assigned' });
    // A store whose reads never lag is read once: nothing to wait for.
    expect(result.verification?.reads).toBe(1);
    expect(verifyRecords(journal.records).find((record) => record.operationId === 'user:b')).toMatchObject({ result: 'lost', detail: 'E5 not assigned; E3 still assigned' });
  });

  it('re-reads a lagging store with doubling delays until the change shows', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, eventuallyConsistent: true, readLagMs: 5000 });
    const { result } = await runEngine(aPlan(manyAcquisitions(30)), store, clock, { verify: { initialDelayMs: 1000, maxDelayMs: 10_000, maxWaitMs: 60_000 } });

    // Reads at 0, 1 s, 3 s and 7 s after the writes: the fourth is the first past the lag.
    expect(result.verification).toMatchObject({ counts: { verified: 30, 'not-yet-visible': 0, lost: 0 }, reads: 4, elapsedMs: 7000 });
    // Each read asks only for what is still unconfirmed; here every principal, every time.
    expect(store.snapshotReads.map((query) => query.users.length)).toEqual([30, 30, 30, 30]);
  });

  it('reports a change still not shown when the wait ends as not yet visible, not lost', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, eventuallyConsistent: true, readLagMs: 60_000, users: { b: [sku('E3')] }, lose: (request) => request.principal.id === 'b' });
    const plan = aPlan([anOperation({ id: 'a', add: ['E5'] }), anOperation({ id: 'b', remove: ['E3'] })]);
    const { result } = await runEngine(plan, store, clock, { verify: { initialDelayMs: 1000, maxDelayMs: 4000, maxWaitMs: 7000 } });

    // Reads at 0, 1, 3 and 7 s: the last one at the very end of the 7 s wait; one at 11 s would be past it.
    expect(result.verification).toMatchObject({ counts: { verified: 0, 'not-yet-visible': 2, lost: 0 }, reads: 4, elapsedMs: 7000 });
    expect(outcomeOf(result, 'user:a').verification).toEqual({ status: 'not-yet-visible', detail: 'E5 not assigned' });
  });

  it('says a change is lost on a lagging store when the read shows neither the state before nor after', async () => {
    const clock = new FakeClock();
    // The plan says b held E3 directly; the store has it holding nothing: someone else removed it.
    const store = new ScriptedStore({ clock, eventuallyConsistent: true, lose: () => true });
    const { result } = await runEngine(aPlan([anOperation({ id: 'b', add: ['E5'], remove: ['E3'] })]), store, clock, { verify: { initialDelayMs: 1000, maxDelayMs: 1000, maxWaitMs: 2000 } });
    expect(outcomeOf(result, 'user:b').verification).toEqual({ status: 'lost', detail: 'E5 not assigned' });
  });

  it('marks everything unchecked when the re-read fails, and can be switched off', async () => {
    const clock = new FakeClock();
    const failing = new ScriptedStore({ clock, snapshotFault: () => new StoreError('Graph GET /users failed: 403 Authorization_RequestDenied', { status: 403 }) });
    const { result } = await runEngine(aPlan(manyAcquisitions(2)), failing, clock);
    expect(result.verification?.counts).toEqual({ verified: 0, 'not-yet-visible': 0, lost: 0, unchecked: 2 });
    expect(outcomeOf(result, 'user:u0001').verification).toEqual({ status: 'unchecked', detail: 'the re-read failed: Graph GET /users failed: 403 Authorization_RequestDenied' });

    const store = new ScriptedStore({ clock });
    const { result: unverified, journal } = await runEngine(aPlan(manyAcquisitions(2)), store, clock, { verify: false });
    expect(unverified.verification).toBeUndefined();
    expect(store.snapshotReads).toEqual([]);
    expect(verifyRecords(journal.records)).toEqual([]);
  });

  it('reads once, without waiting, after an interrupted run', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, eventuallyConsistent: true, readLagMs: 60_000, latencyMs: 1000, maxBatchSize: 10 });
    const stop = createStopController();
    void clock.sleep(500).then(() => stop.stop('SIGINT'));
    const { result } = await runEngine(aPlan(manyAcquisitions(40)), store, clock, { stop, concurrency: 1 });
    expect(result.interrupted).toBe(true);
    expect(result.counts.applied).toBe(10);
    expect(result.verification).toMatchObject({ counts: { 'not-yet-visible': 10 }, reads: 1 });
  });

  it('does not re-read when nothing was applied', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, fault: () => failure(400, 'Request_BadRequest', 'License assignment cannot be done for user with invalid usage location.') });
    const { result, journal } = await runEngine(aPlan(manyAcquisitions(2)), store, clock);
    expect(result.counts.failed).toBe(2);
    expect(result.verification).toBeUndefined();
    expect(store.snapshotReads).toEqual([]);
    expect(verifyRecords(journal.records)).toEqual([]);
  });

  const lagging = { initialDelayMs: 1000, maxDelayMs: 10_000, maxWaitMs: 60_000 };

  it('stops re-reading at a stop during the wait, without another read', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, eventuallyConsistent: true, readLagMs: 60_000 });
    const stop = createStopController();
    // Reads at 0 and 1 s; the stop comes while waiting for the read at 3 s.
    void clock.sleep(1500).then(() => stop.stop('SIGINT'));
    const { result } = await runEngine(aPlan(manyAcquisitions(1)), store, clock, { stop, verify: lagging });
    expect(result.verification).toMatchObject({ counts: { 'not-yet-visible': 1 }, reads: 2, elapsedMs: 1500 });
    expect(store.snapshotReads).toHaveLength(2);
  });

  it('after a stop, still reads once when every read so far failed', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, eventuallyConsistent: true, snapshotFault: (read) => (read === 0 ? new StoreError('Graph GET /users failed: 503', { status: 503 }) : undefined) });
    const stop = createStopController();
    void clock.sleep(500).then(() => stop.stop('SIGINT'));
    const { result } = await runEngine(aPlan(manyAcquisitions(1)), store, clock, { stop, verify: lagging });
    expect(result.verification).toMatchObject({ counts: { verified: 1, unchecked: 0 }, reads: 1, elapsedMs: 500 });
    expect(store.snapshotReads).toHaveLength(2);
  });

  it('on a store whose reads lag, calls a change unchecked when the last re-read failed, not judged by an older read', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, eventuallyConsistent: true, readLagMs: 60_000, snapshotFault: (read) => (read === 0 ? undefined : new StoreError('Graph GET /users failed: 503', { status: 503 })) });
    const { result } = await runEngine(aPlan(manyAcquisitions(1)), store, clock, { verify: { ...lagging, maxWaitMs: 3000 } });
    expect(result.verification).toMatchObject({ counts: { 'not-yet-visible': 0, unchecked: 1 }, reads: 1 });
    expect(outcomeOf(result, 'user:u0001').verification).toEqual({ status: 'unchecked', detail: 'the re-read failed: Graph GET /users failed: 503' });
  });

  it('reports licenses the operation added that the re-read shows in error, on the outcome and in the journal', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, directState: (userId, skuId) => (userId === 'u0001' && skuId === sku('E3') ? { state: 'ActiveWithError', error: 'DependencyViolation' } : undefined) });
    const { result, journal } = await runEngine(aPlan(manyAcquisitions(2)), store, clock);
    const stateProblems = [{ skuId: sku('E3'), state: 'ActiveWithError', error: 'DependencyViolation' }];
    expect(outcomeOf(result, 'user:u0001')).toMatchObject({ verification: { status: 'verified' }, stateProblems });
    expect(outcomeOf(result, 'user:u0002')).not.toHaveProperty('stateProblems');
    expect(verifyRecords(journal.records).map((record) => record.stateProblems)).toEqual([stateProblems, undefined]);
  });
});
