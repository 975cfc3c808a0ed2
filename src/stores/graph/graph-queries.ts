import { lowerCase } from '../semantics/lower-case.js';

/**
 * The OData queries the Graph store sends. Lookups by key use `in` filters of at most 15
 * values (Graph's limit for `in`), which costs one sub-request per 15 keys instead of one per
 * key, and those sub-requests then travel 20 to a `$batch`: 300 keys per HTTP request.
 */

/** Graph accepts at most 15 values in one `in (...)` expression. */
export const MAX_IN_VALUES = 15;
/** Largest page Graph serves for directory collections. */
export const MAX_PAGE_SIZE = 999;

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}

/** An OData string literal: single quotes doubled. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `property in ('a','b')` filters covering `values`, at most 15 values each. */
export function inFilters(property: string, values: readonly string[]): string[] {
  const filters: string[] = [];
  for (let start = 0; start < values.length; start += MAX_IN_VALUES) {
    const chunk = values.slice(start, start + MAX_IN_VALUES);
    filters.push(`${property} in (${chunk.map(quoteLiteral).join(',')})`);
  }
  return filters;
}

/** Users or groups holding a SKU (directly or, for users, also through a group). */
export function skuHolderFilter(skuId: string): string {
  return `assignedLicenses/any(x:x/skuId eq ${skuId.toLowerCase()})`;
}

/** A collection URL with `$filter`, `$select`, `$top` and `$count`, values percent-encoded. */
export function collectionUrl(path: string, options: { filter?: string; select?: string; top?: number; count?: boolean }): string {
  const parts: string[] = [];
  if (options.filter !== undefined) parts.push(`$filter=${encodeURIComponent(options.filter)}`);
  if (options.select !== undefined) parts.push(`$select=${options.select}`);
  if (options.top !== undefined) parts.push(`$top=${options.top}`);
  if (options.count === true) parts.push('$count=true');
  return parts.length === 0 ? path : `${path}?${parts.join('&')}`;
}

/** The header of Graph's advanced queries, which `$count` needs. */
export const EVENTUAL: Readonly<Record<string, string>> = { ConsistencyLevel: 'eventual' };

/**
 * How many objects a (filtered) collection holds: one item's page with `@odata.count`. A
 * page rather than `/$count`, whose plain-text answer has no documented form inside `$batch`.
 */
export function countRequest(path: string, filter?: string): { url: string; headers: Record<string, string>; firstPageOnly: true } {
  return { url: collectionUrl(path, { filter, select: 'id', top: 1, count: true }), headers: { ...EVENTUAL }, firstPageOnly: true };
}

/** A path segment for an object id. */
export function segment(id: string): string {
  return encodeURIComponent(id);
}

/** Keys deduplicated case-insensitively (first spelling kept), empty ones dropped. */
export function uniqueKeys(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const key of keys) {
    const lower = lowerCase(key);
    if (key === '' || seen.has(lower)) continue;
    seen.add(lower);
    unique.push(key);
  }
  return unique;
}
