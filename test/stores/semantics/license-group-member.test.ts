import { describe, expect, it } from 'vitest';
import type { AssignedLicense, LicenseAssignmentState, TenantDocument } from '../../../src/model/tenant.js';
import { licenseGroupMember } from '../../../src/stores/semantics/license-group-member.js';
import { aLicenseState } from '../../support/builders.js';
import { GROUP, PLAN, SKU, USER, contractTenant } from '../../support/contract-tenant.js';
import { NOW_STAMP, aTenantContext } from '../../support/semantics-context.js';

/** Carol, a member of Sales with Sales's inherited E3 (mfa off), after `change` adjusted the tenant. */
function processCarol(change: (doc: TenantDocument) => void = () => {}) {
  const doc = contractTenant();
  change(doc);
  const carol = doc.users.find((user) => user.id === USER.carol)!;
  const sales = doc.groups.find((group) => group.id === GROUP.sales)!;
  const { ctx, changes } = aTenantContext(doc);
  const statesBefore = carol.licenseAssignmentStates;
  const failed = licenseGroupMember(ctx, carol, sales);
  return { carol, failed, changes, replaced: carol.licenseAssignmentStates !== statesBefore };
}

const salesLicenses = (...licenses: AssignedLicense[]) => (doc: TenantDocument) => {
  doc.groups.find((group) => group.id === GROUP.sales)!.assignedLicenses = licenses;
};
const carolState = (state: Partial<LicenseAssignmentState>) => (doc: TenantDocument) => {
  const carol = doc.users.find((user) => user.id === USER.carol)!;
  carol.licenseAssignmentStates = [{ ...aLicenseState(SKU.e3, { group: GROUP.sales, disabledPlans: [PLAN.mfa] }), ...state }];
};
const inherited = (skuId: string, state: Partial<LicenseAssignmentState> = {}): LicenseAssignmentState => ({
  skuId, assignedByGroup: GROUP.sales, state: 'Active', error: null, disabledPlans: [], lastUpdatedDateTime: NOW_STAMP, ...state,
});

describe('licenseGroupMember', () => {
  it('leaves a member whose inherited states already match the group untouched and unannounced', () => {
    const { carol, failed, changes, replaced } = processCarol();
    expect(failed).toBe(false);
    expect(replaced).toBe(false);
    expect(changes).toEqual([]);
    expect(carol.licenseAssignmentStates).toEqual([aLicenseState(SKU.e3, { group: GROUP.sales, disabledPlans: [PLAN.mfa] })]);
  });

  it('keeps an unchanged inherited state with its timestamp, in its place, when the group adds a SKU', () => {
    const { carol, failed } = processCarol(salesLicenses({ skuId: SKU.e3, disabledPlans: [PLAN.mfa] }, { skuId: SKU.e5, disabledPlans: [] }));
    expect(failed).toBe(false);
    expect(carol.licenseAssignmentStates).toEqual([aLicenseState(SKU.e3, { group: GROUP.sales, disabledPlans: [PLAN.mfa] }), inherited(SKU.e5)]);
    expect(carol.assignedLicenses).toEqual([{ skuId: SKU.e3, disabledPlans: [PLAN.mfa] }, { skuId: SKU.e5, disabledPlans: [] }]);
  });

  it.each<[string, (doc: TenantDocument) => void, LicenseAssignmentState]>([
    ['the group disables one plan more', salesLicenses({ skuId: SKU.e3, disabledPlans: [PLAN.mfa, PLAN.intune] }), inherited(SKU.e3, { disabledPlans: [PLAN.mfa, PLAN.intune] })],
    ['the group disables another second plan', (doc) => { salesLicenses({ skuId: SKU.e3, disabledPlans: [PLAN.mfa, PLAN.intune] })(doc); carolState({ disabledPlans: [PLAN.mfa, PLAN.exchange] })(doc); }, inherited(SKU.e3, { disabledPlans: [PLAN.mfa, PLAN.intune] })],
    ['the member\'s state is Disabled', carolState({ state: 'Disabled' }), inherited(SKU.e3, { disabledPlans: [PLAN.mfa] })],
    ['the member\'s state failed for a reason that no longer holds', carolState({ state: 'Error', error: 'CountViolation' }), inherited(SKU.e3, { disabledPlans: [PLAN.mfa] })],
  ])('rewrites the inherited state, stamped now, when %s', (_name, change, expected) => {
    const { carol, failed, changes } = processCarol(change);
    expect(failed).toBe(false);
    expect(carol.licenseAssignmentStates).toEqual([expected]);
    expect(changes).toEqual([{ kind: 'user', id: USER.carol }]);
  });

  it('rewrites a failed inherited state when the member fails for another reason', () => {
    const { carol, failed } = processCarol((doc) => {
      carolState({ state: 'Error', error: 'CountViolation' })(doc);
      doc.users.find((user) => user.id === USER.carol)!.usageLocation = 'XY';
    });
    expect(failed).toBe(true);
    expect(carol.licenseAssignmentStates).toEqual([inherited(SKU.e3, { state: 'Error', error: 'ProhibitedInUsageLocationViolation', disabledPlans: [PLAN.mfa] })]);
  });

  it('fails every SKU of the group when one fails: the failing one with its reason, the others with Other', () => {
    // POWER_BI_PRO has no free seat, and carol holds none.
    const { carol, failed } = processCarol(salesLicenses({ skuId: SKU.e3, disabledPlans: [PLAN.mfa] }, { skuId: SKU.powerBi, disabledPlans: [] }));
    expect(failed).toBe(true);
    expect(carol.licenseAssignmentStates).toEqual([
      inherited(SKU.e3, { state: 'Error', error: 'Other', disabledPlans: [PLAN.mfa] }),
      inherited(SKU.powerBi, { state: 'Error', error: 'CountViolation' }),
    ]);
    expect(carol.assignedLicenses).toEqual([]);
  });

  it('fails a SKU the group assigns but the tenant does not subscribe with Other', () => {
    const { carol, failed } = processCarol(salesLicenses({ skuId: SKU.unknown, disabledPlans: [] }));
    expect(failed).toBe(true);
    expect(carol.licenseAssignmentStates).toEqual([inherited(SKU.unknown, { state: 'Error', error: 'Other' })]);
  });
});
