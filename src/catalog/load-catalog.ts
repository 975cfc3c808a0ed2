import bundled from './catalog-data.json' with { type: 'json' };
import { createCatalog } from './create-catalog.js';
import type { Catalog, CatalogData } from './create-catalog.js';

let cached: Catalog | undefined;

/**
 * The catalogue bundled with skuform, built once per process. The JSON is imported (not read
 * from disk) so it travels with the compiled code and the catalog layer stays free of I/O.
 */
export function loadCatalog(): Catalog {
  cached ??= createCatalog(bundled as unknown as CatalogData);
  return cached;
}
