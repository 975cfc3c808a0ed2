import type { Catalog } from './create-catalog.js';

/** Product display name of a skuId (`Microsoft 365 E3`), when the catalogue knows it. */
export function skuDisplayName(catalog: Catalog, skuId: string): string | undefined {
  return catalog.skuById(skuId)?.displayName;
}

/** Friendly name of a servicePlanId (`Sway`), when the catalogue knows it. */
export function planFriendlyName(catalog: Catalog, servicePlanId: string): string | undefined {
  return catalog.planById(servicePlanId)?.friendlyName;
}

/** `Visio Plan 2 (VISIOCLIENT)`, or just the part number when the catalogue has no name for it. */
export function describeSku(catalog: Catalog, sku: { skuId: string; skuPartNumber: string }): string {
  const name = skuDisplayName(catalog, sku.skuId);
  return name && name !== sku.skuPartNumber ? `${name} (${sku.skuPartNumber})` : sku.skuPartNumber;
}

/** `Sway (SWAY)`, or just the plan name when the catalogue has no friendly name for it. */
export function describePlan(catalog: Catalog, plan: { servicePlanId: string; servicePlanName: string }): string {
  const name = planFriendlyName(catalog, plan.servicePlanId);
  return name && name !== plan.servicePlanName ? `${name} (${plan.servicePlanName})` : plan.servicePlanName;
}
