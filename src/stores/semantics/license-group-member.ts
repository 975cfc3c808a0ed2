import type { LicenseAssignmentState, TenantGroup, TenantUser } from '../../model/tenant.js';
import { isValidUsageLocation } from './assign-user-license.js';
import { countFreeSeats } from './seats.js';
import { replaceUserStates, userHoldsSeat, type TenantContext } from './tenant-context.js';

/**
 * Brings one member's inherited states from one group in line with the group's licenses,
 * as Entra's group-based licensing does: one state per SKU of the group
 * (`assignedByGroup` = the group), `Active`, or `Error` when the user cannot get it.
 * All or nothing per user per group: when one SKU fails, every SKU of that group is in
 * error for that user (the failing one with its reason, the others with `Other`), and
 * none of them holds a seat. Returns true when the member ends up with errors.
 */
export function licenseGroupMember(ctx: TenantContext, user: TenantUser, group: TenantGroup): boolean {
  const failures = findMemberFailures(ctx, user, group);
  const wanted = new Map<string, LicenseAssignmentState>();
  for (const license of group.assignedLicenses) {
    const error = failures.size === 0 ? null : (failures.get(license.skuId) ?? 'Other');
    wanted.set(license.skuId, {
      skuId: license.skuId,
      assignedByGroup: group.id,
      state: error === null ? 'Active' : 'Error',
      error,
      disabledPlans: [...license.disabledPlans],
      lastUpdatedDateTime: '',
    });
  }
  // States keep their place and, when unchanged, their timestamp: a no-op is byte-identical.
  const next: LicenseAssignmentState[] = [];
  let changed = false;
  for (const state of user.licenseAssignmentStates) {
    if (state.assignedByGroup !== group.id) {
      next.push(state);
      continue;
    }
    const target = wanted.get(state.skuId);
    wanted.delete(state.skuId);
    if (target !== undefined && isSameState(state, target)) {
      next.push(state);
    } else {
      changed = true;
      if (target !== undefined) next.push({ ...target, lastUpdatedDateTime: ctx.timestamp() });
    }
  }
  for (const target of wanted.values()) {
    changed = true;
    next.push({ ...target, lastUpdatedDateTime: ctx.timestamp() });
  }
  if (changed) replaceUserStates(ctx, user, next);
  return failures.size > 0;
}

/** skuId -> licenseAssignmentState error for the SKUs of the group this member cannot get. */
function findMemberFailures(ctx: TenantContext, user: TenantUser, group: TenantGroup): Map<string, string> {
  const failures = new Map<string, string>();
  // A member without a usage location inherits the tenant's (group licensing never fails for it then).
  const location = user.usageLocation ?? ctx.doc.tenant.countryLetterCode;
  for (const license of group.assignedLicenses) {
    const sku = ctx.skus.get(license.skuId);
    if (sku === undefined) {
      failures.set(license.skuId, 'Other');
    } else if (!isValidUsageLocation(location)) {
      failures.set(license.skuId, 'ProhibitedInUsageLocationViolation');
    } else if (!userHoldsSeat(user, license.skuId) && countFreeSeats(sku) < 1) {
      failures.set(license.skuId, 'CountViolation');
    }
  }
  return failures;
}

function isSameState(old: LicenseAssignmentState, wanted: LicenseAssignmentState): boolean {
  return (
    old.state === wanted.state &&
    old.error === wanted.error &&
    old.disabledPlans.length === wanted.disabledPlans.length &&
    old.disabledPlans.every((plan, i) => plan === wanted.disabledPlans[i])
  );
}
