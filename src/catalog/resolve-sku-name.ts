import type { SubscribedSku } from '../model/tenant.js';
import type { Catalog, CatalogSku } from './create-catalog.js';
import { describeSku } from './friendly-names.js';
import { isGuid, normalizeName } from './normalize-name.js';
import { quoteText } from './quote-text.js';
import { joinAlternatives, suggestNames } from './suggest-names.js';

/** How a SKU name written in a config file resolved against the tenant's subscribed SKUs. */
export type SkuResolution =
  | { status: 'found'; sku: SubscribedSku }
  | { status: 'ambiguous'; candidates: SubscribedSku[]; message: string; hint: string }
  /** Microsoft's catalogue knows the name, but the tenant has no such subscription. */
  | { status: 'not-subscribed'; known: CatalogSku[]; message: string; hint: string }
  | { status: 'unknown'; suggestions: string[]; message: string; hint?: string };

function byPartNumber(skus: readonly SubscribedSku[], name: string): SubscribedSku[] {
  const wanted = normalizeName(name);
  return skus.filter((s) => normalizeName(s.skuPartNumber) === wanted);
}

/** Subscribed SKUs that are one of the catalogue's: same GUID, or same part number (national clouds use other GUIDs). */
function subscribedOf(skus: readonly SubscribedSku[], known: readonly CatalogSku[]): SubscribedSku[] {
  const ids = new Set(known.map((k) => k.skuId));
  const parts = new Set(known.map((k) => normalizeName(k.skuPartNumber)));
  return skus.filter((s) => ids.has(s.skuId.toLowerCase()) || parts.has(normalizeName(s.skuPartNumber)));
}

function found(candidates: SubscribedSku[], name: string, catalog: Catalog): SkuResolution | undefined {
  const [first] = candidates;
  if (!first) return undefined;
  if (candidates.length === 1) return { status: 'found', sku: first };
  const listed = candidates.map((s) => `${describeSku(catalog, s)} ${s.skuId}`).join(', ');
  return {
    status: 'ambiguous',
    candidates,
    message: `SKU name ${quoteText(name)} matches ${candidates.length} subscribed SKUs: ${listed}`,
    hint: 'write the skuId GUID of the one you mean',
  };
}

function notSubscribed(known: CatalogSku[], name: string, catalog: Catalog): SkuResolution | undefined {
  const [first] = known;
  if (!first) return undefined;
  const sameName = known.every((k) => k.displayName === first.displayName);
  const what = sameName && known.length > 1
    ? `${first.displayName} (${known.map((k) => k.skuPartNumber).join(' or ')})`
    : known.map((k) => describeSku(catalog, k)).join(' or ');
  return {
    status: 'not-subscribed',
    known,
    message: `${what} is not subscribed in this tenant`,
    hint: `${quoteText(name)} is a SKU Microsoft sells, but this tenant has no subscription for it; run \`skuform skus\` to list the subscribed ones`,
  };
}

function unknown(name: string, skus: readonly SubscribedSku[], catalog: Catalog): SkuResolution {
  const candidates = skus.flatMap((s) => [s.skuPartNumber, catalog.skuById(s.skuId)?.displayName ?? '']);
  const suggestions = isGuid(name) ? [] : suggestNames(name, candidates);
  return {
    status: 'unknown',
    suggestions,
    message: `unknown SKU ${quoteText(name)}`,
    hint: suggestions.length > 0
      ? `did you mean ${joinAlternatives(suggestions)}?`
      : 'write a skuPartNumber, a product name or a skuId GUID; run `skuform skus` to list the subscribed SKUs',
  };
}

/**
 * Resolves a SKU as written in a config (skuId GUID, skuPartNumber in any case, or product
 * display name) against `skus`, which is the truth (the tenant's subscribed SKUs). The
 * catalogue only supplies product names and tells "not subscribed" apart from "unknown".
 */
export function resolveSkuName(name: string, skus: readonly SubscribedSku[], catalog: Catalog): SkuResolution {
  const trimmed = name.trim();
  if (isGuid(trimmed)) {
    const id = trimmed.toLowerCase();
    return found(skus.filter((s) => s.skuId.toLowerCase() === id), trimmed, catalog)
      ?? notSubscribed([catalog.skuById(id)].filter((s) => s !== undefined), trimmed, catalog)
      ?? unknown(trimmed, skus, catalog);
  }
  const byPart = found(byPartNumber(skus, trimmed), trimmed, catalog);
  if (byPart !== undefined) return byPart;
  // Only now: a part number (the usual spelling) spares the catalogue's name index.
  const byName = catalog.skusByDisplayName(trimmed);
  return found(subscribedOf(skus, byName), trimmed, catalog)
    ?? notSubscribed(byName, trimmed, catalog)
    ?? notSubscribed(catalog.skusByPartNumber(trimmed), trimmed, catalog)
    ?? unknown(trimmed, skus, catalog);
}
