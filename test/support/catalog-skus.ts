/** The bundled catalogue as a tenant that subscribes to every SKU: real names, ids and plans for config tests. */
import { catalogAsSubscribedSkus, loadCatalog } from '../../src/catalog/index.js';
import type { SubscribedSku } from '../../src/model/tenant.js';

export const CATALOG = loadCatalog();
export const CATALOG_SKUS = catalogAsSubscribedSkus(CATALOG);

/** The catalogue SKU with this part number; throws for a name the catalogue does not have. */
export function catalogSku(part: string): SubscribedSku {
  const found = CATALOG_SKUS.find((s) => s.skuPartNumber === part);
  if (!found) throw new Error(`no SKU ${part} in the catalogue`);
  return found;
}
