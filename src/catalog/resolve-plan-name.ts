import type { ServicePlanInfo, SubscribedSku } from '../model/tenant.js';
import type { Catalog, CatalogPlan } from './create-catalog.js';
import { describePlan, describeSku } from './friendly-names.js';
import { isGuid, normalizeName } from './normalize-name.js';
import { quoteText } from './quote-text.js';
import { joinAlternatives, suggestNames } from './suggest-names.js';

/** How a service plan written in a config resolved inside one SKU. */
export type PlanResolution =
  | { status: 'found'; plan: ServicePlanInfo }
  /** A friendly name (or, rarely, a plan name) that fits several plans of the SKU. */
  | { status: 'ambiguous'; candidates: ServicePlanInfo[]; message: string; hint: string }
  /** A real service plan, but not one of this SKU's. */
  | { status: 'not-in-sku'; known: CatalogPlan[]; message: string; hint?: string }
  | { status: 'unknown'; suggestions: string[]; message: string; hint?: string };

function pick(candidates: ServicePlanInfo[], name: string, sku: SubscribedSku, catalog: Catalog): PlanResolution | undefined {
  const [first] = candidates;
  if (!first) return undefined;
  if (candidates.length === 1) return { status: 'found', plan: first };
  const listed = candidates.map((p) => `${p.servicePlanName} ${p.servicePlanId}`).join(', ');
  return {
    status: 'ambiguous',
    candidates,
    message: `service plan ${quoteText(name)} matches ${candidates.length} plans of ${describeSku(catalog, sku)}: ${listed}`,
    hint: 'write the servicePlanName or servicePlanId of the one you mean',
  };
}

function suggestionsFor(name: string, sku: SubscribedSku, catalog: Catalog): string[] {
  const names = sku.servicePlans.flatMap((p) => [p.servicePlanName, catalog.planById(p.servicePlanId)?.friendlyName ?? '']);
  return isGuid(name) ? [] : suggestNames(name, names);
}

function notInSku(known: CatalogPlan[], name: string, sku: SubscribedSku, catalog: Catalog): PlanResolution | undefined {
  const [first] = known;
  if (!first) return undefined;
  const suggestions = suggestionsFor(name, sku, catalog);
  return {
    status: 'not-in-sku',
    known,
    message: `service plan ${describePlan(catalog, first)} is not part of ${describeSku(catalog, sku)}`,
    hint: suggestions.length > 0
      ? `did you mean ${joinAlternatives(suggestions)}?`
      : `run \`skuform skus\` to list the plans of ${sku.skuPartNumber}`,
  };
}

function unknown(name: string, sku: SubscribedSku, catalog: Catalog): PlanResolution {
  const suggestions = suggestionsFor(name, sku, catalog);
  return {
    status: 'unknown',
    suggestions,
    message: `unknown service plan ${quoteText(name)} in ${describeSku(catalog, sku)}`,
    hint: suggestions.length > 0
      ? `did you mean ${joinAlternatives(suggestions)}?`
      : `run \`skuform skus\` to list the plans of ${sku.skuPartNumber}`,
  };
}

/**
 * Resolves a service plan as written in a config (servicePlanName in any case, friendly name
 * or servicePlanId) among the plans of `sku` — it must belong to that SKU. Friendly names
 * come from the catalogue; one that fits two plans of the SKU is ambiguous, never guessed.
 */
export function resolvePlanName(name: string, sku: SubscribedSku, catalog: Catalog): PlanResolution {
  const trimmed = name.trim();
  if (isGuid(trimmed)) {
    const id = trimmed.toLowerCase();
    return pick(sku.servicePlans.filter((p) => p.servicePlanId.toLowerCase() === id), trimmed, sku, catalog)
      ?? notInSku([catalog.planById(id)].filter((p) => p !== undefined), trimmed, sku, catalog)
      ?? unknown(trimmed, sku, catalog);
  }
  const wanted = normalizeName(trimmed);
  const byName = pick(sku.servicePlans.filter((p) => normalizeName(p.servicePlanName) === wanted), trimmed, sku, catalog);
  if (byName !== undefined) return byName;
  // Only now: a plan name (the usual spelling) spares the catalogue's friendly-name index.
  const friendlyIds = new Set(catalog.plansByFriendlyName(trimmed).map((p) => p.servicePlanId));
  return pick(sku.servicePlans.filter((p) => friendlyIds.has(p.servicePlanId.toLowerCase())), trimmed, sku, catalog)
    ?? notInSku(catalog.plansByName(trimmed), trimmed, sku, catalog)
    ?? notInSku(catalog.plansByFriendlyName(trimmed), trimmed, sku, catalog)
    ?? unknown(trimmed, sku, catalog);
}
