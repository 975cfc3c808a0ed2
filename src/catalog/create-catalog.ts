import { normalizeName } from './normalize-name.js';

/**
 * Microsoft's SKU and service-plan catalogue (the licensing CSV, compacted by
 * `scripts/build-catalog.mjs`). It only supplies friendly names: the tenant's own subscribed
 * SKUs are the truth for what exists and what a SKU contains.
 */

/** The compact document written by the build script: plans stored once, SKUs index into them. */
export interface CatalogData {
  format: number;
  source: string;
  /** [servicePlanId, servicePlanName, friendlyName], sorted by id. */
  plans: readonly (readonly [string, string, string])[];
  /** [skuId, skuPartNumber, productDisplayName, plan indexes], sorted by id. */
  skus: readonly (readonly [string, string, string, readonly number[]])[];
}

export interface CatalogPlan {
  servicePlanId: string;
  servicePlanName: string;
  friendlyName: string;
}

export interface CatalogSku {
  skuId: string;
  skuPartNumber: string;
  /** Product display name, e.g. `Microsoft 365 E3`. */
  displayName: string;
  servicePlans: readonly CatalogPlan[];
}

export interface Catalog {
  readonly skus: readonly CatalogSku[];
  readonly plans: readonly CatalogPlan[];
  skuById(skuId: string): CatalogSku | undefined;
  /** Case-insensitive. A list: one part number can have several GUIDs (e.g. MCOPSTN5). */
  skusByPartNumber(partNumber: string): CatalogSku[];
  /** Case- and space-insensitive product display name. */
  skusByDisplayName(displayName: string): CatalogSku[];
  planById(servicePlanId: string): CatalogPlan | undefined;
  /** Case-insensitive servicePlanName. */
  plansByName(servicePlanName: string): CatalogPlan[];
  /** Case- and space-insensitive friendly name. */
  plansByFriendlyName(friendlyName: string): CatalogPlan[];
}

function indexBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = index.get(k);
    if (list) list.push(item);
    else index.set(k, [item]);
  }
  return index;
}

function toPlans(data: CatalogData): CatalogPlan[] {
  return data.plans.map(([servicePlanId, servicePlanName, friendlyName]) => ({ servicePlanId, servicePlanName, friendlyName }));
}

function toSkus(data: CatalogData, plans: readonly CatalogPlan[]): CatalogSku[] {
  return data.skus.map(([skuId, skuPartNumber, displayName, indexes]) => ({
    skuId,
    skuPartNumber,
    displayName,
    servicePlans: indexes.map((i) => {
      const plan = plans[i];
      if (!plan) throw new Error(`catalogue data: SKU ${skuId} refers to missing plan #${i}`);
      return plan;
    }),
  }));
}

/** A lookup built on its first call, so that a run pays only for the indexes it asks. */
function lazily<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/**
 * Builds the lookup structure over catalogue data (the bundled one or a test's). Each index
 * is built on first use: a plan usually needs only the lookups by id (for display names),
 * and normalising every name of the catalogue cost each run about 10 ms.
 */
export function createCatalog(data: CatalogData): Catalog {
  const plans = toPlans(data);
  const skus = toSkus(data, plans);
  const byId = lazily(() => new Map(skus.map((s) => [s.skuId, s])));
  const byPart = lazily(() => indexBy(skus, (s) => normalizeName(s.skuPartNumber)));
  const byDisplay = lazily(() => indexBy(skus, (s) => normalizeName(s.displayName)));
  const planById = lazily(() => new Map(plans.map((p) => [p.servicePlanId, p])));
  const plansByName = lazily(() => indexBy(plans, (p) => normalizeName(p.servicePlanName)));
  const plansByFriendly = lazily(() => indexBy(plans, (p) => normalizeName(p.friendlyName)));
  return {
    skus,
    plans,
    skuById: (id) => byId().get(id.trim().toLowerCase()),
    skusByPartNumber: (part) => [...(byPart().get(normalizeName(part)) ?? [])],
    skusByDisplayName: (name) => [...(byDisplay().get(normalizeName(name)) ?? [])],
    planById: (id) => planById().get(id.trim().toLowerCase()),
    plansByName: (name) => [...(plansByName().get(normalizeName(name)) ?? [])],
    plansByFriendlyName: (name) => [...(plansByFriendly().get(normalizeName(name)) ?? [])],
  };
}
