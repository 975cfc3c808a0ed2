import { pageResponse, type RenderItem } from './collection-page.js';
import type { EntitySchema } from './filter-check.js';
import { evaluateFilter, planCandidates, type FilterIndex } from './filter-evaluate.js';
import { unsupportedQuery } from './graph-error.js';
import type { GraphResponse } from './graph-exchange.js';
import { contextUrl, type SelectableType } from './graph-shapes.js';
import { isEventual, originalQuery, parseCollectionQuery, queryValue } from './odata-query.js';
import type { RouteContext } from './route-types.js';

/** How to list one kind of directory object. */
export interface DirectoryListing {
  type: SelectableType;
  schema: EntitySchema;
  /** Every candidate id in stable order (used when the filter has no index). */
  allIds(): string[];
  index: FilterIndex;
  /** The object in Graph's property names, for filtering. */
  lookup(id: string): Record<string, unknown> | undefined;
  render: RenderItem;
  /** `@odata.context` entity set, e.g. `users` or `directoryObjects`. */
  entitySet?: string;
}

/** Ids matching the request's `$filter`, using an index where one applies. */
function matchingIds(context: RouteContext, listing: DirectoryListing, filter: ReturnType<typeof parseCollectionQuery>['filter']): string[] {
  if (filter === null) return listing.allIds();
  let candidates = planCandidates(filter, listing.index);
  if (candidates === undefined) {
    context.core.countScan();
    candidates = listing.allIds();
  }
  return candidates.filter((id) => {
    const object = listing.lookup(id);
    return object !== undefined && evaluateFilter(filter, object);
  });
}

/**
 * GET on a directory collection: `$select`, `$filter` (indexed where possible), `$top`,
 * `$count`, and opaque `$skiptoken` paging whose links carry the original query.
 */
export function listDirectoryObjects(context: RouteContext, listing: DirectoryListing): GraphResponse {
  const { request, core } = context;
  const token = queryValue(request.query, '$skiptoken');
  const entitySet = listing.entitySet ?? listing.type.entitySet;
  if (token !== null) {
    const cursor = core.cursors.get(token);
    return pageResponse({ cursors: core.cursors, request, render: listing.render, context: contextUrl(request.serviceRoot, entitySet, cursor.select) }, cursor);
  }
  const query = parseCollectionQuery(request, listing.type, listing.schema);
  const ids = matchingIds(context, listing, query.filter);
  const cursor = {
    ids,
    offset: 0,
    pageSize: query.top,
    select: query.select,
    count: query.count ? ids.length : null,
    path: request.path,
    query: originalQuery(request.query),
  };
  return pageResponse({ cursors: core.cursors, request, render: listing.render, context: contextUrl(request.serviceRoot, entitySet, query.select) }, cursor);
}

/** GET `/users/$count`: needs `ConsistencyLevel: eventual`; answers text/plain. */
export function countDirectoryObjects(context: RouteContext, listing: DirectoryListing): GraphResponse {
  if (!isEventual(context.request)) {
    throw unsupportedQuery("Raw count (/$count) is not supported because the 'ConsistencyLevel:eventual' header is missing. Refer to https://aka.ms/graph-docs/advanced-queries for more information");
  }
  const query = new URLSearchParams(context.request.query);
  query.set('$count', 'true');
  const parsed = parseCollectionQuery({ ...context.request, query }, listing.type, listing.schema);
  return { status: 200, headers: { 'content-type': 'text/plain' }, body: String(matchingIds(context, listing, parsed.filter).length) };
}
