import { countFreeSeats as freeSeatsBy, holdsSeat } from '../../model/seat-rules.js';
import type { LicenseAssignmentState, SubscribedSku } from '../../model/tenant.js';

export { holdsSeat };

/**
 * Seats still assignable in a SKU, as the store refuses a new one: `enabled − consumed`.
 * Which formula Graph enforces at assignment time is UNCONFIRMED (Microsoft's PowerShell
 * article also subtracts the `warning` units); the refusal follows the permissive one, and
 * the plan's forecast the stricter one unless `settings.graceSeatsAreFree` (see seat-rules).
 * Every seat check in the semantics module goes through this one function.
 */
export function countFreeSeats(sku: SubscribedSku): number {
  return freeSeatsBy(sku, true);
}

/** skuIds for which the states hold a seat (see holdsSeat, the rule shared with the planner). */
export function collectHeldSkus(states: readonly LicenseAssignmentState[]): Set<string> {
  const held = new Set<string>();
  for (const state of states) if (holdsSeat(state)) held.add(state.skuId);
  return held;
}
