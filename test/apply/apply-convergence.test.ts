import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/model/store.js';
import type { OperationStartRecord } from '../../src/apply/journal.js';
import { aLicenseState } from '../support/builders.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, sku } from './plan-builders.js';
import { outcomeOf, runEngine } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';

// These follow the re-reads of the removal path alone; verification after the run is tested on its own.
const noVerify = { verify: false } as const;

describe('removal of a license the principal no longer has', () => {
  it('counts a remove-only operation as applied, with a reason, without re-reading', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, users: { a: [] } });
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', remove: ['E3'] })]), store, clock, noVerify);
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'applied', attempts: 1, reason: 'already removed: E3' });
    expect(store.snapshotReads).toEqual([]);
  });

  it('retries an operation that also adds without the removals already gone (re-read through the store)', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, users: { a: [sku('E1')] } });
    const { result, journal } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E5'], remove: ['E3'] })]), store, clock, noVerify);

    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'applied', attempts: 2, reason: 'retried without removals already gone: E3' });
    expect(store.snapshotReads).toEqual([{ users: ['a'], groups: [], holdersOf: [], members: false }]);
    expect(store.held.get('a')).toEqual(new Set([sku('E1'), sku('E5')]));
    const attempts = journal.records.filter((record): record is OperationStartRecord => record.type === 'operation-start');
    expect(attempts.map((record) => record.request)).toEqual([
      { addSkuIds: [sku('E5')], removeSkuIds: [sku('E3')] },
      { addSkuIds: [sku('E5')], removeSkuIds: [] },
    ]);
    expect(journal.records.find((record) => record.type === 'operation-end')).toMatchObject({ request: { removeSkuIds: [] }, result: 'applied' });
  });

  it('keeps the removals still held and converges a remove-only operation with several removals', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, users: { a: [sku('E1')] }, groups: { g: [] } });
    const { result } = await runEngine(
      aPlan([anOperation({ id: 'a', remove: ['E1', 'E3'] }), anOperation({ id: 'g', kind: 'group', remove: ['E1', 'E3'] })]),
      store,
      clock,
    );
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'applied', attempts: 2, reason: 'retried without removals already gone: E3' });
    expect(store.held.get('a')).toEqual(new Set());
    expect(outcomeOf(result, 'group:g')).toMatchObject({ status: 'applied', attempts: 1, reason: 'already removed: E1, E3' });
    // Each principal is re-read as what it is (then verification reads both).
    expect(store.snapshotReads).toEqual([
      { users: ['a'], groups: [], holdersOf: [], members: false },
      { users: [], groups: ['g'], holdersOf: [], members: false },
      { users: ['a'], groups: ['g'], holdersOf: [], members: false },
    ]);
  });

  it('does not count a license the user only inherits from a group as still held', async () => {
    const clock = new FakeClock();
    // E3 is gone directly; a copy inherited from a group cannot be removed on the user and does not block convergence.
    const store = new ScriptedStore({ clock, users: { a: [sku('E1')] }, inherited: { a: [aLicenseState(sku('E3'), { group: 'g' })] } });
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', remove: ['E1', 'E3'] })]), store, clock, noVerify);
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'applied', attempts: 2, reason: 'retried without removals already gone: E3' });
    expect(store.held.get('a')).toEqual(new Set());
  });

  it('fails an operation without removals on this error, as Graph answered, without re-reading', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, fault: () => failure(400, 'Request_BadRequest', 'User does not have a corresponding license.') });
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E5'] })]), store, clock, noVerify);
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'failed', attempts: 1, error: { status: 400, message: 'User does not have a corresponding license.' } });
    expect(store.snapshotReads).toEqual([]);
  });

  it.each([
    ['with the request id Graph gave', { requestId: 'req-7f3a' }],
    ['without a request id', {}],
  ])('reports a failed re-read %s', async (_name, extra) => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock, users: { b: [sku('E1')] }, snapshotFault: () => new StoreError('Insufficient privileges', { status: 403, code: 'Authorization_RequestDenied', ...extra }) });
    const { result } = await runEngine(aPlan([anOperation({ id: 'b', add: ['E5'], remove: ['E3'] })]), store, clock, noVerify);
    expect(outcomeOf(result, 'user:b').error).toStrictEqual({ status: 403, code: 'Authorization_RequestDenied', message: 're-reading b@test.example failed: Insufficient privileges', ...extra });
  });

  it('tries again later when the re-read itself fails transiently, and fails on a permanent read error', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      users: { a: [sku('E1')], b: [sku('E1')] },
      snapshotFault: (read) => (read === 0 ? new StoreError('Graph GET /users failed: 500', { status: 500, code: 'UnknownError' }) : undefined),
    });
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E5'], remove: ['E3'] })]), store, clock, noVerify);
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'applied', attempts: 3, reason: 'retried without removals already gone: E3' });
    expect(store.snapshotReads).toHaveLength(2);

    const denied = new ScriptedStore({ clock, users: { b: [sku('E1')] }, snapshotFault: () => new StoreError('Insufficient privileges', { status: 403, code: 'Authorization_RequestDenied' }) });
    const second = await runEngine(aPlan([anOperation({ id: 'b', add: ['E5'], remove: ['E3'] })]), denied, clock);
    expect(outcomeOf(second.result, 'user:b')).toMatchObject({ status: 'failed', attempts: 1, error: { status: 403, message: 're-reading b@test.example failed: Insufficient privileges' } });
  });

  it('fails with the original error when every removal is still held', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      users: { a: [sku('E3')] },
      fault: () => failure(400, 'Request_BadRequest', 'User does not have a corresponding license.'),
    });
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', add: ['E5'], remove: ['E3'] })]), store, clock);
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'failed', attempts: 1, error: { status: 400, message: 'User does not have a corresponding license.' } });
  });

  it('does not treat an inherited license as already removed', async () => {
    const clock = new FakeClock();
    const message = 'User license is inherited from a group membership and it cannot be removed directly from the user.';
    const store = new ScriptedStore({ clock, users: { a: [sku('E3')] }, fault: () => failure(400, 'Request_BadRequest', message) });
    const { result } = await runEngine(aPlan([anOperation({ id: 'a', remove: ['E3'] })]), store, clock);
    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'failed', attempts: 1, error: { message } });
  });
});
