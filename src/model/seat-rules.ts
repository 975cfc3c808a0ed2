import type { LicenseAssignmentState, SubscribedSku } from './tenant.js';

/**
 * The one rule, for the planner and the store semantics alike, of whether an assignment
 * state occupies a seat (one seat per user per SKU, whatever the number of states holding
 * it). Only `Error` holds none: a group assignment that failed for a user (CountViolation,
 * ...) was never applied. `Active` and `ActiveWithError` (applied, some plans failed) hold
 * one, and so does `Disabled`: the assignment still exists and is counted in
 * `consumedUnits` (UNCONFIRMED beyond its name; counting it keeps the seat forecast on the
 * safe side). States Graph may add later are counted too, for the same reason.
 */
export function holdsSeat(state: Pick<LicenseAssignmentState, 'state'>): boolean {
  return state.state !== 'Error';
}

/**
 * Seats of a SKU that are free. Units in their renewal grace period (`prepaidUnits.warning`:
 * the subscription has expired and stops working unless renewed) are not free by default,
 * as Microsoft's guidance computes it (`enabled − warning − consumed`); with
 * `graceSeatsAreFree` they are (`enabled − consumed`). Which one Graph enforces when
 * assigning is UNCONFIRMED, so the store semantics refuse only when `enabled − consumed`
 * runs out, and the plan's forecast uses the stricter rule unless told otherwise.
 */
export function countFreeSeats(sku: Pick<SubscribedSku, 'prepaidUnits' | 'consumedUnits'>, graceSeatsAreFree: boolean): number {
  const grace = graceSeatsAreFree ? 0 : sku.prepaidUnits.warning;
  return sku.prepaidUnits.enabled - grace - sku.consumedUnits;
}
