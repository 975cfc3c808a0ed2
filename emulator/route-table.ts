import { GraphError } from './graph-error.js';
import type { Route } from './route-types.js';
import { deltaRoutes } from './routes-delta.js';
import { directoryRoutes } from './routes-directory.js';
import { groupRoutes } from './routes-groups.js';
import { userRoutes } from './routes-users.js';

/** Every endpoint; literal segments are tried before parameters (delta before `/users/{id}`). */
export const ROUTES: readonly Route[] = [...deltaRoutes, ...directoryRoutes, ...userRoutes, ...groupRoutes];

export interface RouteMatch {
  route: Route;
  params: string[];
}

function segmentMatches(pattern: string | readonly string[] | null, segment: string): boolean {
  if (pattern === null) return segment !== '';
  const accepted = typeof pattern === 'string' ? [pattern] : pattern;
  return accepted.some((candidate) => candidate.toLowerCase() === segment.toLowerCase());
}

/** How many leading segments a route accepts (literals count before parameters). */
function matchLength(route: Route, segments: readonly string[]): number {
  let n = 0;
  while (n < segments.length && n < route.segments.length && segmentMatches(route.segments[n] ?? null, segments[n] ?? '')) n++;
  return n;
}

/** Splits a version-relative path into percent-decoded segments. */
export function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '').map((segment) => {
    try { return decodeURIComponent(segment); } catch { return segment; }
  });
}

/**
 * The route for a method and version-relative path, or Graph's error: 400 `Resource not
 * found for the segment` for unknown paths, 405 for a known path with another method.
 */
export function matchRoute(method: string, path: string, routes: readonly Route[] = ROUTES): RouteMatch {
  const segments = splitPath(path);
  const full = routes.filter((route) => route.segments.length === segments.length && matchLength(route, segments) === segments.length);
  const literalFirst = (route: Route): number => route.segments.filter((segment) => segment === null).length;
  full.sort((a, b) => literalFirst(a) - literalFirst(b));
  const route = full.find((candidate) => candidate.method === method.toUpperCase());
  if (route !== undefined) {
    const params = route.segments.flatMap((pattern, i) => (pattern === null ? [segments[i] ?? ''] : []));
    return { route, params };
  }
  if (full.length > 0) throw new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
  const matched = Math.max(0, ...routes.map((candidate) => matchLength(candidate, segments)));
  const segment = segments[matched] ?? segments[segments.length - 1] ?? '';
  throw new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}
