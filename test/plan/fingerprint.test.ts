import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { TenantGroup, TenantUser } from '../../src/model/tenant.js';
import { fingerprintGroup, fingerprintSkus, fingerprintUser } from '../../src/plan/fingerprint.js';
import { findStaleChanges } from '../../src/plan/find-stale-changes.js';
import { aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSku, aSnapshot, aUser, planId } from '../support/builders.js';
import { E3, E5, PBI, runPlan } from './plan-kit.js';

const managed = new Set([E3.skuId]);
const alice = aUser({ licenseAssignmentStates: [aLicenseState(E3.skuId, { disabledPlans: [planId('SWAY')] })] });
const sales = aGroup({ assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }], members: ['m1', 'm2'] });

describe('principal fingerprints', () => {
  it.each<[string, (u: TenantUser) => TenantUser, boolean]>([
    ['direct disabled plans change', (u) => ({ ...u, licenseAssignmentStates: [aLicenseState(E3.skuId)] }), true],
    ['usage location changes', (u) => ({ ...u, usageLocation: 'DE' }), true],
    ['a managed SKU is removed', (u) => ({ ...u, licenseAssignmentStates: [] }), true],
    ['disabled plans are listed in another order', (u) => ({ ...u, licenseAssignmentStates: [aLicenseState(E3.skuId, { disabledPlans: [planId('SWAY'), planId('SWAY')] })] }), false],
    ['an unmanaged SKU is added', (u) => ({ ...u, licenseAssignmentStates: [...u.licenseAssignmentStates, aLicenseState(PBI.skuId)] }), false],
    ['an inherited license is added', (u) => ({ ...u, licenseAssignmentStates: [...u.licenseAssignmentStates, aLicenseState(E3.skuId, { group: sales.id })] }), false],
    ['the display name changes', (u) => ({ ...u, displayName: 'Alice B.' }), false],
  ])('user: %s -> changed %s', (_name, edit, changed) => {
    expect(fingerprintUser(edit(alice), managed) !== fingerprintUser(alice, managed)).toBe(changed);
  });

  it.each<[string, (g: TenantGroup) => TenantGroup, boolean]>([
    ['a member joins', (g) => ({ ...g, members: [...g.members, 'm3'] }), true],
    ['members are listed in another order', (g) => ({ ...g, members: ['m2', 'm1'] }), false],
    ['its managed license changes', (g) => ({ ...g, assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [planId('SWAY')] }] }), true],
    ['an unmanaged license is added', (g) => ({ ...g, assignedLicenses: [...g.assignedLicenses, { skuId: PBI.skuId, disabledPlans: [] }] }), false],
  ])('group: %s -> changed %s', (_name, edit, changed) => {
    expect(fingerprintGroup(edit(sales), managed) !== fingerprintGroup(sales, managed)).toBe(changed);
  });

  it.each([
    ['seat counts move', [{ ...E3, consumedUnits: 99, prepaidUnits: { ...E3.prepaidUnits, enabled: 500 } }, PBI], false],
    ['an unrelated SKU is bought', [E3, PBI, E5], false],
    ['a service plan is added', [aSku({ skuPartNumber: 'SPE_E3', plans: [...E3.servicePlans.map((p) => p.servicePlanName), 'NEW_PLAN'] }), PBI], true],
    ['the part number changes', [{ ...E3, skuPartNumber: 'SPE_E3_NEW' }, PBI], true],
    ['the SKU is gone', [PBI], true],
  ] as const)('SKUs: %s -> changed %s', (_name, skus, changed) => {
    expect(fingerprintSkus(skus, [E3.skuId]) !== fingerprintSkus([E3, PBI], [E3.skuId])).toBe(changed);
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
  const plan = runPlan(desired, snapshot);
  const withUsers = (users: TenantUser[]): Snapshot => ({ ...snapshot, users });

  it.each<[string, Snapshot, [string, string][]]>([
    ['nothing changed', snapshot, []],
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
    ['a user was deleted', withUsers([alice]), [['principal-missing', `user bob@contoso.com (${bob.id}) no longer exists`]]],
    [
      'a group member joined',
      { ...snapshot, groups: [{ ...sales, members: [...sales.members, 'm9'] }] },
      [['principal-changed', 'group Sales changed since the plan was made: its licenses or members changed']],
    ],
    ['a managed SKU is gone', { ...snapshot, skus: [PBI] }, [['skus-changed', 'the managed SKUs changed since the plan was made: SPE_E3 is no longer subscribed']]],
    [
      'a managed SKU got a new plan',
      { ...snapshot, skus: [aSku({ skuPartNumber: 'SPE_E3', plans: [...E3.servicePlans.map((p) => p.servicePlanName), 'NEW_PLAN'] }), PBI] },
      [['skus-changed', 'the managed SKUs changed since the plan was made: their service plans differ']],
    ],
  ])('%s', (_name, fresh, expected) => {
    expect(plan.operations).toHaveLength(3);
    expect(findStaleChanges(plan, fresh).map((s) => [s.kind, s.message])).toEqual(expected);
  });

  it('survives a JSON round trip of the saved plan', () => {
    const saved = JSON.parse(JSON.stringify(plan));
    expect(findStaleChanges(saved, snapshot)).toEqual([]);
  });
});
