import { describe, expect, it } from 'vitest';
import type { SignInActivity, TenantGroup, TenantUser } from '../../../src/model/tenant.js';
import { copyGroup, copyGroupResource, copyUser, shareUserWithSignIns } from '../../../src/stores/semantics/graph-json.js';
import { aGroup, aLicenseState, aUser, planId, skuIdOf } from '../../support/builders.js';

const e3 = skuIdOf('SPE_E3');
const sales = aGroup({ displayName: 'Sales', assignedLicenses: [{ skuId: e3, disabledPlans: [planId('SWAY')] }] });
const alice = aUser({
  userPrincipalName: 'alice@contoso.com',
  licenseAssignmentStates: [
    aLicenseState(e3, { disabledPlans: [planId('SWAY'), planId('YAMMER')] }),
    aLicenseState(e3, { group: sales.id, disabledPlans: [planId('SWAY')] }),
  ],
});

describe('copyUser', () => {
  it('copies every license and state of the user, disabled plans included, into arrays of its own', () => {
    const user = structuredClone(alice);
    const copy = copyUser(user);
    expect(copy).toStrictEqual(alice);
    user.licenseAssignmentStates[0]!.disabledPlans.push(planId('FORMS'));
    user.assignedLicenses[0]!.disabledPlans.push(planId('FORMS'));
    expect(copy).toStrictEqual(alice);
  });

  it("leaves out what Graph's user has no place for", () => {
    const user = { ...alice, signInActivity: null, extra: 'from a tenant file' } as TenantUser;
    expect(copyUser(user)).toStrictEqual(alice);
  });
});

describe('shareUserWithSignIns', () => {
  const all: SignInActivity = { lastSignInDateTime: '2026-01-02T03:04:05Z', lastNonInteractiveSignInDateTime: '2026-01-03T03:04:05Z', lastSuccessfulSignInDateTime: '2026-01-01T03:04:05Z' };
  it.each<[string, TenantUser['signInActivity'], SignInActivity | null]>([
    ['every time', all, all],
    ['the times of the sign-ins there were, null for the others', { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: '2026-01-03T03:04:05Z' }, { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: '2026-01-03T03:04:05Z', lastSuccessfulSignInDateTime: null }],
    ['null when the tenant reports none', null, null],
    ['null when the tenant file has none', undefined, null],
  ])('carries %s', (_, signIns, expected) => {
    const user: TenantUser = signIns === undefined ? alice : { ...alice, signInActivity: signIns };
    const shared = shareUserWithSignIns(user);
    expect(shared).toStrictEqual({ ...alice, signInActivity: expected });
    expect(shared.licenseAssignmentStates).toBe(user.licenseAssignmentStates);
  });
});

describe('copyGroup and copyGroupResource', () => {
  it.each<[string, TenantGroup]>([
    ['a group never processed', sales],
    ['a processed group without member errors', { ...sales, licenseProcessingState: { state: 'ProcessingComplete' }, hasMembersWithLicenseErrors: false }],
    ['a processed group with member errors', { ...sales, licenseProcessingState: { state: 'ProcessingComplete' }, hasMembersWithLicenseErrors: true }],
    ['a queued group', { ...sales, licenseProcessingState: { state: 'QueuedForProcessing' } }],
  ])('copies %s with exactly the properties it has', (_, group) => {
    const { members, ...resource } = group;
    expect(copyGroup(group, members)).toStrictEqual(group);
    expect(copyGroupResource(group)).toStrictEqual(resource);
  });

  it('gives the copy license arrays of its own', () => {
    const group = structuredClone(sales);
    const copy = copyGroupResource(group);
    group.assignedLicenses[0]!.disabledPlans.push(planId('FORMS'));
    group.assignedLicenses.push({ skuId: skuIdOf('SPE_E5'), disabledPlans: [] });
    expect(copy.assignedLicenses).toEqual(sales.assignedLicenses);
  });
});
