import type { ApplyResult } from '../model/apply-result.js';
import type { Plan } from '../model/plan.js';
import type { Snapshot } from '../model/snapshot.js';
import { holdsSeat } from '../plan/compute-holdings.js';
import { sortedUnique } from '../plan/plan-context.js';
import { directManagedOfGroup, directManagedOfUser } from '../plan/subject.js';

/**
 * What one run saw of the tenant, kept to tell the next run's view apart from changes made
 * outside skuform. Pure data; built from a snapshot and moved forward by what skuform applied.
 */

export interface ObservedPrincipal {
  kind: 'user' | 'group';
  id: string;
  /** userPrincipalName or display name. */
  name: string;
  /** Direct assignments of managed SKUs: skuId -> sorted disabled plan ids. */
  licenses: ReadonlyMap<string, readonly string[]>;
}

export interface ObservedSku {
  skuPartNumber: string;
  capabilityStatus: string;
  /** prepaidUnits.enabled: the seats bought. */
  enabled: number;
  /** servicePlanId -> servicePlanName. */
  plans: ReadonlyMap<string, string>;
}

export interface Observation {
  /** By operation id form: `user:<id>`, `group:<id>`. */
  principals: ReadonlyMap<string, ObservedPrincipal>;
  /** Managed SKUs only. */
  skus: ReadonlyMap<string, ObservedSku>;
  /** Seats of each managed SKU held by users the snapshot does not contain. */
  outside: ReadonlyMap<string, number>;
  /** The snapshot held every holder of the managed SKUs (pruning). */
  holdersComplete: boolean;
  /** Identifies what the snapshot was asked for: outside seats compare only under the same scope. */
  scope: string;
}

export function observeTenant(snapshot: Snapshot, managedSkuIds: readonly string[], scope: string): Observation {
  const managed = new Set(managedSkuIds);
  const principals = new Map<string, ObservedPrincipal>();
  const held = new Map<string, number>();
  for (const user of snapshot.users) {
    principals.set(`user:${user.id}`, { kind: 'user', id: user.id, name: user.userPrincipalName, licenses: directManagedOfUser(user, managed) });
    const seats = new Set(user.licenseAssignmentStates.filter((state) => managed.has(state.skuId) && holdsSeat(state)).map((state) => state.skuId));
    for (const skuId of seats) held.set(skuId, (held.get(skuId) ?? 0) + 1);
  }
  for (const group of snapshot.groups) {
    principals.set(`group:${group.id}`, { kind: 'group', id: group.id, name: group.displayName, licenses: directManagedOfGroup(group, managed) });
  }
  const skus = new Map<string, ObservedSku>();
  const outside = new Map<string, number>();
  for (const sku of snapshot.skus) {
    if (!managed.has(sku.skuId)) continue;
    skus.set(sku.skuId, {
      skuPartNumber: sku.skuPartNumber,
      capabilityStatus: sku.capabilityStatus,
      enabled: sku.prepaidUnits.enabled,
      plans: new Map(sku.servicePlans.map((plan) => [plan.servicePlanId, plan.servicePlanName])),
    });
    outside.set(sku.skuId, Math.max(0, sku.consumedUnits - (held.get(sku.skuId) ?? 0)));
  }
  const holdersComplete = managedSkuIds.length > 0 && managedSkuIds.every((skuId) => snapshot.holdersOf.includes(skuId));
  return { principals, skus, outside, holdersComplete, scope };
}

/**
 * The observation as skuform's own applied operations left it: each applied operation's
 * principal holds what its request asked for, so the next run does not take skuform's own
 * writes for drift. Failed and skipped operations changed nothing.
 */
export function afterApplied(observation: Observation, plan: Plan, result: ApplyResult): Observation {
  const operations = new Map(plan.operations.map((operation) => [operation.id, operation]));
  const principals = new Map(observation.principals);
  for (const outcome of result.outcomes) {
    const operation = operations.get(outcome.operationId);
    const before = principals.get(outcome.operationId);
    if (outcome.status !== 'applied' || operation === undefined || before === undefined) continue;
    const licenses = new Map(before.licenses);
    for (const skuId of operation.request.removeLicenses) licenses.delete(skuId);
    for (const license of operation.request.addLicenses) {
      if (observation.skus.has(license.skuId)) licenses.set(license.skuId, sortedUnique(license.disabledPlans));
    }
    principals.set(outcome.operationId, { ...before, licenses });
  }
  return { ...observation, principals };
}
