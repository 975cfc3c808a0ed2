import type { SourceLocation } from './diagnostic.js';

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
