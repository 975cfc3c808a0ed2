import type { DesiredState } from '../model/desired.js';
import type { PlanRef, SkuRef } from '../model/plan.js';
import type { Snapshot } from '../model/snapshot.js';
import type { SubscribedSku, TenantGroup, TenantUser } from '../model/tenant.js';
import type { PlanOptions } from './plan-options.js';

/**
 * The inputs of one planning run, indexed once so that every rule is a lookup instead of a
 * scan (the planner must handle 100,000 users in well under a second).
 */
export interface PlanContext {
  readonly desired: DesiredState;
  readonly snapshot: Snapshot;
  readonly options: PlanOptions;
  /** settings.managedSkuIds as a set. */
  readonly managed: ReadonlySet<string>;
  /** Managed skuIds sorted by part number, then id. */
  readonly managedSorted: readonly string[];
  readonly skuById: ReadonlyMap<string, SubscribedSku>;
  readonly userById: ReadonlyMap<string, TenantUser>;
  readonly groupById: ReadonlyMap<string, TenantGroup>;
  /** userId -> ids of the snapshot groups that list it as a direct member. */
  readonly groupsOfUser: ReadonlyMap<string, readonly string[]>;
  skuRef(skuId: string): SkuRef;
  planRef(skuId: string, servicePlanId: string): PlanRef;
}

/** Builds the indexes and the memoised name lookups of one planning run. */
export function createPlanContext(desired: DesiredState, snapshot: Snapshot, options: PlanOptions): PlanContext {
  const skuById = indexBy(snapshot.skus, (s) => s.skuId);
  const userById = indexBy(snapshot.users, (u) => u.id);
  const groupById = indexBy(snapshot.groups, (g) => g.id);
  const managed = new Set(desired.settings.managedSkuIds);
  const skuRefs = new Map<string, SkuRef>();
  const planRefs = new Map<string, PlanRef>();

  const skuRef = (skuId: string): SkuRef => {
    let ref = skuRefs.get(skuId);
    if (ref === undefined) {
      const sku = skuById.get(skuId);
      // A managed SKU the tenant does not subscribe to has no part number: show its id.
      ref = { skuId, skuPartNumber: sku?.skuPartNumber ?? skuId };
      const displayName = options.skuDisplayName?.(skuId);
      if (displayName !== undefined) ref.displayName = displayName;
      skuRefs.set(skuId, ref);
    }
    return ref;
  };

  const planRef = (skuId: string, servicePlanId: string): PlanRef => {
    const key = `${skuId}/${servicePlanId}`;
    let ref = planRefs.get(key);
    if (ref === undefined) {
      const plan = skuById.get(skuId)?.servicePlans.find((p) => p.servicePlanId === servicePlanId);
      ref = { servicePlanId, servicePlanName: plan?.servicePlanName ?? servicePlanId };
      const friendlyName = options.servicePlanFriendlyName?.(servicePlanId);
      if (friendlyName !== undefined) ref.friendlyName = friendlyName;
      planRefs.set(key, ref);
    }
    return ref;
  };

  const managedSorted = [...managed].sort((a, b) => compareSkuIds(skuRef(a), skuRef(b)));
  return {
    desired,
    snapshot,
    options,
    managed,
    managedSorted,
    skuById,
    userById,
    groupById,
    groupsOfUser: indexMembership(snapshot.groups),
    skuRef,
    planRef,
  };
}

function indexBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  // One map operation per item (this indexes every user of the snapshot). Stores return each
  // object once; should one repeat, the index is rebuilt so that the first occurrence wins
  // and planning stays deterministic.
  const map = new Map<string, T>();
  for (const item of items) map.set(key(item), item);
  if (map.size === items.length) return map;
  map.clear();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item);
  return map;
}

function indexMembership(groups: readonly TenantGroup[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const group of groups) {
    for (const userId of group.members) {
      const list = index.get(userId);
      if (list === undefined) index.set(userId, [group.id]);
      else if (!list.includes(group.id)) list.push(group.id);
    }
  }
  for (const list of index.values()) list.sort(compareText);
  return index;
}

/** Locale-independent string order (code units), so output does not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Human order for names (case-insensitive first), with a byte-order tie-break so it is total. */
export function compareNames(a: string, b: string): number {
  return compareText(a.toLowerCase(), b.toLowerCase()) || compareText(a, b);
}

export function compareSkuIds(a: SkuRef, b: SkuRef): number {
  return compareNames(a.skuPartNumber, b.skuPartNumber) || compareText(a.skuId, b.skuId);
}

/**
 * The ids sorted and de-duplicated: the list itself when it already is, which it nearly
 * always is (desired plans are sorted by the config loader, tenant lists mostly), else a
 * sorted copy. Read-only because it may be the caller's own list.
 */
export function sortedUnique(ids: readonly string[]): readonly string[] {
  if (isSortedUnique(ids)) return ids;
  const sorted = [...ids].sort(compareText);
  return sorted.filter((id, index) => index === 0 || id !== sorted[index - 1]);
}

function isSortedUnique(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (compareText(ids[i - 1] as string, ids[i] as string) >= 0) return false;
  return true;
}

/** True when two lists from {@link sortedUnique} hold the same ids: then they are equal item by item. */
export function sameSortedIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when two id lists hold the same set. */
export function sameIdSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return a.length === b.length;
  const left = new Set(a);
  const right = new Set(b);
  if (left.size !== right.size) return false;
  for (const id of left) if (!right.has(id)) return false;
  return true;
}

/**
 * True when the first entry of each managed SKU among the entries `counts` admits gives
 * exactly `map` (skuId -> sorted disabled plans), as building that map from them would;
 * compares without building anything, since for most principals nothing changes.
 */
export function matchesFirstPerSku<T extends { skuId: string; disabledPlans: readonly string[] }>(
  entries: readonly T[],
  managed: ReadonlySet<string>,
  counts: (entry: T) => boolean,
  map: ReadonlyMap<string, readonly string[]>,
): boolean {
  let skus = 0;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as T;
    if (!counts(entry) || !managed.has(entry.skuId) || repeatsEarlierSku(entries, i, counts)) continue;
    const plans = map.get(entry.skuId);
    if (plans === undefined || !sameSortedIds(plans, sortedUnique(entry.disabledPlans))) return false;
    skus += 1;
  }
  return skus === map.size;
}

function repeatsEarlierSku<T extends { skuId: string }>(entries: readonly T[], index: number, counts: (entry: T) => boolean): boolean {
  const skuId = entries[index]?.skuId;
  for (let i = 0; i < index; i++) {
    const earlier = entries[i] as T;
    if (earlier.skuId === skuId && counts(earlier)) return true;
  }
  return false;
}
