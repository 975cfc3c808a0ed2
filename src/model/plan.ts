import type { PrincipalKind } from './desired.js';
import type { SourceLocation } from './diagnostic.js';
import type { AssignedLicense } from './tenant.js';

/**
 * The canonical, versioned plan (`schemas/plan.schema.json`). Text, markdown and diff
 * renderings are built from it so they cannot disagree. Deterministic: the same inputs give
 * byte-identical JSON (no clock, sorted collections).
 */
export const PLAN_FORMAT_VERSION = 1;

export interface SkuRef {
  skuId: string;
  skuPartNumber: string;
  /** Product display name from Microsoft's catalogue, when known. */
  displayName?: string;
}

export interface PlanRef {
  servicePlanId: string;
  servicePlanName: string;
  /** Friendly name from Microsoft's catalogue, when known. */
  friendlyName?: string;
}

export interface PrincipalRef {
  kind: PrincipalKind;
  id: string;
  /** userPrincipalName for users, display name for groups. */
  name: string;
}

export type SkuAction = 'assign' | 'update' | 'remove';

/** One SKU of one principal. `update` is always in place (same SKU, other disabled plans). */
export interface SkuChange {
  action: SkuAction;
  sku: SkuRef;
  /** Disabled plans now; null for `assign`. */
  before: { disabledPlans: PlanRef[] } | null;
  /** Disabled plans afterwards; null for `remove`. */
  after: { disabledPlans: PlanRef[] } | null;
  /** For `update`: plans switched on and off by this change. Empty otherwise. */
  plansEnabled: PlanRef[];
  plansDisabled: PlanRef[];
}

/**
 * Order class of an operation. Apply runs them in this order so seats are freed before
 * they are consumed: releases (only removals), updates (no seat effect), swaps (add and
 * remove in one call), acquisitions (only additions or additions plus updates).
 */
export type OperationPhase = 'release' | 'update' | 'swap' | 'acquire';

export const OPERATION_PHASES: readonly OperationPhase[] = ['release', 'update', 'swap', 'acquire'];

export interface Operation {
  /** Stable id: `user:<objectId>` or `group:<objectId>`. */
  id: string;
  principal: PrincipalRef;
  phase: OperationPhase;
  /** Sorted by SKU part number. */
  changes: SkuChange[];
  /** The one assignLicense call that performs the whole operation. */
  request: { addLicenses: AssignedLicense[]; removeLicenses: string[] };
  /** Seats consumed (+) or freed (−) per skuId, including group fan-out to members. */
  seatDelta: Record<string, number>;
  /** For groups: how many direct user members the change reaches. */
  memberCount?: number;
  /** Where the principal is listed; absent for pruned principals. */
  source?: SourceLocation;
  /** Fingerprint of the principal's state the operation was computed from (stale check). */
  fingerprint: string;
}

export type CheckSeverity = 'error' | 'warning' | 'note';

export type CheckCode =
  | 'tenant-mismatch'
  | 'principal-not-found'
  | 'principal-duplicate'
  | 'group-ambiguous'
  | 'group-not-security-enabled'
  | 'usage-location-missing'
  | 'usage-location-invalid'
  | 'member-usage-location-missing'
  | 'account-disabled'
  | 'sku-not-assignable'
  | 'sku-not-enabled'
  | 'seats-insufficient'
  | 'removal-guard'
  | 'remove-all-guard'
  | 'data-loss-risk'
  | 'inherited-kept'
  | 'inherited-only'
  | 'redundant-direct'
  | 'unmanaged-holders'
  | 'assignment-error'
  | 'license-starts-soon'
  | 'license-ends-soon'
  | 'license-not-started'
  | 'license-ended';

/**
 * A pre-flight finding. `error` blocks the plan (exit 3) before anything is applied;
 * `warning` and `note` are information.
 */
export interface Check {
  code: CheckCode;
  severity: CheckSeverity;
  /**
   * What was found. When the check has a `principal`, the message is a predicate about it
   * ("would lose Exchange mailbox", "keeps SPE_E3 through group Sales") and renderers name the
   * principal, so the same finding for many principals reads, and merges, as one.
   */
  message: string;
  principal?: PrincipalRef;
  sku?: SkuRef;
  source?: SourceLocation;
  hint?: string;
}

/** Seats of one managed SKU before and after the plan. */
export interface SeatForecast {
  sku: SkuRef;
  /** prepaidUnits.enabled */
  total: number;
  /** consumedUnits */
  used: number;
  /**
   * total − used, minus the units in their renewal grace period unless the plan's
   * `settings.graceSeatsAreFree` (may be negative on over-assigned tenants).
   */
  free: number;
  /** Seats the plan consumes (+) or frees (−), counting group fan-out once per user. */
  change: number;
  freeAfter: number;
  /** settings.seatReserve for this SKU (0 when none). */
  reserve: number;
  /** Units in their renewal grace period (prepaidUnits.warning), shown as a caution. */
  warningUnits: number;
  /** True when the plan consumes seats and freeAfter < reserve (or < 0). */
  short: boolean;
}

/**
 * What the plan's seat changes are worth per month, from `settings.prices`. Amounts are exact
 * decimal strings with the currency's number of decimals ("684.00", "-57.00"); they are
 * computed in integer minor units, never in floating point.
 */
export interface PlanCost {
  /** ISO 4217 code, e.g. EUR. */
  currency: string;
  /** Decimals of the currency's minor unit (EUR 2, JPY 0, BHD 3). */
  minorDigits: number;
  /** How the customer is billed (a note; amounts are always per month). */
  billing?: 'monthly' | 'annual';
  /** One row per managed SKU the tenant subscribes to, in part-number order (as `seats`). */
  skus: SkuCost[];
  /** Sums over the priced rows. */
  total: CostTotal;
  /** Managed SKUs without a price whose seats the plan changes: the total leaves them out. */
  unpriced: SkuRef[];
}

export interface CostTotal {
  /** Seats the plan starts using (counted like the seat forecast: once per user per SKU). */
  seatsAdded: number;
  /** Seats the plan frees. */
  seatsFreed: number;
  /** Monthly cost of the seats added. */
  added: string;
  /** Monthly cost of the seats freed (a positive amount). */
  freed: string;
  /** added − freed. */
  net: string;
}

export interface SkuCost {
  sku: SkuRef;
  /** Price of one seat per month; null when `settings.prices` has none for this SKU. */
  unitPrice: string | null;
  seatsAdded: number;
  seatsFreed: number;
  /** The amounts of {@link CostTotal}; null without a price (the SKU is then not in the total). */
  added: string | null;
  freed: string | null;
  net: string | null;
}

/** How time-bound entries (`from`/`until`) were judged; present when the config has any. */
export interface PlanLifecycle {
  /** The instant the plan was computed for (ISO 8601, UTC). */
  evaluatedAt: string;
  /** IANA time zone bare dates were read in. */
  timeZone: string;
  /** Starts and ends within this many days are noted. */
  lookaheadDays: number;
}

export interface PlanSummary {
  assign: number;
  update: number;
  remove: number;
  /** Principals with an operation. */
  principals: number;
  /** Licenses lost, as counted by the removal guard. */
  removals: number;
  /** Number of blocking checks. */
  errors: number;
  warnings: number;
}

export interface PlanSettings {
  managedSkus: SkuRef[];
  prune: boolean;
  maxRemovals: number;
  seatReserve: { sku: SkuRef; seats: number }[];
  /** The rule `free` seats were counted by: false = total − grace period − used; true = total − used. */
  graceSeatsAreFree: boolean;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  tenant: { id: string; displayName: string; defaultDomain: string };
  /** Where the current state came from, e.g. `file:examples/tenant.json`. */
  store: string;
  /** The desired-state files, as given. */
  configFiles: string[];
  settings: PlanSettings;
  /** Sorted by phase, then principal kind (users first), then name. */
  operations: Operation[];
  /** One row per managed SKU, sorted by part number. */
  seats: SeatForecast[];
  /** Sorted by severity (error, warning, note), then code, then principal name. */
  checks: Check[];
  summary: PlanSummary;
  /** True when any check has severity `error`: apply must not run. */
  blocked: boolean;
  /** Monthly cost of the seat changes; present when `settings.prices` is given. */
  cost?: PlanCost;
  /** How time-bound entries were judged; present when the config has `from`/`until`. */
  lifecycle?: PlanLifecycle;
  fingerprints: {
    /** Fingerprint of the subscribed SKUs' identities and service plans (not seat counts). */
    skus: string;
    /** operation id -> Operation.fingerprint, repeated for quick lookup. */
    principals: Record<string, string>;
  };
}

/** Exhaustiveness guard for switches over string-literal unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
