import type { SubscribedSku } from '../model/tenant.js';
import type { Catalog } from './create-catalog.js';

/**
 * The whole catalogue as if every SKU were subscribed with no seats, so `validate` can
 * resolve names offline. The CSV does not say whom a SKU or plan applies to, so everything
 * is marked `User`.
 */
export function catalogAsSubscribedSkus(catalog: Catalog): SubscribedSku[] {
  return catalog.skus.map((sku) => ({
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: 0,
    prepaidUnits: { enabled: 0, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans: sku.servicePlans.map((plan) => ({
      servicePlanId: plan.servicePlanId,
      servicePlanName: plan.servicePlanName,
      provisioningStatus: 'Success',
      appliesTo: 'User',
    })),
  }));
}
