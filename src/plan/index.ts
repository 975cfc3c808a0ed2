/** The planner: desired state + snapshot -> Plan, and the stale check of saved plans. */
export { computePlan } from './compute-plan.js';
export type { PlanOptions } from './plan-options.js';
export { computeFreeSeats } from './forecast-seats.js';
export { dataFamilyOf } from './check-data-loss.js';
export type { DataFamily } from './check-data-loss.js';
export { findStaleChanges } from './find-stale-changes.js';
export type { StaleChange, StaleChangeKind } from './find-stale-changes.js';
export { fingerprintGroup, fingerprintOf, fingerprintSkus, fingerprintUser } from './fingerprint.js';
export { snapshotQueryFor } from './snapshot-query-for.js';
export { isInForce, nextLifecycleBoundary } from './license-lifecycle.js';
