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
    expect(outcomeOf(result, 'group:sales')).toMatchObject({
      status: 'applied',
      processingState: 'ProcessingInProgress',
      reason: 'group processing not finished when the wait ended (state: ProcessingInProgress)',
    });
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
});
