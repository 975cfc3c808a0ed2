import type { SubscribedSku } from '../../model/tenant.js';
import { graphFailures, type GraphFailure } from './graph-failure.js';
import type { AssignLicenseBody } from './parse-assign-body.js';

/**
 * The checks a user and a group call share, in Graph's spirit of refusing the whole call:
 * no SKU twice, never added and removed at once, every SKU subscribed, assignable to the
 * principal's kind, and every disabled plan part of its SKU.
 */
export function checkRequestSkus(
  skus: ReadonlyMap<string, SubscribedSku>,
  body: AssignLicenseBody,
  kind: 'user' | 'group',
): GraphFailure | undefined {
  const added = new Set<string>();
  for (const license of body.addLicenses) {
    if (added.has(license.skuId)) return graphFailures.duplicateSku(license.skuId);
    added.add(license.skuId);
  }
  const removed = new Set<string>();
  for (const skuId of body.removeLicenses) {
    if (removed.has(skuId)) return graphFailures.duplicateSku(skuId);
    if (added.has(skuId)) return graphFailures.addAndRemove(skuId);
    removed.add(skuId);
  }
  for (const license of body.addLicenses) {
    const sku = skus.get(license.skuId);
    if (sku === undefined) return graphFailures.unknownSku(license.skuId);
    // Only SKUs whose target class is User can be assigned; a group hands them to users.
    if (sku.appliesTo.toLowerCase() !== 'user') return graphFailures.notAssignable(license.skuId, kind);
    const plans = new Set(sku.servicePlans.map((plan) => plan.servicePlanId.toLowerCase()));
    const stray = license.disabledPlans.find((plan) => !plans.has(plan));
    if (stray !== undefined) return graphFailures.planNotInSku(stray, license.skuId);
  }
  const unknown = body.removeLicenses.find((skuId) => !skus.has(skuId));
  return unknown === undefined ? undefined : graphFailures.unknownSku(unknown);
}
