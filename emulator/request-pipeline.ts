import type { Caller } from './access-token.js';
import type { EmulatorStats } from './emulator-stats.js';
import type { FaultInjector } from './fault-injector.js';
import { GraphError, insufficientPrivileges, renderGraphError } from './graph-error.js';
import type { GraphRequest, GraphResponse } from './graph-exchange.js';
import { isAllowed } from './graph-permissions.js';
import { queryValue } from './odata-query.js';
import { matchRoute, type RouteMatch } from './route-table.js';
import type { EmulatorCore, Route } from './route-types.js';
import { estimateResourceUnits } from './resource-units.js';
import { formatRetryAfter, type WriteQuota } from './write-quota.js';

/**
 * The path of one logical request (a top-level request or one `$batch` item): route,
 * permission, fault decision (before anything is applied), write quota, handler, and the
 * headers Graph adds. Connection-level faults are returned for the HTTP layer to act on.
 */

export interface PipelineDeps {
  core: EmulatorCore;
  faults: FaultInjector;
  quota: WriteQuota;
  /** Resource-unit budget for every request, when one is configured. */
  resourceUnits: { quota: WriteQuota | null };
  stats: EmulatorStats;
}

export interface PipelineResult {
  response: GraphResponse;
  /** `before`: destroy the socket instead of answering; `after`: the write was applied, then the socket dies. */
  drop?: 'before' | 'after';
  /** Stats key `METHOD /template`, or the raw path when nothing matched. */
  routeKey: string;
}

/** Graph's throttling body and headers for a request over a quota. */
function throttled(limit: 'Write' | 'ReadWrite', appId: string, tenantId: string, retryAfterMs: number, usage: number): GraphError {
  return new GraphError(429, 'TooManyRequests', 'Please retry again later.', {
    headers: {
      'retry-after': formatRetryAfter(retryAfterMs),
      'x-ms-throttle-scope': `Tenant_Application/${limit}/${appId}/${tenantId}`,
      'x-ms-throttle-information': limit === 'Write' ? 'WriteLimitExceeded' : 'ResourceUnitLimitExceeded',
      'x-ms-throttle-limit-percentage': Math.min(1.8, usage).toFixed(1),
    },
    innerError: { code: '429', message: 'Please retry after', status: '429' },
  });
}

function routeOf(request: GraphRequest): { match?: RouteMatch; error?: GraphError; key: string } {
  try {
    const match = matchRoute(request.method, request.path);
    return { match, key: `${match.route.method} ${match.route.template}` };
  } catch (error) {
    if (error instanceof GraphError) return { error, key: `${request.method} ${request.path}` };
    throw error;
  }
}

function runHandler(deps: PipelineDeps, route: Route, params: string[], request: GraphRequest, caller: Caller): GraphResponse {
  try {
    return route.handle({ core: deps.core, request, params, caller });
  } catch (error) {
    if (error instanceof GraphError) return renderGraphError(error, request, deps.core.now());
    throw error;
  }
}

/** True when the request's `$select` names `signInActivity` (any case), which needs AuditLog.Read.All. */
function selectsSignInActivity(request: GraphRequest): boolean {
  const select = queryValue(request.query, '$select');
  return select !== null && select.split(',').some((name) => name.trim().toLowerCase() === 'signinactivity');
}

/** Runs one logical request. `connection` is false for batch items (no socket of their own). */
export function runRequest(deps: PipelineDeps, request: GraphRequest, caller: Caller, connection: boolean): PipelineResult {
  const { core, stats } = deps;
  const now = core.now();
  const { match, error, key } = routeOf(request);
  stats.countOperation(key);
  const fail = (graphError: GraphError): PipelineResult => ({ response: renderGraphError(graphError, request, now), routeKey: key });
  if (match === undefined) return finish(deps, fail(error ?? new GraphError(400, 'BadRequest', 'Invalid request.')), caller);
  const { route, params } = match;
  if (!isAllowed(caller, route.permission, core.permissions)) return finish(deps, fail(insufficientPrivileges()), caller);
  if (selectsSignInActivity(request) && !isAllowed(caller, 'readSignInActivity', core.permissions)) return finish(deps, fail(insufficientPrivileges()), caller);
  core.tenant.advance(now);

  const fault = deps.faults.decide(route.isWrite, connection);
  if (fault.kind !== 'none') stats.countFault(fault.kind === 'status' ? String(fault.error.status) : fault.kind);
  if (fault.kind === 'status') return finish(deps, fail(fault.error), caller);
  if (fault.kind === 'drop') return { response: { status: 0, headers: {} }, drop: 'before', routeKey: key };

  const cost = estimateResourceUnits(route, request);
  const refusal = admit(deps, route, caller, now, cost);
  if (refusal !== undefined) return finish(deps, fail(refusal), caller);
  const response = runHandler(deps, route, params, request, caller);
  response.headers['x-ms-resource-unit'] = String(cost);
  const result: PipelineResult = { response, routeKey: key };
  if (fault.kind === 'lost') result.drop = 'after';
  return finish(deps, result, caller);
}

/** Charges the request to the resource-unit budget and, for writes, the write quota; the 429 when either is spent. */
function admit(deps: PipelineDeps, route: Route, caller: Caller, now: number, cost: number): GraphError | undefined {
  const tenantId = deps.core.tenant.doc.tenant.id;
  const budget = deps.resourceUnits.quota?.take(caller.appId, now, cost);
  if (budget?.allowed === false) {
    deps.stats.throttled++;
    return throttled('ReadWrite', caller.appId, tenantId, budget.retryAfterMs, budget.usage);
  }
  if (!route.isWrite) return undefined;
  const decision = deps.quota.take(caller.appId, now);
  if (!decision.allowed) {
    deps.stats.throttled++;
    return throttled('Write', caller.appId, tenantId, decision.retryAfterMs, decision.usage);
  }
  deps.stats.countWrite(now);
  return undefined;
}

/** Adds the quota-pressure header (only above 80% of the quota, as Graph does) and counts the status. */
function finish(deps: PipelineDeps, result: PipelineResult, caller: Caller): PipelineResult {
  const usage = deps.quota.usage(caller.appId, deps.core.now());
  if (usage > 0.8 && result.response.headers['x-ms-throttle-limit-percentage'] === undefined) {
    result.response.headers['x-ms-throttle-limit-percentage'] = Math.min(1.8, usage).toFixed(1);
  }
  deps.stats.countStatus(result.response.status);
  return result;
}
