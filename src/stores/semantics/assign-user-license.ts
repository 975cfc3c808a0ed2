import { isNoError, type LicenseAssignmentState, type TenantUser } from '../../model/tenant.js';
import { isValidUsageLocation } from '../../model/usage-location.js';
import { checkRequestSkus } from './check-request-skus.js';
import { graphFailures, type GraphFailure } from './graph-failure.js';
import type { AssignLicenseBody } from './parse-assign-body.js';
import { countFreeSeats } from './seats.js';
import { replaceUserStates, userHoldsSeat, type TenantContext } from './tenant-context.js';

export { isValidUsageLocation };

/**
 * Graph's rules for a direct assignLicense on a user. Every check runs before anything
 * changes, so a refused call leaves the tenant exactly as it was.
 */
export function findUserAssignFailure(ctx: TenantContext, user: TenantUser, body: AssignLicenseBody): GraphFailure | undefined {
  const skuFailure = checkRequestSkus(ctx.skus, body, 'user');
  if (skuFailure !== undefined) return skuFailure;
  if (body.addLicenses.length > 0 && !isValidUsageLocation(user.usageLocation)) return graphFailures.invalidUsageLocation();
  for (const skuId of body.removeLicenses) {
    const states = user.licenseAssignmentStates.filter((state) => state.skuId === skuId);
    if (!states.some((state) => state.assignedByGroup === null)) {
      return states.length > 0 ? graphFailures.inheritedOnly() : graphFailures.noCorrespondingLicense('user');
    }
  }
  for (const license of body.addLicenses) {
    // A user who already holds the SKU through any source needs no further seat.
    if (userHoldsSeat(user, license.skuId)) continue;
    const sku = ctx.skus.get(license.skuId);
    if (sku !== undefined && countFreeSeats(sku) < 1) return graphFailures.noAvailableLicenses(license.skuId);
  }
  return undefined;
}

/**
 * Applies a validated call: removals first, then additions; adding a SKU the user already
 * has directly replaces its disabledPlans (Graph's update semantics).
 */
export function applyUserAssign(ctx: TenantContext, user: TenantUser, body: AssignLicenseBody): void {
  const removed = new Set(body.removeLicenses);
  const next = user.licenseAssignmentStates.filter((state) => !(state.assignedByGroup === null && removed.has(state.skuId)));
  for (const license of body.addLicenses) {
    const index = next.findIndex((state) => state.assignedByGroup === null && state.skuId === license.skuId);
    const existing = index >= 0 ? next[index] : undefined;
    if (existing !== undefined && isSameDirectState(existing, license.disabledPlans)) continue;
    const state: LicenseAssignmentState = {
      skuId: license.skuId,
      assignedByGroup: null,
      state: 'Active',
      error: null,
      disabledPlans: [...license.disabledPlans],
      lastUpdatedDateTime: ctx.timestamp(),
    };
    if (index >= 0) next[index] = state;
    else next.push(state);
  }
  replaceUserStates(ctx, user, next);
}

function isSameDirectState(state: LicenseAssignmentState, disabledPlans: readonly string[]): boolean {
  return (
    state.state === 'Active' &&
    isNoError(state.error) &&
    state.disabledPlans.length === disabledPlans.length &&
    state.disabledPlans.every((plan, i) => plan === disabledPlans[i])
  );
}
