import type {
  AssignedLicense,
  LicenseAssignmentState,
  SubscribedSku,
  TenantGroup,
  TenantInfo,
  TenantUser,
} from '../../model/tenant.js';

/**
 * Copies in Graph's shapes, so that later writes never change what a reader already holds;
 * written field by field because that is several times faster than structuredClone on
 * 100,000 users, and it drops any extra properties a tenant file carried. Snapshots hold the
 * tenant's users themselves until a write (see TenantState.snapshot).
 */

/** A group as Graph returns it from assignLicense (without the member list). */
export type GroupResource = Omit<TenantGroup, 'members'>;

export function copyTenantInfo(tenant: TenantInfo): TenantInfo {
  return { id: tenant.id, displayName: tenant.displayName, defaultDomain: tenant.defaultDomain, countryLetterCode: tenant.countryLetterCode };
}

export function copySku(sku: SubscribedSku): SubscribedSku {
  return {
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    appliesTo: sku.appliesTo,
    capabilityStatus: sku.capabilityStatus,
    consumedUnits: sku.consumedUnits,
    prepaidUnits: { ...sku.prepaidUnits },
    servicePlans: sku.servicePlans.map((plan) => ({
      servicePlanId: plan.servicePlanId,
      servicePlanName: plan.servicePlanName,
      provisioningStatus: plan.provisioningStatus,
      appliesTo: plan.appliesTo,
    })),
  };
}

export function copyAssignedLicense(license: AssignedLicense): AssignedLicense {
  return { skuId: license.skuId, disabledPlans: [...license.disabledPlans] };
}

export function copyState(state: LicenseAssignmentState): LicenseAssignmentState {
  return {
    skuId: state.skuId,
    assignedByGroup: state.assignedByGroup,
    state: state.state,
    error: state.error,
    disabledPlans: [...state.disabledPlans],
    lastUpdatedDateTime: state.lastUpdatedDateTime,
  };
}

export function copyUser(user: TenantUser): TenantUser {
  return {
    ...shareUser(user),
    assignedLicenses: user.assignedLicenses.map(copyAssignedLicense),
    licenseAssignmentStates: user.licenseAssignmentStates.map(copyState),
  };
}

/**
 * A user's own object sharing the license arrays with the tenant: what a snapshot keeps once
 * the tenant is written to. Sharing is safe because nothing below a user object is changed
 * in place once a tenant is loaded: every write gives the user new arrays (see
 * `replaceUserStates`). Readers must not mutate what they get either (see `Store.readSnapshot`).
 */
export function shareUser(user: TenantUser): TenantUser {
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    accountEnabled: user.accountEnabled,
    usageLocation: user.usageLocation,
    assignedLicenses: user.assignedLicenses,
    licenseAssignmentStates: user.licenseAssignmentStates,
  };
}

/** {@link shareUser} with the user's `signInActivity` (null when the tenant has none), for queries that ask for it. */
export function shareUserWithSignIns(user: TenantUser): TenantUser {
  const signIns = user.signInActivity;
  return {
    ...shareUser(user),
    signInActivity: signIns == null ? null : {
      lastSignInDateTime: signIns.lastSignInDateTime ?? null,
      lastNonInteractiveSignInDateTime: signIns.lastNonInteractiveSignInDateTime ?? null,
      lastSuccessfulSignInDateTime: signIns.lastSuccessfulSignInDateTime ?? null,
    },
  };
}

/** The group with the given member list (callers decide whether members were asked for). */
export function copyGroup(group: TenantGroup, members: string[]): TenantGroup {
  return { ...copyGroupResource(group), members };
}

export function copyGroupResource(group: TenantGroup): GroupResource {
  const copy: GroupResource = {
    id: group.id,
    displayName: group.displayName,
    securityEnabled: group.securityEnabled,
    assignedLicenses: group.assignedLicenses.map(copyAssignedLicense),
  };
  if (group.licenseProcessingState != null) copy.licenseProcessingState = { state: group.licenseProcessingState.state };
  if (group.hasMembersWithLicenseErrors !== undefined) copy.hasMembersWithLicenseErrors = group.hasMembersWithLicenseErrors;
  return copy;
}
