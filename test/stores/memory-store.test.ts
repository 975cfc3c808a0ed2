import { describe, expect, it } from 'vitest';
import { StoreError, StoreLockedError } from '../../src/model/store.js';
import { MemoryStore, injectedFaults } from '../../src/stores/memory-store.js';
import { GROUP, SKU, USER, contractTenant } from '../support/contract-tenant.js';

const e5For = (id: string) => ({ principal: { kind: 'user' as const, id }, addLicenses: [{ skuId: SKU.e5, disabledPlans: [] }], removeLicenses: [] });

describe('memory store', () => {
  it('reports injected faults instead of performing the request, and records every attempt', async () => {
    const store = new MemoryStore(contractTenant(), {
      requireLock: false,
      writeFault: (request, context) => (context.attempt === 1 ? injectedFaults.throttled(2500) : context.index === 1 ? injectedFaults.networkFailure() : undefined),
    });
    const first = await store.applyBatch([e5For(USER.frank)]);
    expect(first).toEqual([{ ok: false, status: 429, code: 'TooManyRequests', message: 'Please retry again later.', retryAfterMs: 2500 }]);
    expect(store.state.freeSeats(SKU.e5)).toBe(2);
    const second = await store.applyBatch([e5For(USER.frank), e5For(USER.alice)]);
    expect(second.map((result) => [result.ok, result.status])).toEqual([[true, 200], [false, 0]]);
    expect(store.state.freeSeats(SKU.e5)).toBe(1);
    expect(store.writes.map((write) => [write.request.principal.id, write.result.status, write.performed])).toEqual([
      [USER.frank, 429, false],
      [USER.frank, 200, true],
      [USER.alice, 0, false],
    ]);
  });

  it('can lose the response of a request it performed', async () => {
    const store = new MemoryStore(contractTenant(), { requireLock: false, writeFault: () => injectedFaults.lostResponse() });
    expect(await store.applyBatch([e5For(USER.frank)])).toEqual([{ ok: false, status: 0, code: 'NetworkError', message: 'socket hang up' }]);
    expect(store.state.getUser(USER.frank)?.assignedLicenses).toEqual([{ skuId: SKU.e5, disabledPlans: [] }]);
    expect(store.writes[0]?.performed).toBe(true);
  });

  it('has an exclusive lock and, by default, refuses writes without it', async () => {
    const store = new MemoryStore(contractTenant());
    await expect(store.applyBatch([e5For(USER.frank)])).rejects.toBeInstanceOf(StoreError);
    const release = await store.lock();
    await expect(store.lock()).rejects.toBeInstanceOf(StoreLockedError);
    expect(await store.applyBatch([e5For(USER.frank)])).toEqual([{ ok: true, status: 200 }]);
    await release();
    const again = await store.lock();
    await again();
  });

  it('fails reads on demand', async () => {
    const store = new MemoryStore(contractTenant(), {
      readFault: (operation) => (operation === 'snapshot' ? new StoreError('Graph is unreachable', { status: 503, code: 'ServiceUnavailable' }) : undefined),
    });
    await expect(store.readSnapshot({ users: [], groups: [], holdersOf: [], members: false })).rejects.toThrow('Graph is unreachable');
    expect((await store.readOverview()).tenant.displayName).toBe('Contoso');
  });

  it('steps group processing one state per readGroupProcessing call in stepped mode', async () => {
    const store = new MemoryStore(contractTenant(), { groupProcessing: 'stepped', requireLock: false });
    expect(await store.applyBatch([{ principal: { kind: 'group', id: GROUP.engineering }, addLicenses: [{ skuId: SKU.e5, disabledPlans: [] }], removeLicenses: [] }])).toEqual([{ ok: true, status: 202 }]);
    const states = [];
    for (let poll = 0; poll < 3; poll++) states.push((await store.readGroupProcessing([GROUP.engineering]))[0]?.state);
    expect(states).toEqual(['ProcessingInProgress', 'ProcessingComplete', 'ProcessingComplete']);
    expect(store.state.freeSeats(SKU.e5)).toBe(0);
  });

  it('keeps its own copy of the document it was given', async () => {
    const doc = contractTenant();
    const store = new MemoryStore(doc, { requireLock: false });
    await store.applyBatch([e5For(USER.frank)]);
    expect(doc).toEqual(contractTenant());
    expect(store.document().users.find((user) => user.id === USER.frank)?.assignedLicenses).toHaveLength(1);
  });
});
