import { samePlanSet, type AssignedLicense, type LicenseAssignmentState } from '../../model/tenant.js';
import { holdsSeat } from './seats.js';

/**
 * A user's `assignedLicenses` from its assignment states: one entry per SKU that some
 * seat-holding state grants, in the order the SKUs first appear. Overlapping sources enable
 * the union of their plans, so the disabled plans are the intersection of the sources'
 * lists (Graph's exact list for overlapping sources is UNCONFIRMED; the union of enabled
 * plans is documented).
 */
export function deriveAssignedLicenses(states: readonly LicenseAssignmentState[]): AssignedLicense[] {
  // Most users have one state or none: skip the map for them (this runs for every user on load).
  if (states.length <= 1) {
    const only = states[0];
    return only !== undefined && holdsSeat(only) ? [{ skuId: only.skuId, disabledPlans: [...only.disabledPlans] }] : [];
  }
  const bySku = new Map<string, AssignedLicense>();
  for (const state of states) {
    if (!holdsSeat(state)) continue;
    const existing = bySku.get(state.skuId);
    if (existing === undefined) {
      bySku.set(state.skuId, { skuId: state.skuId, disabledPlans: [...state.disabledPlans] });
    } else {
      const other = new Set(state.disabledPlans);
      existing.disabledPlans = existing.disabledPlans.filter((plan) => other.has(plan));
    }
  }
  return [...bySku.values()];
}

/** Order-insensitive equality of two assignedLicenses lists (same SKUs, same disabled plans). */
export function sameAssignedLicenses(a: readonly AssignedLicense[], b: readonly AssignedLicense[]): boolean {
  if (a.length !== b.length) return false;
  if (a.every((license, i) => sameInOrder(license, b[i]))) return true;
  const byId = new Map(a.map((license) => [license.skuId.toLowerCase(), license.disabledPlans]));
  return b.every((license) => {
    const plans = byId.get(license.skuId.toLowerCase());
    return plans !== undefined && samePlanSet(plans, license.disabledPlans);
  });
}

function sameInOrder(a: AssignedLicense, b: AssignedLicense | undefined): boolean {
  return (
    b !== undefined &&
    a.skuId === b.skuId &&
    a.disabledPlans.length === b.disabledPlans.length &&
    a.disabledPlans.every((plan, i) => plan === b.disabledPlans[i])
  );
}
