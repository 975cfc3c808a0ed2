import type { SourceLocation } from './diagnostic.js';
import type { Currency } from './money.js';

/**
 * The desired state after the config was loaded and its names resolved against a SKU list
 * (the tenant's subscribed SKUs, or the bundled catalogue for offline validation).
 * Principals are still keyed as written: the store resolves them to objects.
 */

/** One license a principal should hold directly, with the complete set of switched-off plans. */
export interface DesiredLicense {
  skuId: string;
  /** Complete, sorted list of servicePlanIds to switch off (enabledPlans already turned into its complement). */
  disabledPlans: string[];
  /** How the file said it: `enabledPlans` is an allow-list, `disabledPlans` a deny-list. */
  mode: 'disabledPlans' | 'enabledPlans';
  /** The profile it came from, when it did not come from the principal's own `licenses`. */
  profile?: string;
  source: SourceLocation;
  /** `from:` — the entry is desired from this instant on (inclusive). Absent: always was. */
  from?: LicenseBound;
  /** `until:` — the entry is desired up to this instant (exclusive). Absent: no end. */
  until?: LicenseBound;
}

/**
 * One end of a time-bound license entry: the instant it takes effect and how the file wrote
 * it. A bare date is read in `settings.timeZone` (default UTC): `from: 2027-01-01` starts at
 * that day's midnight, `until: 2027-03-31` ends at the midnight after it, so the day itself
 * is included. A date-time carries its own offset and is taken as written.
 */
export interface LicenseBound {
  /** Milliseconds since the epoch. */
  at: number;
  /** As written in the file, e.g. `2027-03-31` or `2027-03-31T17:00:00+01:00`. */
  text: string;
}

export type PrincipalKind = 'user' | 'group';

export interface DesiredPrincipal {
  kind: PrincipalKind;
  /** userPrincipalName or object id (users); display name or object id (groups) — as written. */
  key: string;
  licenses: DesiredLicense[];
  source: SourceLocation;
}

export interface DesiredSettings {
  /** The SKUs skuform may touch. Default: every SKU named anywhere in the files. */
  managedSkuIds: string[];
  /** True when `managedSkus` was given explicitly (false: derived from the files). */
  managedSkusExplicit: boolean;
  prune: boolean;
  maxRemovals: number;
  /** skuId -> seats to keep free. */
  seatReserve: Record<string, number>;
  /** `settings.suspend: true`: watch mode reports but does not apply. Absent when not set. */
  suspend?: boolean;
  /**
   * skuId -> the customer's own price of one seat for one month, in minor units of
   * `currency`. Only given prices are known: a SKU without one is never guessed.
   */
  prices?: Record<string, bigint>;
  /** The currency of `prices` (required with them). */
  currency?: Currency;
  /** How the prices are billed; a note shown with the amounts, which are always per month. */
  billing?: 'monthly' | 'annual';
  /** Days ahead within which plans note starts and ends of time-bound entries (default 14). */
  lookaheadDays?: number;
  /** IANA time zone bare `from`/`until` dates are read in (default UTC). */
  timeZone?: string;
  /** `settings.graceSeatsAreFree`: seats in their renewal grace period count as free (default false). */
  graceSeatsAreFree?: boolean;
  /** Where `settings` is, for diagnostics about it. */
  source?: SourceLocation;
}

export interface DesiredState {
  /** `tenant:` from the files, when given: must match the store's tenant id or default domain. */
  tenant?: { value: string; source: SourceLocation };
  /** `store:` from the files, already made absolute for `file:` stores. */
  store?: { value: string; source: SourceLocation };
  settings: DesiredSettings;
  users: DesiredPrincipal[];
  groups: DesiredPrincipal[];
  /** Every file that was read, in load order. */
  files: string[];
}

export const DEFAULT_MAX_REMOVALS = 50;
export const DEFAULT_LOOKAHEAD_DAYS = 14;
export const DEFAULT_TIME_ZONE = 'UTC';
