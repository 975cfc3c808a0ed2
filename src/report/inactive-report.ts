import type { Currency } from '../model/money.js';
import { formatMinorUnits } from '../model/money.js';
import type { SkuRef } from '../model/plan.js';
import type { SourceLocation } from '../model/diagnostic.js';
import type { Snapshot } from '../model/snapshot.js';
import type { SignInActivity, TenantUser } from '../model/tenant.js';

/**
 * Seats held by people who no longer use them: licensed users (directly or through a group)
 * whose last sign-in is older than the threshold or who never signed in, and disabled
 * accounts that still hold licenses. Pure: the snapshot and the clock are handed in.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export type InactiveReason = 'disabled' | 'never-signed-in' | 'inactive';

/** One license an idle user holds, and where it comes from. */
export interface IdleLicense {
  sku: SkuRef;
  /** True when assigned to the user directly (skuform can remove it from the user's entry). */
  direct: boolean;
  /** Groups it is inherited from: only leaving the group (or the group losing it) frees it. */
  groups: { id: string; name: string }[];
}

export interface IdleUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  accountEnabled: boolean;
  reason: InactiveReason;
  /** The last sign-in by the report's rule (see {@link lastSignInOf}); null when there was none. */
  lastSignIn: string | null;
  /** Whole days since `lastSignIn`; null when there was none. */
  daysSince: number | null;
  licenses: IdleLicense[];
  /** Where the config lists this user, when a config was given and lists them. */
  listedAt?: SourceLocation;
  /** True when the config lists the user with no licenses at all: the next apply frees their direct managed seats. */
  listedEmpty?: boolean;
}

/** Idle seats of one SKU: one per idle user holding it, however many sources give it. */
export interface IdleSku {
  sku: SkuRef;
  seats: number;
  /** Price of one seat per month and the seats' monthly cost; null without a price. */
  unitPrice: string | null;
  monthly: string | null;
  managed: boolean;
}

export interface InactiveReport {
  tenant: { id: string; displayName: string; defaultDomain: string };
  store: string;
  /** When the report was made (ISO 8601). */
  generatedAt: string;
  days: number;
  /** Sign-ins before this instant count as inactive (ISO 8601). */
  cutoff: string;
  users: IdleUser[];
  skus: IdleSku[];
  total: { users: number; seats: number; monthly: string | null };
  currency?: Currency & { billing?: 'monthly' | 'annual' };
  /** Idle seats' SKUs without a price: the total leaves them out. */
  unpriced: SkuRef[];
  /** Licensed, enabled users the store had no sign-in data for: they cannot be judged. */
  withoutSignInData: number;
  /** True when a config was read (its listed users, managed SKUs and prices). */
  configGiven: boolean;
}

export interface InactiveReportOptions {
  /** Milliseconds since the epoch. */
  now: number;
  days: number;
  store: string;
  skuDisplayName?: (skuId: string) => string | undefined;
  /** From the config, when one was given. */
  config?: {
    prices: Record<string, bigint>;
    currency?: Currency;
    billing?: 'monthly' | 'annual';
    managedSkuIds: readonly string[];
    /** userId -> where the config lists the user, and whether with no licenses at all. */
    listed: ReadonlyMap<string, { source: SourceLocation; empty: boolean }>;
  };
}

/**
 * The user's last sign-in: the last successful one (`lastSuccessfulSignInDateTime`) when
 * Graph reports it; otherwise, for users whose last success predates that field (December
 * 2023), the later of the last interactive and non-interactive attempts.
 */
export function lastSignInOf(activity: SignInActivity | null): string | null {
  if (activity === null) return null;
  if (activity.lastSuccessfulSignInDateTime != null) return activity.lastSuccessfulSignInDateTime;
  const times = [activity.lastSignInDateTime, activity.lastNonInteractiveSignInDateTime].filter((t): t is string => t != null);
  return times.reduce<string | null>((latest, t) => (latest === null || Date.parse(t) > Date.parse(latest) ? t : latest), null);
}

function skuRefOf(snapshot: Snapshot, skuId: string, options: InactiveReportOptions): SkuRef {
  const part = snapshot.skus.find((s) => s.skuId === skuId)?.skuPartNumber ?? skuId;
  const ref: SkuRef = { skuId, skuPartNumber: part };
  const name = options.skuDisplayName?.(skuId);
  if (name !== undefined) ref.displayName = name;
  return ref;
}

/** The seats a user holds, per SKU, with their sources; failed group assignments hold no seat. */
function licensesOf(user: TenantUser, snapshot: Snapshot, options: InactiveReportOptions, groupNames: ReadonlyMap<string, string>): IdleLicense[] {
  const bySku = new Map<string, IdleLicense>();
  for (const state of user.licenseAssignmentStates) {
    if (state.assignedByGroup !== null && state.state === 'Error') continue;
    const license = bySku.get(state.skuId) ?? { sku: skuRefOf(snapshot, state.skuId, options), direct: false, groups: [] };
    if (state.assignedByGroup === null) license.direct = true;
    else license.groups.push({ id: state.assignedByGroup, name: groupNames.get(state.assignedByGroup) ?? state.assignedByGroup });
    bySku.set(state.skuId, license);
  }
  return [...bySku.values()].sort((a, b) => compare(a.sku.skuPartNumber, b.sku.skuPartNumber));
}

function compare(a: string, b: string): number {
  return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

const REASON_ORDER: readonly InactiveReason[] = ['disabled', 'never-signed-in', 'inactive'];

/** Who holds seats without using them, per SKU what that is, and with prices what it costs per month. */
export function findInactiveLicenses(snapshot: Snapshot, options: InactiveReportOptions): InactiveReport {
  const cutoff = options.now - options.days * DAY_MS;
  const groupNames = new Map(snapshot.groups.map((g) => [g.id, g.displayName] as const));
  const users: IdleUser[] = [];
  let withoutSignInData = 0;
  for (const user of snapshot.users) {
    const licenses = licensesOf(user, snapshot, options, groupNames);
    if (licenses.length === 0) continue;
    const known = user.signInActivity !== undefined;
    const last = known ? lastSignInOf(user.signInActivity ?? null) : null;
    let reason: InactiveReason | undefined;
    if (!user.accountEnabled) reason = 'disabled';
    else if (!known) withoutSignInData += 1;
    else if (last === null) reason = 'never-signed-in';
    else if (Date.parse(last) < cutoff) reason = 'inactive';
    if (reason === undefined) continue;
    const idle: IdleUser = {
      id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName, accountEnabled: user.accountEnabled,
      reason, lastSignIn: last, daysSince: last === null ? null : Math.floor((options.now - Date.parse(last)) / DAY_MS), licenses,
    };
    const listed = options.config?.listed.get(user.id);
    if (listed !== undefined) {
      idle.listedAt = listed.source;
      idle.listedEmpty = listed.empty;
    }
    users.push(idle);
  }
  users.sort((a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason) || (b.daysSince ?? 0) - (a.daysSince ?? 0) || compare(a.userPrincipalName, b.userPrincipalName));
  return { ...summarizeSkus(users, options), tenant: tenantOf(snapshot), store: options.store, generatedAt: new Date(options.now).toISOString(), days: options.days, cutoff: new Date(cutoff).toISOString(), users, withoutSignInData, configGiven: options.config !== undefined };
}

function tenantOf(snapshot: Snapshot): InactiveReport['tenant'] {
  return { id: snapshot.tenant.id, displayName: snapshot.tenant.displayName, defaultDomain: snapshot.tenant.defaultDomain };
}

/** Seats and monthly cost per SKU, in exact minor units. */
function summarizeSkus(users: readonly IdleUser[], options: InactiveReportOptions): Pick<InactiveReport, 'skus' | 'total' | 'currency' | 'unpriced'> {
  const seats = new Map<string, { sku: SkuRef; seats: number }>();
  for (const user of users) {
    for (const license of user.licenses) {
      const row = seats.get(license.sku.skuId) ?? { sku: license.sku, seats: 0 };
      row.seats += 1;
      seats.set(license.sku.skuId, row);
    }
  }
  const config = options.config;
  const currency = config?.currency;
  const managed = new Set(config?.managedSkuIds ?? []);
  let total = 0n;
  let seatTotal = 0;
  const unpriced: SkuRef[] = [];
  const skus = [...seats.values()].sort((a, b) => compare(a.sku.skuPartNumber, b.sku.skuPartNumber)).map((row): IdleSku => {
    seatTotal += row.seats;
    const price = currency === undefined ? undefined : config?.prices[row.sku.skuId];
    if (price === undefined || currency === undefined) {
      if (currency !== undefined) unpriced.push(row.sku);
      return { sku: row.sku, seats: row.seats, unitPrice: null, monthly: null, managed: managed.has(row.sku.skuId) };
    }
    const monthly = price * BigInt(row.seats);
    total += monthly;
    return { sku: row.sku, seats: row.seats, unitPrice: formatMinorUnits(price, currency.digits), monthly: formatMinorUnits(monthly, currency.digits), managed: managed.has(row.sku.skuId) };
  });
  const result: Pick<InactiveReport, 'skus' | 'total' | 'currency' | 'unpriced'> = {
    skus, unpriced, total: { users: users.length, seats: seatTotal, monthly: currency === undefined ? null : formatMinorUnits(total, currency.digits) },
  };
  if (currency !== undefined) result.currency = config?.billing === undefined ? { ...currency } : { ...currency, billing: config.billing };
  return result;
}
