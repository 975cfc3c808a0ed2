import { describe, expect, it } from 'vitest';
import { checkPlanIsCurrent } from '../../src/apply/check-plan-is-current.js';
import { MemoryStore } from '../../src/stores/memory-store.js';
import { generatedId, generateTenant, GENERATED_SKUS } from '../../emulator/generate-tenant.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan } from './plan-builders.js';
import { desiredState, planFor } from './plan-helpers.js';
import { ScriptedStore } from './scripted-store.js';

const userA = generatedId('0000a11c', 1);
const userB = generatedId('0000a11c', 2);
const team = generatedId('00009409', 1);

async function seeded() {
  const store = new MemoryStore(generateTenant({ users: 120 }), { requireLock: false });
  const desired = desiredState({ users: { [userA]: [GENERATED_SKUS.e5], [userB]: [GENERATED_SKUS.e3] }, groups: { [team]: [GENERATED_SKUS.powerBi] }, managed: [GENERATED_SKUS.e3, GENERATED_SKUS.e5, GENERATED_SKUS.powerBi] });
  const plan = await planFor(store, desired);
  return { store, plan };
}

describe('checkPlanIsCurrent', () => {
  it('finds nothing when the store has not changed', async () => {
    const { store, plan } = await seeded();
    expect(plan.operations.map((operation) => operation.id).sort()).toEqual([`group:${team}`, `user:${userA}`, `user:${userB}`].sort());
    expect(await checkPlanIsCurrent(plan, store)).toEqual([]);
  });

  it('names a principal whose direct licenses changed since the plan was made', async () => {
    const { store, plan } = await seeded();
    const [result] = await store.applyBatch([{ principal: { kind: 'user', id: userB }, addLicenses: [{ skuId: GENERATED_SKUS.e3, disabledPlans: [] }], removeLicenses: [] }]);
    expect(result?.ok).toBe(true);
    const changes = await checkPlanIsCurrent(plan, store);
    expect(changes).toEqual([expect.objectContaining({ kind: 'principal-changed', principal: expect.objectContaining({ id: userB }), message: expect.stringContaining('SPE_E3 is now assigned directly') })]);
  });

  it('refuses a plan made for another tenant', async () => {
    const { plan } = await seeded();
    const other = generateTenant({ users: 120 });
    other.tenant.id = '0000c0de-0000-4000-8000-000000000099';
    const changes = await checkPlanIsCurrent(plan, new MemoryStore(other, { requireLock: false }));
    expect(changes).toEqual([expect.objectContaining({ kind: 'tenant-changed' })]);
  });

  it('names both tenants when the store belongs to another one than the plan', async () => {
    const plan = { ...aPlan([anOperation({ id: 'a', add: ['E3'] })]), tenant: { id: 'other', displayName: 'Other', defaultDomain: 'other.example' } };
    expect(await checkPlanIsCurrent(plan, new ScriptedStore({ clock: new FakeClock() }))).toEqual([
      { kind: 'tenant-changed', message: 'the plan was made for tenant other.example (other) but scripted:test is tenant test.example (tenant)' },
    ]);
  });

  // The fresh snapshot holds exactly what the fingerprints cover: each principal by its kind,
  // and group members only when a group's fan-out is part of the plan.
  it.each([
    ['users and groups', [anOperation({ id: 'a', add: ['E3'] }), anOperation({ id: 'sales', kind: 'group', add: ['E3'] }), anOperation({ id: 'b', remove: ['E5'] })], { users: ['a', 'b'], groups: ['sales'], holdersOf: [], members: true }],
    ['only users', [anOperation({ id: 'a', add: ['E3'] })], { users: ['a'], groups: [], holdersOf: [], members: false }],
    ['only a group', [anOperation({ id: 'sales', kind: 'group', remove: ['E3'] })], { users: [], groups: ['sales'], holdersOf: [], members: true }],
  ])('reads exactly the principals of a plan with %s', async (_name, operations, query) => {
    const store = new ScriptedStore({ clock: new FakeClock(), users: { b: ['sku-E5'] }, groups: { sales: ['sku-E3'] } });
    await checkPlanIsCurrent(aPlan(operations), store);
    expect(store.snapshotReads).toEqual([query]);
  });
});
