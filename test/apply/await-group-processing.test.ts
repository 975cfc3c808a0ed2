import { describe, expect, it } from 'vitest';
import type { GroupProcessingRecord } from '../../src/apply/journal.js';
import { StoreError, type GroupMemberError, type GroupProcessing } from '../../src/model/store.js';
import { aLicenseState } from '../support/builders.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, sku } from './plan-builders.js';
import { outcomeOf, runEngine } from './run-engine.js';
import { ScriptedStore, type ScriptedStoreOptions } from './scripted-store.js';

const addsE3 = (id: string) => anOperation({ id, kind: 'group', add: ['E3'] });
const inProgress = (groupId: string): GroupProcessing => ({ groupId, state: 'ProcessingInProgress', membersWithErrors: [] });
const complete = (groupId: string, membersWithErrors: GroupMemberError[] = []): GroupProcessing => ({ groupId, state: 'ProcessingComplete', membersWithErrors });
const processingRecords = (records: readonly { type: string }[]) => records.filter((record): record is GroupProcessingRecord => record.type === 'group-processing');

/** Reads at fake times relative to the start, and the outcome of group `sales`. */
async function follow(options: Omit<ScriptedStoreOptions, 'clock'>, groupProcessing: Record<string, number>, operations = [addsE3('sales')]) {
  const clock = new FakeClock();
  const startedAt = clock.now();
  const store = new ScriptedStore({ clock, ...options });
  const run = await runEngine(aPlan(operations), store, clock, { groupProcessing });
  return { ...run, store, readsAt: store.groupReads.map((read) => read.at - startedAt) };
}

describe('waiting for group-based licensing to process', () => {
  it('does not read processing at all when the wait is switched off', async () => {
    const { result, journal, store } = await follow({ groupProcessing: inProgress }, { maxWaitMs: 0 });
    expect(store.groupReads).toEqual([]);
    expect(outcomeOf(result, 'group:sales')).not.toHaveProperty('processingState');
    expect(processingRecords(journal.records)).toEqual([]);
  });

  it('asks only about the groups still processing, until every one has finished', async () => {
    const finishesAt: Record<string, number> = { a: 0, b: 2 };
    const { result, store } = await follow(
      { groupProcessing: (groupId, read) => (read >= (finishesAt[groupId] ?? 0) ? complete(groupId) : inProgress(groupId)) },
      { maxWaitMs: 60_000, initialDelayMs: 2000, maxDelayMs: 30_000 },
      [addsE3('a'), addsE3('b')],
    );
    expect(store.groupReads.map((read) => read.ids)).toEqual([['a', 'b'], ['b'], ['b']]);
    for (const id of ['group:a', 'group:b']) {
      expect(outcomeOf(result, id)).toMatchObject({ processingState: 'ProcessingComplete', processingFinished: true, memberErrors: [] });
      // Finished without member errors: nothing to explain.
      expect(outcomeOf(result, id).reason).toBeUndefined();
    }
  });

  it('still reads at the very end of the wait', async () => {
    const { result, readsAt } = await follow({ groupProcessing: inProgress }, { maxWaitMs: 6000, initialDelayMs: 2000, maxDelayMs: 30_000 });
    expect(readsAt).toEqual([0, 2000, 6000]);
    expect(outcomeOf(result, 'group:sales')).toMatchObject({ processingFinished: false });
    // Running out of time is what processingFinished says; the reason stays for what went wrong.
    expect(outcomeOf(result, 'group:sales').reason).toBeUndefined();
  });

  it('on a store whose reads lag, reads once at the end of a wait shorter than the first poll delay', async () => {
    const { result, readsAt } = await follow(
      { eventuallyConsistent: true, groupProcessing: inProgress },
      { maxWaitMs: 3000, firstPollDelayMs: 5000, initialDelayMs: 2000, maxDelayMs: 30_000 },
    );
    expect(readsAt).toEqual([3000]);
    expect(outcomeOf(result, 'group:sales')).toMatchObject({ processingState: 'ProcessingInProgress', processingFinished: false });
  });

  it('ends the wait when a read fails: groups not finished say why, finished ones keep their result', async () => {
    const failure = new StoreError('Graph GET /groups failed: 503 ServiceUnavailable', { status: 503 });
    const { result, journal } = await follow(
      {
        groupProcessing: (groupId, read) => {
          if (read > 0) throw failure;
          return groupId === 'a' ? complete(groupId) : inProgress(groupId);
        },
      },
      { maxWaitMs: 60_000 },
      [addsE3('a'), addsE3('b')],
    );
    expect(outcomeOf(result, 'group:a')).toMatchObject({ processingState: 'ProcessingComplete', processingFinished: true });
    expect(outcomeOf(result, 'group:a').reason).toBeUndefined();
    expect(outcomeOf(result, 'group:b')).toMatchObject({
      processingState: 'ProcessingInProgress',
      processingFinished: false,
      reason: 'group processing could not be read: Graph GET /groups failed: 503 ServiceUnavailable',
    });
    expect(processingRecords(journal.records).map((record) => [record.operationId, record.finished, record.verdict])).toEqual([
      ['group:a', true, undefined],
      ['group:b', false, 'running'],
    ]);

    const failing = (): GroupProcessing => {
      throw failure;
    };
    const never = await follow({ groupProcessing: failing }, { maxWaitMs: 60_000 });
    expect(outcomeOf(never.result, 'group:sales')).toMatchObject({
      processingState: 'unknown',
      processingFinished: false,
      reason: 'group processing could not be read: Graph GET /groups failed: 503 ServiceUnavailable',
    });
  });

  it('keeps what the operation already had to say and adds the members Graph could not license', async () => {
    // The group no longer holds E3: the first attempt is refused, the retry only adds E5.
    const { result } = await follow(
      { groups: { sales: [] }, groupProcessing: (groupId) => complete(groupId, [{ userId: 'm1', skuId: sku('E5'), error: 'CountViolation' }]) },
      { maxWaitMs: 60_000 },
      [anOperation({ id: 'sales', kind: 'group', add: ['E5'], remove: ['E3'] })],
    );
    expect(outcomeOf(result, 'group:sales').reason).toBe('retried without removals already gone: E3; 1 member(s) could not be licensed (CountViolation ×1)');
  });

  // Graph's member states: `Error` (not licensed; also when absent) or `ActiveWithError` (licensed, some plans failed).
  it.each<[string, Omit<GroupMemberError, 'skuId'>[], string]>([
    [
      'not licensed, counted per error',
      [{ userId: 'm1', error: 'CountViolation' }, { userId: 'm2', error: 'CountViolation', state: 'Error' }, { userId: 'm3', error: 'MutuallyExclusiveViolation' }],
      '3 member(s) could not be licensed (CountViolation ×2, MutuallyExclusiveViolation ×1)',
    ],
    ['licensed with errors', [{ userId: 'm1', error: 'DependencyViolation', state: 'ActiveWithError' }], '1 member(s) have license errors (DependencyViolation (active with error) ×1)'],
    [
      'some not licensed, some with errors',
      [{ userId: 'm1', error: 'CountViolation' }, { userId: 'm2', error: 'DependencyViolation', state: 'ActiveWithError' }],
      '2 member(s) have license errors (CountViolation ×1, DependencyViolation (active with error) ×1)',
    ],
  ])('describes members %s', async (_name, errors, reason) => {
    const memberErrors = errors.map((error) => ({ ...error, skuId: sku('E3') }));
    const { result } = await follow({ groupProcessing: (groupId) => complete(groupId, memberErrors) }, { maxWaitMs: 60_000 });
    expect(outcomeOf(result, 'group:sales')).toMatchObject({ memberErrors, reason });
  });
});

describe('confirming a possibly stale finished state by the members (reads that lag)', () => {
  const lagging = { maxWaitMs: 10_000, firstPollDelayMs: 1000, initialDelayMs: 2000, maxDelayMs: 30_000 };
  const inheritsE3 = (group: string) => [aLicenseState(sku('E3'), { group })];

  it('trusts the finished state once every member shows the group license, reading only the groups and their members', async () => {
    const { result, store } = await follow(
      { eventuallyConsistent: true, groupMembers: { sales: ['m1', 'm2'] }, inherited: { m1: inheritsE3('sales'), m2: inheritsE3('sales') }, groupProcessing: (groupId) => complete(groupId) },
      lagging,
    );
    expect(outcomeOf(result, 'group:sales')).toMatchObject({ processingFinished: true });
    expect(store.groupReads).toHaveLength(1);
    expect(store.snapshotReads.filter((query) => query.members)).toEqual([{ users: [], groups: ['sales'], holdersOf: [], members: true }]);
  });

  it('does not trust it while a member could not be read', async () => {
    const { result, store } = await follow(
      { eventuallyConsistent: true, groupMembers: { sales: ['m1', 'm2'] }, inherited: { m1: inheritsE3('sales') }, missing: ['m2'], groupProcessing: (groupId) => complete(groupId) },
      lagging,
    );
    expect(outcomeOf(result, 'group:sales')).toMatchObject({ processingFinished: false });
    expect(store.groupReads.length).toBeGreaterThan(1);
  });

  it('judges each group by its own members', async () => {
    const { result } = await follow(
      { eventuallyConsistent: true, groupMembers: { a: ['m1'], b: ['m2'] }, inherited: { m1: inheritsE3('a') }, groupProcessing: (groupId) => complete(groupId) },
      lagging,
      [addsE3('a'), addsE3('b')],
    );
    expect(outcomeOf(result, 'group:a')).toMatchObject({ processingFinished: true });
    expect(outcomeOf(result, 'group:b')).toMatchObject({ processingFinished: false });
  });
});
