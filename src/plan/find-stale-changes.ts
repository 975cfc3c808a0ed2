import type { Operation, Plan, PrincipalRef } from '../model/plan.js';
import type { Snapshot } from '../model/snapshot.js';
import type { AssignedLicense } from '../model/tenant.js';
import { fingerprintGroup, fingerprintSkus, fingerprintUser } from './fingerprint.js';
import { sameIdSet } from './plan-context.js';

export type StaleChangeKind = 'principal-changed' | 'principal-missing' | 'skus-changed';

/** One reason a saved plan no longer matches the store. */
export interface StaleChange {
  kind: StaleChangeKind;
  /** The principal that changed or disappeared; absent for `skus-changed`. */
  principal?: PrincipalRef;
  /** Readable, e.g. `user alice@contoso.com changed since the plan was made: SPE_E3 is no longer assigned directly`. */
  message: string;
}

/**
 * Compares a saved plan with a fresh snapshot of the principals it touches and its managed
 * SKUs. An empty result means the plan can be applied as reviewed. The fresh snapshot must
 * contain every principal of the plan by id, and group members (query `members: true`).
 */
export function findStaleChanges(plan: Plan, fresh: Snapshot): StaleChange[] {
  const managedIds = plan.settings.managedSkus.map((sku) => sku.skuId);
  const managed = new Set(managedIds);
  const stale: StaleChange[] = [];
  if (fingerprintSkus(fresh.skus, managedIds) !== plan.fingerprints.skus) stale.push(describeSkuChange(plan, fresh));
  const users = new Map(fresh.users.map((u) => [u.id, u] as const));
  const groups = new Map(fresh.groups.map((g) => [g.id, g] as const));
  for (const op of plan.operations) {
    const { kind, id, name } = op.principal;
    const user = kind === 'user' ? users.get(id) : undefined;
    const group = kind === 'group' ? groups.get(id) : undefined;
    const now = user !== undefined
      ? { fingerprint: fingerprintUser(user, managed), direct: user.licenseAssignmentStates.filter((s) => s.assignedByGroup === null) }
      : group !== undefined
        ? { fingerprint: fingerprintGroup(group, managed), direct: group.assignedLicenses }
        : undefined;
    if (now === undefined) {
      stale.push({ kind: 'principal-missing', principal: op.principal, message: `${kind} ${name} (${id}) no longer exists` });
      continue;
    }
    if (now.fingerprint === op.fingerprint) continue;
    const details = describeLicenseChanges(op, now.direct);
    const fallback = kind === 'user' ? 'its direct licenses or usage location changed' : 'its licenses or members changed';
    stale.push({
      kind: 'principal-changed',
      principal: op.principal,
      message: `${kind} ${name} changed since the plan was made: ${details.length > 0 ? details.join('; ') : fallback}`,
    });
  }
  return stale;
}

/** What differs, for the SKUs the operation changes, between the plan's `before` and now. */
function describeLicenseChanges(op: Operation, direct: readonly AssignedLicense[]): string[] {
  const details: string[] = [];
  for (const change of op.changes) {
    const now = direct.find((l) => l.skuId === change.sku.skuId);
    const part = change.sku.skuPartNumber;
    if (change.before === null) {
      if (now !== undefined) details.push(`${part} is now assigned directly`);
    } else if (now === undefined) {
      details.push(`${part} is no longer assigned directly`);
    } else if (!sameIdSet(now.disabledPlans, change.before.disabledPlans.map((p) => p.servicePlanId))) {
      details.push(`${part} has other disabled plans`);
    }
  }
  return details;
}

function describeSkuChange(plan: Plan, fresh: Snapshot): StaleChange {
  const present = new Map(fresh.skus.map((sku) => [sku.skuId, sku] as const));
  const details = plan.settings.managedSkus.flatMap((ref) => {
    const sku = present.get(ref.skuId);
    if (sku === undefined) return [`${ref.skuPartNumber} is no longer subscribed`];
    // A SKU missing when the plan was made carries its id as part number.
    if (ref.skuPartNumber === ref.skuId) return [`${sku.skuPartNumber} is now subscribed`];
    return sku.skuPartNumber === ref.skuPartNumber ? [] : [`${ref.skuPartNumber} is now called ${sku.skuPartNumber}`];
  });
  return {
    kind: 'skus-changed',
    message: `the managed SKUs changed since the plan was made: ${details.length > 0 ? details.join('; ') : 'their service plans differ'}`,
  };
}
