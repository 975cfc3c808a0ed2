import type { PrincipalKind } from '../model/desired.js';
import type { SourceLocation } from '../model/diagnostic.js';

/**
 * The desired-state files after parsing, schema validation and the checks that need no SKU
 * list; names are still as written. Parts that failed validation are left out (their
 * diagnostics say why), so a config with errors must not be planned.
 */

/** A value with the place it was written. */
export interface Located<T> {
  value: T;
  location: SourceLocation;
}

/**
 * A `Located` that works out its line and column on first use. A large file names profiles,
 * SKUs and plans hundreds of thousands of times, and only names that end up in a diagnostic
 * are ever located; so most never are, and each costs one object instead of two.
 */
export class LocatedAt<T> implements Located<T> {
  private located: SourceLocation | undefined;

  constructor(readonly value: T, private readonly offset: number, private readonly locate: (offset: number) => SourceLocation) {}

  get location(): SourceLocation {
    this.located ??= this.locate(this.offset);
    return this.located;
  }
}

export type PlanListMode = 'disabledPlans' | 'enabledPlans';

export interface LicenseEntrySpec {
  sku: Located<string>;
  /** The entry's plan list, when it has one. */
  plans?: { mode: PlanListMode; names: Located<string>[]; location: SourceLocation };
  location: SourceLocation;
  /** `from:` as written (a date or a date-time with offset). */
  from?: Located<string>;
  /** `until:` as written. */
  until?: Located<string>;
}

export interface ProfileSpec {
  name: string;
  licenses: LicenseEntrySpec[];
  location: SourceLocation;
  /** Some entries were malformed (and reported); principals using it are not resolved. */
  incomplete?: boolean;
}

export interface PrincipalSpec {
  kind: PrincipalKind;
  /** As written: userPrincipalName or object id (users), display name or object id (groups). */
  key: string;
  /** Profile names as written, in order. */
  profiles: Located<string>[];
  /** The principal's own entries; they replace a profile's entry for the same SKU. */
  licenses: LicenseEntrySpec[];
  location: SourceLocation;
  /** Part of the value was malformed (and reported); the principal is not resolved. */
  incomplete?: boolean;
}

export interface SettingsSpec {
  managedSkus?: Located<string>[];
  prune?: boolean;
  maxRemovals?: number;
  /** `suspend: true`: watch mode reports but does not apply. */
  suspend?: boolean;
  seatReserve: { sku: Located<string>; seats: number }[];
  /** `prices`: a SKU name and its price as decimal text (a YAML number in its shortest exact form). */
  prices?: { sku: Located<string>; price: Located<string> }[];
  currency?: Located<string>;
  billing?: 'monthly' | 'annual';
  /** `lookahead` in days. */
  lookahead?: number;
  timeZone?: Located<string>;
  graceSeatsAreFree?: boolean;
  location: SourceLocation;
}

export interface LoadedConfig {
  /** Every file that was read, in load order. */
  files: string[];
  tenant?: Located<string>;
  /**
   * As written; `resolveDesiredState` makes a relative `file:` path absolute against
   * `baseDir` (the directory of the file that says it).
   */
  store?: Located<string> & { baseDir?: string };
  settings?: SettingsSpec;
  /** By name, in load order. */
  profiles: Map<string, ProfileSpec>;
  users: PrincipalSpec[];
  groups: PrincipalSpec[];
}

export function emptyLoadedConfig(): LoadedConfig {
  return { files: [], profiles: new Map(), users: [], groups: [] };
}
