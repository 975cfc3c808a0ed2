import type { LicenseAssignmentState, SubscribedSku } from '../../model/tenant.js';

/**
 * Seats still assignable in a SKU. UNCONFIRMED: which formula Graph enforces at assignment
 * time is not documented (Microsoft's PowerShell article also subtracts `warning` units).
 * Every seat check in the semantics module goes through this one function so the rule can
 * be changed in one place.
 */
export function countFreeSeats(sku: SubscribedSku): number {
  return sku.prepaidUnits.enabled - sku.consumedUnits;
}

/**
 * Whether an assignment state occupies a seat. One seat per user per SKU whatever the
 * number of sources, so callers count users for which any state of the SKU holds one.
 * `Error` states (CountViolation, ...) hold nothing; the meaning of `Disabled` is
 * UNCONFIRMED and it is treated as not holding a seat.
 */
export function holdsSeat(state: LicenseAssignmentState): boolean {
  return state.state === 'Active' || state.state === 'ActiveWithError';
}

/** skuIds for which the states hold a seat. */
export function collectHeldSkus(states: readonly LicenseAssignmentState[]): Set<string> {
  const held = new Set<string>();
  for (const state of states) if (holdsSeat(state)) held.add(state.skuId);
  return held;
}
