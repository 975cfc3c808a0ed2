import { StoreError } from '../../model/store.js';
import type { TenantDocument } from '../../model/tenant.js';

/**
 * Every property of the tenant file in the order SPEC 4.1 shows it. One global list works
 * because each object type's own order is a subsequence of it (tenant, SKU, plan, units,
 * user, license, state, group). JSON.stringify with a property list writes keys in the
 * list's order and leaves out others, so extra properties a file carried are appended.
 */
const KEY_ORDER = [
  'tenant', 'subscribedSkus', 'users', 'groups',
  'id', 'skuId', 'userPrincipalName', 'displayName', 'skuPartNumber', 'defaultDomain', 'countryLetterCode',
  'servicePlanId', 'servicePlanName', 'provisioningStatus', 'appliesTo', 'capabilityStatus', 'consumedUnits',
  'prepaidUnits', 'enabled', 'suspended', 'warning', 'lockedOut', 'servicePlans', 'accountEnabled', 'usageLocation',
  'securityEnabled', 'assignedByGroup', 'state', 'error', 'disabledPlans', 'lastUpdatedDateTime', 'assignedLicenses',
  'licenseAssignmentStates', 'signInActivity', 'lastSignInDateTime', 'lastNonInteractiveSignInDateTime',
  'lastSuccessfulSignInDateTime', 'members', 'licenseProcessingState', 'hasMembersWithLicenseErrors',
];

/**
 * The tenant file's text: 2-space indent, stable key order, trailing newline. The same
 * document always gives the same bytes, so an unchanged tenant is never rewritten.
 *
 * A property list makes JSON.stringify about three times slower, and a document read from a
 * file this function wrote (changed by the semantics module, which builds objects in this
 * order too) already has every object's keys in that order; then the plain form, which gives
 * the same bytes, is used.
 */
export function serializeTenantDocument(doc: TenantDocument, extraKeys: ReadonlySet<string> = new Set()): string {
  const keys = [...KEY_ORDER, ...[...extraKeys].filter((key) => !KEY_ORDER.includes(key))];
  try {
    return `${isInKeyOrder(doc, keys) ? JSON.stringify(doc, null, 2) : JSON.stringify(doc, keys, 2)}\n`;
  } catch (error) {
    if (!(error instanceof RangeError && /string length/i.test(error.message))) throw error;
    // Such a file is read in pieces, but written as one text it would pass the engine's limit.
    throw new StoreError('The tenant file would be larger than the longest text JavaScript can hold (about 512 MiB), so it cannot be rewritten.', {
      code: 'TenantFileTooLarge',
      hint: 'Plan against this file offline, and apply to the tenant itself with --store graph.',
    });
  }
}

/**
 * True when every object in `doc` has only keys of `keys`, in that order: then the plain
 * JSON.stringify writes what the property list would. Iterative, as deep as the document is.
 */
function isInKeyOrder(doc: object, keys: readonly string[]): boolean {
  const rank = new Map(keys.map((key, index) => [key, index]));
  const pending: object[] = [doc];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    if (Array.isArray(current)) {
      for (const item of current as unknown[]) if (typeof item === 'object' && item !== null) pending.push(item);
      continue;
    }
    let previous = -1;
    for (const key in current) {
      const at = rank.get(key);
      if (at === undefined || at <= previous) return false;
      previous = at;
      const child = (current as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
  return true;
}
