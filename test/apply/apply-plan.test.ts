import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { createMemoryJournal, type Journal } from '../../src/apply/journal.js';
import { createStopController, type StopController } from '../../src/apply/stop-controller.js';
import type { Plan } from '../../src/model/plan.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan } from './plan-builders.js';
import { outcomeOf, runEngine } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';

/** The run around the phases: refusal, the lock, the deadline, the stop controller and the records. */
const twoAcquisitions = (): Plan => aPlan([anOperation({ id: 'a', add: ['E3'] }), anOperation({ id: 'b', add: ['E5'] })]);

describe('applyPlan', () => {
  it.each<[string, (plan: Plan) => void, string]>([
    ['flagged blocked without an error check', (plan) => { plan.blocked = true; }, 'applyPlan: refusing a blocked plan; nothing was applied'],
    [
      'with two error checks',
      (plan) => { plan.checks.push({ code: 'seats-insufficient', severity: 'error', message: 'not enough E3 seats' }, { code: 'removal-guard', severity: 'error', message: 'too many removals' }); },
      'applyPlan: refusing a blocked plan (not enough E3 seats; too many removals); nothing was applied',
    ],
  ])('refuses a plan %s, naming every error, before it locks or sends anything', async (_name, block, message) => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock });
    const plan = twoAcquisitions();
    block(plan);
    await expect(applyPlan(plan, store, { journal: createMemoryJournal(), clock, sleep: clock.sleep })).rejects.toThrow(new Error(message));
    expect([store.locks, store.calls.length]).toEqual([0, 0]);
  });

  it('releases the store lock after the run, and after a run the journal made fail', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock });
    await runEngine(twoAcquisitions(), store, clock);
    expect([store.locks, store.released]).toEqual([1, 1]);

    const broken: Journal = { path: undefined, append: () => Promise.reject(new Error('disk full')), close: () => Promise.resolve() };
    await expect(clock.runUntilSettled(applyPlan(twoAcquisitions(), store, { journal: broken, clock, sleep: clock.sleep }))).rejects.toThrow('disk full');
    expect([store.locks, store.released]).toEqual([2, 2]);
  });

  it('counts the deadline from the start: a retry well within it still runs', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, fault: (_request, { attempt }) => (attempt === 1 ? failure(503, 'serviceNotAvailable', 'busy', 1000) : undefined) });
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] })]), store, clock, { deadlineMs: 60_000 });
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'applied', attempts: 2 });
    expect(result.interrupted).toBe(false);
  });

  it('leaves nothing behind: no deadline timer still pending, no listener on a stop controller that outlives the run', async () => {
    const clock = new FakeClock();
    const stop = createStopController();
    const { result } = await runEngine(twoAcquisitions(), new ScriptedStore({ clock }), clock, { deadlineMs: 3_600_000, stop });
    expect(result.counts.applied).toBe(2);
    // A pending real timer would keep the process alive until the deadline.
    expect(clock.pendingTimers).toBe(0);
    // A watcher runs many applies under one controller.
    expect(getEventListeners(stop.stopSignal, 'abort')).toEqual([]);
  });

  it('reports a stop that gives no reason as interrupted', async () => {
    const clock = new FakeClock();
    const stopped = new AbortController();
    stopped.abort();
    const stop: StopController = { stop: () => undefined, abort: () => undefined, stopRequested: true, abortRequested: false, reason: undefined, stopSignal: stopped.signal, abortSignal: new AbortController().signal };
    const { result, journal } = await runEngine(twoAcquisitions(), new ScriptedStore({ clock }), clock, { stop });
    expect(result).toMatchObject({ interrupted: true, interruptReason: 'interrupted', counts: { applied: 0, failed: 0, skipped: 2 } });
    expect(journal.records.at(-1)).toMatchObject({ type: 'run-end', interruptReason: 'interrupted' });
  });

  it('records the operations per phase at the start of the run', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, users: { c: ['sku-E3'], d: ['sku-E5'] } });
    const plan = aPlan([anOperation({ id: 'a', add: ['E3'] }), anOperation({ id: 'c', remove: ['E3'] }), anOperation({ id: 'b', add: ['E5'] }), anOperation({ id: 'd', remove: ['E5'], add: ['E3'] })]);
    const phases = { release: 1, update: 0, swap: 1, acquire: 2 };
    const starts: unknown[] = [];
    const { journal } = await runEngine(plan, store, clock, { observer: { onRunStart: (event) => starts.push(event.phases) } });
    expect(journal.records[0]).toMatchObject({ type: 'run-start', operations: 4, phases });
    expect(starts).toEqual([phases]);
  });

  it('leaves out what a run did not have: no interruption, journal file or verification', async () => {
    const clock = new FakeClock();
    const { result, journal } = await runEngine(twoAcquisitions(), new ScriptedStore({ clock, latencyMs: 10 }), clock, { verify: false });
    const counts = { applied: 2, failed: 0, skipped: 0 };
    expect(result).toStrictEqual({ outcomes: [expect.anything(), expect.anything()], interrupted: false, elapsedMs: 10, counts });
    expect(journal.records.at(-1)).toStrictEqual({ type: 'run-end', time: new Date(clock.now()).toISOString(), runId: 'run-1', counts, interrupted: false, elapsedMs: 10 });
  });
});
