import { describe, expect, it } from 'vitest';
import type { LicenseAssignmentState } from '../../../src/model/tenant.js';
import { applyUserAssign } from '../../../src/stores/semantics/assign-user-license.js';
import { PLAN, SKU, STAMP, USER, contractTenant } from '../../support/contract-tenant.js';
import { aLicenseState } from '../../support/builders.js';
import { NOW_STAMP, aTenantContext } from '../../support/semantics-context.js';

/** Alice with one direct E3 state, and the context around her. */
function aliceWith(state: LicenseAssignmentState) {
  const doc = contractTenant();
  const alice = doc.users.find((user) => user.id === USER.alice)!;
  alice.licenseAssignmentStates = [state];
  return { alice, ...aTenantContext(doc) };
}

const freshE3 = (...disabledPlans: string[]): LicenseAssignmentState => ({ skuId: SKU.e3, assignedByGroup: null, state: 'Active', error: null, disabledPlans, lastUpdatedDateTime: NOW_STAMP });

describe('applyUserAssign', () => {
  // Graph writes "no error" as null, "" or "None"; all three are an untouched healthy license.
  it.each<[string, string | null]>([
    ['null', null],
    ['""', ''],
    ['"None"', 'None'],
  ])('leaves a direct license re-added with the same disabled plans exactly as it was (error %s)', (_name, error) => {
    const { alice, ctx } = aliceWith(aLicenseState(SKU.e3, { disabledPlans: [PLAN.intune, PLAN.mfa], error }));
    applyUserAssign(ctx, alice, { addLicenses: [{ skuId: SKU.e3, disabledPlans: [PLAN.intune, PLAN.mfa] }], removeLicenses: [] });
    expect(alice.licenseAssignmentStates).toEqual([aLicenseState(SKU.e3, { disabledPlans: [PLAN.intune, PLAN.mfa], error })]);
    expect(alice.licenseAssignmentStates[0]?.lastUpdatedDateTime).toBe(STAMP);
  });

  it.each<[string, LicenseAssignmentState, string[]]>([
    ['other plans of the same count', aLicenseState(SKU.e3, { disabledPlans: [PLAN.intune, PLAN.mfa] }), [PLAN.intune, PLAN.exchange]],
    ['fewer plans', aLicenseState(SKU.e3, { disabledPlans: [PLAN.intune, PLAN.mfa] }), [PLAN.intune]],
    ['the same plans on a state in Error', aLicenseState(SKU.e3, { disabledPlans: [PLAN.intune], state: 'Error', error: 'CountViolation' }), [PLAN.intune]],
    ['the same plans on a Disabled state', aLicenseState(SKU.e3, { disabledPlans: [PLAN.intune], state: 'Disabled' }), [PLAN.intune]],
    ['the same plans on an Active state that records an error', aLicenseState(SKU.e3, { disabledPlans: [PLAN.intune], error: 'MutuallyExclusiveViolation' }), [PLAN.intune]],
  ])('writes a fresh Active state without error when a direct license is re-added with %s', (_name, before, disabledPlans) => {
    const { alice, ctx } = aliceWith(before);
    applyUserAssign(ctx, alice, { addLicenses: [{ skuId: SKU.e3, disabledPlans }], removeLicenses: [] });
    expect(alice.licenseAssignmentStates).toEqual([freshE3(...disabledPlans)]);
    expect(alice.assignedLicenses).toEqual([{ skuId: SKU.e3, disabledPlans }]);
  });
});
