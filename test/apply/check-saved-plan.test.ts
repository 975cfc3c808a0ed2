import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { checkSavedPlan } from '../../src/apply/check-saved-plan.js';
import { createMemoryJournal } from '../../src/apply/journal.js';
import type { Plan } from '../../src/model/plan.js';
import { MemoryStore } from '../../src/stores/memory-store.js';
import { generatedId, generateTenant, GENERATED_SKUS } from '../../emulator/generate-tenant.js';
import { desiredState, planFor } from './plan-helpers.js';

/**
 * `apply --plan` through its check: every kind of edit to a saved plan, and the guards
 * recomputed against the store with the stricter limits. A plan object here is what reading
 * the file gives: any field may have been changed.
 */
const user = (n: number): string => generatedId('0000a11c', n);
const team = generatedId('00009409', 1);
const { e3, e5, powerBi } = GENERATED_SKUS;

async function seeded() {
  const store = new MemoryStore(generateTenant({ users: 120 }), { requireLock: false });
  const desired = desiredState({ users: { [user(1)]: [e5], [user(3)]: [] }, groups: { [team]: [powerBi] }, managed: [e3, e5, powerBi] });
  desired.settings.maxRemovals = 50;
  const plan = await planFor(store, desired);
  return { store, plan: structuredClone(plan) };
}

describe('checkSavedPlan', () => {
  it('accepts the plan as made', async () => {
    const { store, plan } = await seeded();
    expect(plan.operations.length).toBe(3);
    expect((await checkSavedPlan(plan, store, {})).kind).toBe('applicable');
  });

  it.each<[string, (plan: Plan) => void, string | RegExp]>([
    ['a request that differs from its changes', (p) => p.operations[0]?.request.addLicenses.push({ skuId: e3, disabledPlans: [] }), 'the request it would send differs'],
    ['an unmanaged SKU', (p) => p.operations[0]?.request.removeLicenses.push('11111111-1111-4111-8111-111111111111'), "not one of the plan's managed SKUs"],
    ['a change of an unmanaged SKU', (p) => { p.settings.managedSkus = p.settings.managedSkus.filter((s) => s.skuId !== e5); }, "is not one of the plan's managed SKUs"],
    ['an operation id that is not its principal', (p) => { const op = p.operations[0]; if (op) op.id = `user:${user(99)}`; }, 'is not user:'],
    ['a wrong phase', (p) => { const op = p.operations[0]; if (op) op.phase = op.phase === 'release' ? 'acquire' : 'release'; }, 'does not follow from its changes'],
    ['a summary that hides a change', (p) => { p.summary.remove = 0; }, 'the summary says'],
    ['plans switched on that the change does not switch on', (p) => { p.operations[0]?.changes[0]?.plansEnabled.push({ servicePlanId: '70d33638-9c74-4d01-bfd3-562de28bd4ba', servicePlanName: 'BI_AZURE_P2' }); }, /only an update switches plans on or off|plans it says it switches on and off/],
  ])('refuses %s as altered', async (_name, edit, message) => {
    const { store, plan } = await seeded();
    edit(plan);
    const check = await checkSavedPlan(plan, store, {});
    expect(check.kind).toBe('altered');
    expect(check.kind === 'altered' && check.problems.join('\n')).toMatch(message);
  });

  it('shows and runs what the store says, not the names the file shows', async () => {
    const { store, plan } = await seeded();
    const change = plan.operations[0]?.changes[0];
    if (change === undefined) throw new Error('change expected');
    const real = change.sku.skuPartNumber;
    change.sku.skuPartNumber = 'PRETTY_HARMLESS';
    plan.checks.push({ code: 'data-loss-risk', severity: 'warning', message: 'nothing to worry about' });
    const check = await checkSavedPlan(plan, store, {});
    expect(check.kind).toBe('applicable');
    if (check.kind !== 'applicable') return;
    expect(check.plan.operations[0]?.changes[0]?.sku.skuPartNumber).toBe(real);
    expect(check.plan.checks.map((c) => c.message)).not.toContain('nothing to worry about');
  });

  it('refuses a plan that was blocked, whatever its flag says', async () => {
    const { store, plan } = await seeded();
    plan.checks.push({ code: 'seats-insufficient', severity: 'error', message: 'not enough seats' });
    plan.summary.errors = 1;
    expect(await checkSavedPlan(plan, store, {})).toMatchObject({ kind: 'blocked', whenMade: true, plan: { blocked: true } });
    await expect(applyPlan(plan, store, { journal: createMemoryJournal() })).rejects.toThrow(/refusing a blocked plan \(not enough seats\)/);
  });

  it('recomputes the removal guard with the stricter limit', async () => {
    const { store, plan } = await seeded();
    expect(plan.summary.removals).toBe(1);
    expect(await checkSavedPlan(plan, store, { maxRemovals: 0 })).toMatchObject({ kind: 'blocked', whenMade: false, checks: [expect.objectContaining({ code: 'removal-guard', message: 'the plan removes 1 license, more than the limit of 0' })] });
    plan.settings.maxRemovals = 0;
    expect((await checkSavedPlan(plan, store, { maxRemovals: 500 })).kind).toBe('blocked');
  });

  it('recomputes the seat check against the seats the store has now', async () => {
    const { store, plan } = await seeded();
    const doc = generateTenant({ users: 120 });
    for (const sku of doc.subscribedSkus) sku.prepaidUnits.enabled = sku.consumedUnits;
    const full = new MemoryStore(doc, { requireLock: false });
    expect((await checkSavedPlan(plan, store, {})).kind).toBe('applicable');
    expect(await checkSavedPlan(plan, full, {})).toMatchObject({ kind: 'blocked', checks: expect.arrayContaining([expect.objectContaining({ code: 'seats-insufficient' })]) });
  });

  it('recomputes the guard against removing every managed license: the apply needs --allow-remove-all too', async () => {
    const doc = generateTenant({ users: 9, groups: 0 });
    const store = new MemoryStore(doc, { requireLock: false });
    const holders = doc.users.filter((u) => u.licenseAssignmentStates.some((s) => s.skuId === e3)).map((u) => u.id);
    const desired = desiredState({ users: Object.fromEntries(holders.map((id) => [id, []])), managed: [e3] });
    const plan = structuredClone(await planFor(store, desired));
    expect(plan.blocked).toBe(false);
    expect(await checkSavedPlan(plan, store, {})).toMatchObject({ kind: 'blocked', checks: [expect.objectContaining({ code: 'remove-all-guard' })] });
    expect((await checkSavedPlan(plan, store, { allowRemoveAll: true })).kind).toBe('applicable');
  });

  it('counts seats by the rule the plan was made with: grace-period seats free when the config said so', async () => {
    const doc = generateTenant({ users: 120 });
    const sku = doc.subscribedSkus.find((s) => s.skuId === e5);
    if (sku === undefined) throw new Error('E5 expected');
    sku.prepaidUnits.enabled = sku.consumedUnits + 5;
    sku.prepaidUnits.warning = 5;
    const store = new MemoryStore(doc, { requireLock: false });
    const desired = desiredState({ users: { [user(1)]: [e5] }, managed: [e3, e5] });
    desired.settings.graceSeatsAreFree = true;
    const plan = structuredClone(await planFor(store, desired));
    expect(plan.blocked).toBe(false);
    const check = await checkSavedPlan(plan, store, {});
    expect(check.kind).toBe('applicable');
    expect(check.kind === 'applicable' && check.plan.settings.graceSeatsAreFree).toBe(true);
  });

  it('shows the cost computed again at the plan\'s prices, never the amounts or seat counts the file shows', async () => {
    const store = new MemoryStore(generateTenant({ users: 120 }), { requireLock: false });
    const desired = desiredState({ users: { [user(1)]: [e5], [user(3)]: [] }, groups: { [team]: [powerBi] }, managed: [e3, e5, powerBi] });
    Object.assign(desired.settings, { currency: { code: 'EUR', digits: 2 }, prices: { [e5]: 5700n, [powerBi]: 1200n }, billing: 'annual' });
    const made = await planFor(store, desired);
    expect(made.cost?.total.net).toMatch(/^-?\d+\.\d\d$/);
    const plan = structuredClone(made);
    if (plan.cost === undefined) throw new Error('cost expected');
    // The prices are the plan's own (no config is read); every amount and seat count follows from them.
    plan.cost.total.net = '-99999.00';
    for (const row of plan.cost.skus) Object.assign(row, { seatsAdded: 0, seatsFreed: 9, added: '0.00', freed: '99999.00', net: '-99999.00' });
    const check = await checkSavedPlan(plan, store, {});
    expect(check.kind).toBe('applicable');
    expect(check.kind === 'applicable' && check.plan.cost).toEqual(made.cost);
  });

  it('calls a principal whose id now names someone else stale, naming both', async () => {
    const { store, plan } = await seeded();
    const op = plan.operations.find((o) => o.principal.id === user(1));
    if (op === undefined) throw new Error('operation expected');
    op.principal.name = 'alice@contoso.example';
    const check = await checkSavedPlan(plan, store, {});
    expect(check).toMatchObject({ kind: 'stale', differences: [{ message: `user id ${user(1)} is user1@contoso.example in the tenant, but the plan shows alice@contoso.example` }] });
  });

  it('calls a plan stale when what it touches changed since, before comparing its changes with the store', async () => {
    const { store, plan } = await seeded();
    const first = plan.operations.find((o) => o.principal.id === user(1));
    if (first === undefined) throw new Error('operation expected');
    // Someone made the plan's own change meanwhile: the changes shown no longer follow from the store.
    const [written] = await store.applyBatch([{ principal: { kind: 'user', id: user(1) }, ...first.request }]);
    expect(written?.ok).toBe(true);
    expect(await checkSavedPlan(plan, store, {})).toMatchObject({ kind: 'stale', differences: [{ kind: 'principal-changed', principal: { id: user(1) } }] });
  });

  it('shows the checks recomputed now, without notes about holders outside the plan, and counts them by severity', async () => {
    const { store, plan } = await seeded();
    expect(plan.checks.filter((c) => c.code === 'unmanaged-holders')).toHaveLength(2);
    const check = await checkSavedPlan(plan, store, { maxRemovals: 0 });
    expect(check.kind).toBe('blocked');
    if (check.kind !== 'blocked') return;
    expect(check.plan.checks.map((c) => [c.code, c.severity])).toEqual([
      ['removal-guard', 'error'],
      ['data-loss-risk', 'warning'],
      ['inherited-only', 'warning'],
      ['inherited-only', 'warning'],
    ]);
    expect(check.plan.summary).toMatchObject({ errors: 1, warnings: 3 });
  });

  it('shows no cost for a plan made without prices', async () => {
    const { store, plan } = await seeded();
    const check = await checkSavedPlan(plan, store, {});
    expect(check.kind).toBe('applicable');
    expect(check.kind === 'applicable' && check.plan).not.toHaveProperty('cost');
  });
});
