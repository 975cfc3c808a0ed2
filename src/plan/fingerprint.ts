import { hash } from 'node:crypto';
import type { SubscribedSku, TenantGroup, TenantUser } from '../model/tenant.js';
import { compareText, sortedUnique } from './plan-context.js';

/**
 * Fingerprints of the state a plan was computed from. `apply --plan FILE` recomputes them
 * from a fresh snapshot: any difference means the saved plan may no longer do what was
 * reviewed. Each fingerprint covers exactly what the operation's effect depends on.
 */

/** Hex characters kept of the sha256: 64 bits, plenty to detect a change of one principal. */
const FINGERPRINT_LENGTH = 16;

/** sha256 of a canonical JSON text, shortened. Callers build the value with sorted arrays and fixed key order. */
export function fingerprintOf(value: unknown): string {
  // One-shot hash(): several times cheaper than createHash() for small inputs, and this runs
  // once per touched principal.
  return hash('sha256', JSON.stringify(value), 'hex').slice(0, FINGERPRINT_LENGTH);
}

/** [skuId, sorted disabledPlans] of the managed SKUs, sorted by skuId; the first entry per SKU wins. */
function managedLicenses(licenses: readonly { skuId: string; disabledPlans: string[] }[], managed: ReadonlySet<string>): [string, readonly string[]][] {
  const entries: [string, readonly string[]][] = [];
  for (const license of licenses) {
    if (managed.has(license.skuId) && !entries.some((e) => e[0] === license.skuId)) entries.push([license.skuId, sortedUnique(license.disabledPlans)]);
  }
  return entries.length < 2 ? entries : entries.sort((a, b) => compareText(a[0], b[0]));
}

/**
 * A user's id, usage location and direct assignments of the managed SKUs (the
 * `licenseAssignmentStates` with `assignedByGroup: null`). Inherited licenses are not
 * covered: a saved plan never changes them.
 */
export function fingerprintUser(user: TenantUser, managed: ReadonlySet<string>): string {
  const direct = user.licenseAssignmentStates.filter((state) => state.assignedByGroup === null);
  return fingerprintOf(['user', user.id, user.usageLocation ?? null, managedLicenses(direct, managed)]);
}

/** A group's id, its assignments of the managed SKUs and its members (fan-out depends on them). */
export function fingerprintGroup(group: TenantGroup, managed: ReadonlySet<string>): string {
  const members = fingerprintOf(sortedUnique(group.members));
  return fingerprintOf(['group', group.id, managedLicenses(group.assignedLicenses, managed), members]);
}

/**
 * Identity of the given SKUs: ids, part numbers and service plan ids, not seat counts
 * (seats move all the time and are re-checked by the store on write). Only the SKUs the plan
 * manages are covered, so buying an unrelated product does not make a saved plan stale.
 */
export function fingerprintSkus(skus: readonly SubscribedSku[], skuIds: readonly string[]): string {
  const byId = new Map(skus.map((sku) => [sku.skuId, sku] as const));
  const identity = sortedUnique(skuIds).map((skuId) => {
    const sku = byId.get(skuId);
    if (sku === undefined) return [skuId, null];
    return [skuId, sku.skuPartNumber, sortedUnique(sku.servicePlans.map((p) => p.servicePlanId))];
  });
  return fingerprintOf(identity);
}
