import { describe, expect, it } from 'vitest';
import type { GroupProcessing } from '../../src/model/store.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, sku } from './plan-builders.js';
import { outcomeOf, runEngine } from './run-engine.js';
import { ScriptedStore } from './scripted-store.js';

const memberError = (userId: string, skuName: string) => ({ userId, skuId: sku(skuName), error: 'CountViolation' });

describe('group operations', () => {
  it('follows processing with backoff after the writes and reports members Graph could not license', async () => {
    const clock = new FakeClock();
    const startedAt = clock.now();
    const store = new ScriptedStore({
      clock,
      groupProcessing: (groupId, read): GroupProcessing =>
        read < 2
          ? { groupId, state: 'ProcessingInProgress', membersWithErrors: [] }
          : { groupId, state: 'ProcessingComplete', membersWithErrors: [memberError('m1', 'E3'), memberError('m2', 'E3'), memberError('m3', 'VISIO')] },
    });
    const { result, journal, events } = await runEngine(aPlan([anOperation({ id: 'sales', kind: 'group', add: ['E3'] })]), store, clock);

    expect(store.groupReads.map((read) => read.at - startedAt)).toEqual([0, 2000, 6000]);
    expect(outcomeOf(result, 'group:sales')).toMatchObject({
      status: 'applied',
      processingState: 'ProcessingComplete',
      // VISIO is not part of this change: a pre-existing problem, not this operation's.
      memberErrors: [memberError('m1', 'E3'), memberError('m2', 'E3')],
      reason: '2 member(s) could not be licensed (CountViolation ×2)',
    });
    expect(events.groupProcessing).toHaveLength(1);
    expect(journal.records.find((record) => record.type === 'group-processing')).toMatchObject({ operationId: 'group:sales', state: 'ProcessingComplete', finished: true });
  });

  it('stops following after the configured maximum wait and says processing had not finished', async () => {
    const clock = new FakeClock();
    const startedAt = clock.now();
    const store = new ScriptedStore({ clock, groupProcessing: (groupId) => ({ groupId, state: 'ProcessingInProgress', membersWithErrors: [] }) });
    const { result } = await runEngine(aPlan([anOperation({ id: 'sales', kind: 'group', add: ['E3'] })]), store, clock, {
      groupProcessing: { maxWaitMs: 10_000, initialDelayMs: 2000, maxDelayMs: 30_000 },
    });
    expect(store.groupReads.map((read) => read.at - startedAt)).toEqual([0, 2000, 6000]);
    expect(outcomeOf(result, 'group:sales')).toMatchObject({ status: 'applied', processingState: 'ProcessingInProgress', processingFinished: false });
  });

  it('waits for a group release to be processed before acquisitions of the SKU it frees', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      latencyMs: 10,
      groups: { sales: [sku('E3')] },
      groupProcessing: (groupId, read) => ({ groupId, state: read === 0 ? 'ProcessingInProgress' : 'ProcessingComplete', membersWithErrors: [] }),
    });
    const plan = aPlan([anOperation({ id: 'a', add: ['E3'] }), anOperation({ id: 'sales', kind: 'group', remove: ['E3'] })]);
    const { result } = await runEngine(plan, store, clock);

    const acquireAt = store.writes.find((write) => write.principalId === 'a')?.at ?? 0;
    expect(store.groupReads).toHaveLength(2);
    expect(store.groupReads.every((read) => read.at < acquireAt)).toBe(true);
    expect(outcomeOf(result, 'group:sales').processingState).toBe('ProcessingComplete');
    expect(result.counts.applied).toBe(2);
  });

  describe('on a store whose reads lag behind its writes', () => {
    const group = (options: { maxWaitMs?: number } = {}) => ({ groupProcessing: { maxWaitMs: options.maxWaitMs ?? 60_000, firstPollDelayMs: 5000, initialDelayMs: 2000, maxDelayMs: 30_000 } });

    it('waits before the first read and trusts a finished state only after seeing processing run', async () => {
      const clock = new FakeClock();
      const startedAt = clock.now();
      const states = ['ProcessingComplete', 'ProcessingInProgress', 'ProcessingComplete'];
      const store = new ScriptedStore({
        clock,
        eventuallyConsistent: true,
        groupMembers: { sales: ['m1'] },
        groupProcessing: (groupId, read) => ({ groupId, state: states[Math.min(read, 2)] as string, membersWithErrors: [] }),
      });
      const { result } = await runEngine(aPlan([anOperation({ id: 'sales', kind: 'group', add: ['E3'] })]), store, clock, group());

      // The first complete is the previous change's: not trusted; the one after ProcessingInProgress is.
      expect(store.groupReads.map((read) => read.at - startedAt)).toEqual([5000, 7000, 11000]);
      expect(outcomeOf(result, 'group:sales')).toMatchObject({ processingState: 'ProcessingComplete', processingFinished: true });
    });

    it('never reports a stale complete as finished: the wait ends "still processing"', async () => {
      const clock = new FakeClock();
      const store = new ScriptedStore({
        clock,
        eventuallyConsistent: true,
        groupMembers: { sales: ['m1', 'm2'] },
        groupProcessing: (groupId) => ({ groupId, state: 'ProcessingComplete', lastUpdatedDateTime: '2025-12-31T00:00:00Z', membersWithErrors: [] }),
      });
      const { result, journal } = await runEngine(aPlan([anOperation({ id: 'sales', kind: 'group', add: ['E3'] })]), store, clock, group({ maxWaitMs: 20_000 }));

      expect(outcomeOf(result, 'group:sales')).toMatchObject({ processingState: 'ProcessingComplete', processingFinished: false });
      expect(journal.records.find((record) => record.type === 'group-processing')).toMatchObject({ finished: false, verdict: 'unconfirmed' });
      // Each unconfirmed read also looked at the members, who did not show the group's E3.
      expect(store.snapshotReads.filter((query) => query.members)).toHaveLength(store.groupReads.length);
    });

    it('trusts a finished state stamped after the write, and reads a missing state as not started', async () => {
      const clock = new FakeClock();
      const stamped = new ScriptedStore({
        clock,
        eventuallyConsistent: true,
        groupMembers: { sales: ['m1'] },
        groupProcessing: (groupId) => ({ groupId, state: 'ProcessingComplete', lastUpdatedDateTime: new Date(clock.now()).toISOString(), membersWithErrors: [] }),
      });
      const first = await runEngine(aPlan([anOperation({ id: 'sales', kind: 'group', add: ['E3'] })]), stamped, clock, group());
      expect(outcomeOf(first.result, 'group:sales')).toMatchObject({ processingFinished: true });
      expect(stamped.groupReads).toHaveLength(1);

      const silent = new ScriptedStore({ clock, eventuallyConsistent: true, groupProcessing: (groupId) => ({ groupId, state: null, membersWithErrors: [] }) });
      const second = await runEngine(aPlan([anOperation({ id: 'sales', kind: 'group', add: ['E3'] })]), silent, clock, group({ maxWaitMs: 10_000 }));
      expect(outcomeOf(second.result, 'group:sales')).toMatchObject({ processingState: 'NotStarted', processingFinished: false });
    });

    it('confirms a finished state by the members when they already show the change (none to process here)', async () => {
      const clock = new FakeClock();
      const store = new ScriptedStore({ clock, eventuallyConsistent: true, groupProcessing: (groupId) => ({ groupId, state: 'ProcessingComplete', membersWithErrors: [] }) });
      const { result } = await runEngine(aPlan([anOperation({ id: 'sales', kind: 'group', add: ['E3'] })]), store, clock, group());
      expect(outcomeOf(result, 'group:sales')).toMatchObject({ processingFinished: true });
      expect(store.groupReads).toHaveLength(1);
    });
  });
});
