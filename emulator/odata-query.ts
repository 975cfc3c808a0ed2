import { badRequest, unsupportedQuery } from './graph-error.js';
import type { GraphRequest } from './graph-exchange.js';
import type { SelectableType } from './graph-shapes.js';
import { checkClauseLimit, checkFilter, requireAdvancedQuery, type EntitySchema } from './filter-check.js';
import { parseFilter, type FilterNode } from './odata-filter.js';

/** The query options of a directory collection request, validated like Graph does. */
export interface CollectionQuery {
  select: string[] | null;
  top: number;
  filter: FilterNode | null;
  count: boolean;
  skipToken: string | null;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 999;

/** True when the request carries `ConsistencyLevel: eventual` (per item inside a batch). */
export function isEventual(request: GraphRequest): boolean {
  return (request.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual';
}

/** `$select` resolved to Graph's property names; unknown names are Graph's 400. `id` comes first. */
export function parseSelect(value: string | null, type: SelectableType): string[] | null {
  if (value === null || value.trim() === '') return null;
  const names: string[] = [];
  for (const raw of value.split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    const canonical = type.selectable.get(name.toLowerCase());
    if (canonical === undefined) throw badRequest(`Could not find a property named '${name}' on type 'microsoft.graph.${type.typeName}'.`);
    if (!names.includes(canonical)) names.push(canonical);
  }
  return names.length === 0 ? null : names;
}

/** `$top` must be 1..999 for directory collections (default 100). */
export function parseTop(value: string | null): number {
  if (value === null) return DEFAULT_PAGE_SIZE;
  const top = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE) {
    throw unsupportedQuery(`Invalid page size specified: '${value}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`);
  }
  return top;
}

function queryValue(query: URLSearchParams, name: string): string | null {
  for (const [key, value] of query) if (key.toLowerCase() === name) return value;
  return null;
}

/**
 * Parses `$select`, `$top`, `$filter`, `$count`, `$skiptoken`. `$count=true` and advanced
 * filters need `ConsistencyLevel: eventual`; advanced filters also need `$count=true`.
 * UNCONFIRMED: the exact 400 text for `$count=true` without the header.
 */
export function parseCollectionQuery(request: GraphRequest, type: SelectableType, schema: EntitySchema): CollectionQuery {
  const query = request.query;
  if (queryValue(query, '$skip') !== null) throw badRequest("'$skip' is not supported by the service.");
  if (queryValue(query, '$expand') !== null && isEventual(request)) throw unsupportedQuery('$expand is not supported with advanced queries.');
  const count = (queryValue(query, '$count') ?? '').toLowerCase() === 'true';
  if (count && !isEventual(request)) throw badRequest('$count is not currently supported.');
  const filterText = queryValue(query, '$filter');
  let filter: FilterNode | null = null;
  if (filterText !== null && filterText.trim() !== '') {
    filter = parseFilter(filterText);
    checkFilter(filter, schema);
    checkClauseLimit(filter);
    requireAdvancedQuery(filter, schema, isEventual(request) && count);
  }
  return {
    select: parseSelect(queryValue(query, '$select'), type),
    top: parseTop(queryValue(query, '$top')),
    filter,
    count,
    skipToken: queryValue(query, '$skiptoken'),
  };
}

/** The request's query string without `$skiptoken` and `$deltatoken`, for building links. */
export function originalQuery(query: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const [key, value] of query) {
    const lower = key.toLowerCase();
    if (lower !== '$skiptoken' && lower !== '$deltatoken') kept.append(key, value);
  }
  return kept.toString().replace(/%24/g, '$').replace(/%2C/gi, ',');
}

export { queryValue };
