/** The catalogue: Microsoft's SKU and service-plan names and ids, and name resolution. */
export type { Catalog, CatalogData, CatalogPlan, CatalogSku } from './create-catalog.js';
export { createCatalog } from './create-catalog.js';
export { loadCatalog } from './load-catalog.js';
export { catalogAsSubscribedSkus } from './catalog-as-subscribed-skus.js';
export { describePlan, describeSku, planFriendlyName, skuDisplayName } from './friendly-names.js';
export { isGuid, normalizeName } from './normalize-name.js';
export { quoteText } from './quote-text.js';
export { resolvePlanName } from './resolve-plan-name.js';
export type { PlanResolution } from './resolve-plan-name.js';
export { resolveSkuName } from './resolve-sku-name.js';
export type { SkuResolution } from './resolve-sku-name.js';
export { editDistance, joinAlternatives, suggestNames } from './suggest-names.js';
