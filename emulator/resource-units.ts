import type { GraphRequest } from './graph-exchange.js';
import { queryValue } from './odata-query.js';
import type { Route } from './route-types.js';

/** Base costs of the identity and access limits (other GETs cost 1, writes 1). */
const BASE_COSTS: Record<string, number> = {
  '/users': 2,
  '/subscribedSkus': 3,
  '/groups/{id}/members': 3,
  '/groups/{id}/members/microsoft.graph.user': 3,
  '/users/{id}/licenseDetails': 2,
};

/**
 * The resource units Graph charges a request (reported in `x-ms-resource-unit`): base cost,
 * −1 with `$select`, +1 with `$expand`, −1 with `$top` below 20, at least 1.
 */
export function estimateResourceUnits(route: Route, request: GraphRequest): number {
  let cost = route.method === 'GET' ? (BASE_COSTS[route.template] ?? 1) : 1;
  if (queryValue(request.query, '$select') !== null) cost--;
  if (queryValue(request.query, '$expand') !== null) cost++;
  const top = Number(queryValue(request.query, '$top') ?? 'NaN');
  if (Number.isFinite(top) && top < 20) cost--;
  return Math.max(1, cost);
}
