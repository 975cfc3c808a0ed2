/** Types of scripts/build-catalog.mjs, for the tests that call it directly. */
export interface CatalogDocument {
  format: number;
  source: string;
  plans: [string, string, string][];
  skus: [string, string, string, number[]][];
}

export function parseCsv(text: string): string[][];

export function buildCatalog(text: string, source: string): {
  catalog: CatalogDocument;
  stats: { rows: number; duplicates: number; warnings: string[] };
};

export function serializeCatalog(catalog: CatalogDocument): string;
