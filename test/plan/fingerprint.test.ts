import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { LicenseAssignmentState, SubscribedSku, TenantGroup, TenantUser } from '../../src/model/tenant.js';
import { fingerprintGroup, fingerprintSkus, fingerprintUser } from '../../src/plan/fingerprint.js';
import { findStaleChanges } from '../../src/plan/find-stale-changes.js';
import { aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSku, aSnapshot, aUser, planId } from '../support/builders.js';
import { E3, E5, PBI, runPlan } from './plan-kit.js';

const managed = new Set([E3.skuId]);
const alice = aUser({ licenseAssignmentStates: [aLicenseState(E3.skuId, { disabledPlans: [planId('SWAY'), planId('TEAMS1')] })] });
/** Alice's direct E3 with these disabled plans, in this order. */
const aliceWith = (u: TenantUser, disabledPlans: string[]): TenantUser => ({ ...u, licenseAssignmentStates: [aLicenseState(E3.skuId, { disabledPlans })] });
const sales = aGroup({ assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }], members: ['m1', 'm2'] });

describe('principal fingerprints', () => {
  it.each<[string, boolean, (u: TenantUser) => TenantUser]>([
    ['direct disabled plans change', true, (u) => ({ ...u, licenseAssignmentStates: [aLicenseState(E3.skuId)] })],
    ['usage location changes', true, (u) => ({ ...u, usageLocation: 'DE' })],
    ['a managed SKU is removed', true, (u) => ({ ...u, licenseAssignmentStates: [] })],
    ['a disabled plan is dropped', true, (u) => aliceWith(u, [planId('SWAY')])],
    // Graph does not promise an order for disabledPlans, nor that it lists a plan once.
    ['disabled plans are listed in another order', false, (u) => aliceWith(u, [planId('TEAMS1'), planId('SWAY')])],
    ['a disabled plan is listed twice', false, (u) => aliceWith(u, [planId('SWAY'), planId('TEAMS1'), planId('SWAY')])],
    ['listed twice and in another order', false, (u) => aliceWith(u, [planId('TEAMS1'), planId('SWAY'), planId('TEAMS1')])],
    ['an unmanaged SKU is added', false, (u) => ({ ...u, licenseAssignmentStates: [...u.licenseAssignmentStates, aLicenseState(PBI.skuId)] })],
    ['an inherited license is added', false, (u) => ({ ...u, licenseAssignmentStates: [...u.licenseAssignmentStates, aLicenseState(E3.skuId, { group: sales.id })] })],
    ['the display name changes', false, (u) => ({ ...u, displayName: 'Alice B.' })],
  ])('user: %s -> changed %s', (_name, changed, edit) => {
    expect(fingerprintUser(edit(alice), managed) !== fingerprintUser(alice, managed)).toBe(changed);
  });

  it.each<[string, boolean, (g: TenantGroup) => TenantGroup]>([
    ['a member joins', true, (g) => ({ ...g, members: [...g.members, 'm3'] })],
    ['members are listed in another order', false, (g) => ({ ...g, members: ['m2', 'm1'] })],
    ['its managed license changes', true, (g) => ({ ...g, assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [planId('SWAY')] }] })],
    ['an unmanaged license is added', false, (g) => ({ ...g, assignedLicenses: [...g.assignedLicenses, { skuId: PBI.skuId, disabledPlans: [] }] })],
  ])('group: %s -> changed %s', (_name, changed, edit) => {
    expect(fingerprintGroup(edit(sales), managed) !== fingerprintGroup(sales, managed)).toBe(changed);
  });

  it.each<[string, boolean, SubscribedSku[]]>([
    ['seat counts move', false, [{ ...E3, consumedUnits: 99, prepaidUnits: { ...E3.prepaidUnits, enabled: 500 } }, PBI]],
    ['an unrelated SKU is bought', false, [E3, PBI, E5]],
    ['a service plan is added', true, [aSku({ skuPartNumber: 'SPE_E3', plans: [...E3.servicePlans.map((p) => p.servicePlanName), 'NEW_PLAN'] }), PBI]],
    ['the part number changes', true, [{ ...E3, skuPartNumber: 'SPE_E3_NEW' }, PBI]],
    ['the SKU is gone', true, [PBI]],
  ])('SKUs: %s -> changed %s', (_name, changed, skus) => {
    expect(fingerprintSkus(skus, [E3.skuId]) !== fingerprintSkus([E3, PBI], [E3.skuId])).toBe(changed);
  });

  describe('a user with two managed SKUs', () => {
    const both = new Set([E3.skuId, E5.skuId]);
    const withStates = (...states: LicenseAssignmentState[]) => aUser({ licenseAssignmentStates: states });
    const e3 = aLicenseState(E3.skuId);
    const e5 = aLicenseState(E5.skuId, { disabledPlans: [planId('SWAY')] });

    it.each<[string, boolean, TenantUser]>([
      ['the second SKU changes its disabled plans', true, withStates(e3, aLicenseState(E5.skuId))],
      ['the SKUs are listed in another order', false, withStates(e5, e3)],
      // Not something Graph sends for direct assignments; the first entry decides.
      ['a second entry for the same SKU follows', false, withStates(e3, e5, aLicenseState(E3.skuId, { disabledPlans: [planId('TEAMS1')] }))],
    ])('%s -> changed %s', (_name, changed, user) => {
      expect(fingerprintUser(user, both) !== fingerprintUser(withStates(e3, e5), both)).toBe(changed);
    });
  });

  it('is a short hex digest', () => {
    expect(fingerprintUser(alice, managed)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('findStaleChanges', () => {
  const bob = aUser({ userPrincipalName: 'bob@contoso.com' });
  const snapshot = aSnapshot({ skus: [E3, PBI], users: [alice, bob], groups: [sales] });
  const desired = aDesired({
    users: [aDesiredPrincipal('user', alice.userPrincipalName, [aDesiredLicense(E3.skuId)]), aDesiredPrincipal('user', bob.userPrincipalName, [aDesiredLicense(E3.skuId)])],
    groups: [aDesiredPrincipal('group', 'Sales', [aDesiredLicense(E3.skuId, [planId('TEAMS1')])])],
  });
  // Planned inside each test, so a mutation testing run sees which test reads which code.
  const planned = () => runPlan(desired, snapshot);
  const withUsers = (users: TenantUser[]): Snapshot => ({ ...snapshot, users });

  it.each<[string, Snapshot, [string, string][]]>([
    ['nothing changed', snapshot, []],
    // A fresh read may list the same disabled plans in another order: not a reason to refuse.
    ['the disabled plans come back in another order', withUsers([aliceWith(alice, [planId('TEAMS1'), planId('SWAY')]), bob]), []],
    [
      'an update target changed its disabled plans',
      withUsers([{ ...alice, licenseAssignmentStates: [aLicenseState(E3.skuId)] }, bob]),
      [['principal-changed', 'user alice@contoso.com changed since the plan was made: SPE_E3 has other disabled plans']],
    ],
    [
      'an assign target got the SKU meanwhile',
      withUsers([alice, { ...bob, licenseAssignmentStates: [aLicenseState(E3.skuId)] }]),
      [['principal-changed', 'user bob@contoso.com changed since the plan was made: SPE_E3 is now assigned directly']],
    ],
    [
      'a usage location changed',
      withUsers([alice, { ...bob, usageLocation: 'DE' }]),
      [['principal-changed', 'user bob@contoso.com changed since the plan was made: its direct licenses or usage location changed']],
    ],
    [
      'an update target lost the SKU meanwhile',
      withUsers([{ ...alice, licenseAssignmentStates: [] }, bob]),
      [['principal-changed', 'user alice@contoso.com changed since the plan was made: SPE_E3 is no longer assigned directly']],
    ],
    ['a user was deleted', withUsers([alice]), [['principal-missing', `user bob@contoso.com (${bob.id}) no longer exists`]]],
    ['a group was deleted', { ...snapshot, groups: [] }, [['principal-missing', `group Sales (${sales.id}) no longer exists`]]],
    [
      'a group\'s license changed',
      { ...snapshot, groups: [{ ...sales, assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [planId('SWAY')] }] }] },
      [['principal-changed', 'group Sales changed since the plan was made: SPE_E3 has other disabled plans']],
    ],
    [
      'a group member joined',
      { ...snapshot, groups: [{ ...sales, members: [...sales.members, 'm9'] }] },
      [['principal-changed', 'group Sales changed since the plan was made: its licenses or members changed']],
    ],
    ['a managed SKU is gone', { ...snapshot, skus: [PBI] }, [['skus-changed', 'the managed SKUs changed since the plan was made: SPE_E3 is no longer subscribed']]],
    [
      'a managed SKU was renamed',
      { ...snapshot, skus: [{ ...E3, skuPartNumber: 'SPE_E3_NEW' }, PBI] },
      [['skus-changed', 'the managed SKUs changed since the plan was made: SPE_E3 is now called SPE_E3_NEW']],
    ],
    [
      'a managed SKU got a new plan',
      { ...snapshot, skus: [aSku({ skuPartNumber: 'SPE_E3', plans: [...E3.servicePlans.map((p) => p.servicePlanName), 'NEW_PLAN'] }), PBI] },
      [['skus-changed', 'the managed SKUs changed since the plan was made: their service plans differ']],
    ],
  ])('%s', (_name, fresh, expected) => {
    const plan = planned();
    expect(plan.operations).toHaveLength(3);
    expect(findStaleChanges(plan, fresh).map((s) => [s.kind, s.message])).toEqual(expected);
  });

  it('names a managed SKU the tenant subscribes to since the plan was made, and every other SKU change with it', () => {
    const withoutE5 = aSnapshot({ skus: [E3], users: [bob] });
    const plan = runPlan(aDesired({ users: [aDesiredPrincipal('user', bob.userPrincipalName, [aDesiredLicense(E3.skuId)])], settings: { managedSkuIds: [E3.skuId, E5.skuId] } }), withoutE5);
    expect(findStaleChanges(plan, { ...withoutE5, skus: [E3, E5] }).map((s) => s.message)).toEqual([
      'the managed SKUs changed since the plan was made: SPE_E5 is now subscribed',
    ]);
    expect(findStaleChanges(plan, { ...withoutE5, skus: [{ ...E3, skuPartNumber: 'SPE_E3_NEW' }, E5] }).map((s) => s.message)).toEqual([
      // In the plan's order of managed SKUs, where one not subscribed then sorts by its id.
      'the managed SKUs changed since the plan was made: SPE_E5 is now subscribed; SPE_E3 is now called SPE_E3_NEW',
    ]);
  });

  // Each SKU of the operation is compared with the same SKU's direct assignment now; a license
  // the user inherits meanwhile is no direct assignment.
  it.each<[string, TenantUser['licenseAssignmentStates'], string]>([
    ['one of its SKUs was assigned meanwhile', [aLicenseState(PBI.skuId)], 'POWER_BI_PRO is now assigned directly'],
    ['both of its SKUs were assigned meanwhile', [aLicenseState(E3.skuId), aLicenseState(PBI.skuId)], 'POWER_BI_PRO is now assigned directly; SPE_E3 is now assigned directly'],
    ['it inherits one of its SKUs meanwhile, and its usage location changed', [aLicenseState(E3.skuId, { group: sales.id })], 'its direct licenses or usage location changed'],
  ])('an operation on two SKUs: %s', (_name, states, details) => {
    const desiredBob = aDesired({ users: [aDesiredPrincipal('user', bob.userPrincipalName, [aDesiredLicense(E3.skuId), aDesiredLicense(PBI.skuId)])] });
    const plan = runPlan(desiredBob, aSnapshot({ skus: [E3, PBI], users: [bob] }));
    const fresh = aSnapshot({ skus: [E3, PBI], users: [{ ...bob, usageLocation: 'DE', licenseAssignmentStates: states }] });
    expect(findStaleChanges(plan, fresh).map((s) => s.message)).toEqual([`user bob@contoso.com changed since the plan was made: ${details}`]);
  });

  it('survives a JSON round trip of the saved plan', () => {
    const saved = JSON.parse(JSON.stringify(planned()));
    expect(findStaleChanges(saved, snapshot)).toEqual([]);
  });
});
