import type { ServerResponse } from 'node:http';
import { sendJson, startLocalHttpServer, type LocalHttpServer, type RecordedRequest } from '../support/local-http-server.js';
import { StandinState } from './standin-state.js';
import { handleRoute, matchRoute, type RouteName, type RouteParams } from './standin-routes.js';

/**
 * A local stand-in for the GitHub REST endpoints skuform uses (issue comments and issues),
 * served over real HTTP so the Octokit client, pagination and error translation are tested
 * end to end. Point `apiUrl` at `standin.apiUrl`.
 */

export type Permission = 'read' | 'write';

export interface StandinOptions {
  /** The only token accepted; anything else is answered 401 Bad credentials. */
  token: string;
  /** REST root under the server, e.g. `/api/v3` to act as GitHub Enterprise Server. */
  basePath?: string;
  /** What the token may do (fork PR tokens are read-only). Default: write for both. */
  permissions?: { 'pull-requests'?: Permission; issues?: Permission };
}

/** A canned answer for the next matching request(s). */
export interface Fault {
  route?: RouteName;
  method?: string;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** How many matching requests get it; default 1. */
  times?: number;
}

export interface HookContext {
  route: RouteName;
  params: RouteParams;
  method: string;
}

export interface StandinHooks {
  /** Runs before a request is handled; may wait (e.g. a barrier that makes two runs race). */
  before?: (context: HookContext) => void | Promise<void>;
  /** Runs after a request changed or read the state, before the answer is sent (e.g. a second writer). */
  after?: (context: HookContext) => void | Promise<void>;
}

export interface GitHubStandin {
  /** The value for `apiUrl` / GITHUB_API_URL. */
  apiUrl: string;
  state: StandinState;
  requests: RecordedRequest[];
  hooks: StandinHooks;
  /** Queues a fault; faults are matched in the order they were added. */
  fail(fault: Fault): void;
  /** Requests handled per route, for asserting on API cost. */
  count(route: RouteName): number;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';

/** Primary rate limit: 403 with `x-ratelimit-remaining: 0` and the reset time. */
export function primaryRateLimitFault(resetEpochSeconds: number, route?: RouteName): Fault {
  return {
    ...(route ? { route } : {}), status: 403,
    body: { message: 'API rate limit exceeded for installation ID 4242.', documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api` },
    headers: { 'x-ratelimit-limit': '1000', 'x-ratelimit-remaining': '0', 'x-ratelimit-used': '1000', 'x-ratelimit-reset': String(resetEpochSeconds) },
  };
}

/** Secondary rate limit: 403 (or 429) with `retry-after`. */
export function secondaryRateLimitFault(retryAfterSeconds: number, status: 403 | 429 = 403, route?: RouteName): Fault {
  return {
    ...(route ? { route } : {}), status,
    body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: DOCS },
    headers: { 'retry-after': String(retryAfterSeconds), 'x-ratelimit-remaining': '4000' },
  };
}

function authorized(request: RecordedRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^(?:token|bearer)\s+(.+)$/i.exec(header);
  return match?.[1] === token;
}

function takeFault(faults: Fault[], route: RouteName, method: string): Fault | undefined {
  const index = faults.findIndex((f) => (f.route === undefined || f.route === route) && (f.method === undefined || f.method === method));
  const fault = faults[index];
  if (fault === undefined) return undefined;
  const left = (fault.times ?? 1) - 1;
  if (left <= 0) faults.splice(index, 1);
  else faults[index] = { ...fault, times: left };
  return fault;
}

/** Starts the stand-in on a free loopback port. */
export async function startGitHubStandin(options: StandinOptions): Promise<GitHubStandin> {
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const permissions = { 'pull-requests': 'write', issues: 'write', ...options.permissions } as const;
  const faults: Fault[] = [];
  const counts = new Map<RouteName, number>();
  const hooks: StandinHooks = {};
  // The handler needs the server's own URL for pagination links, known only once it listens.
  const origin = { url: '' };
  const state = new StandinState('https://github.example');

  const handle = async (request: RecordedRequest, response: ServerResponse): Promise<void> => {
    const apiUrl = origin.url;
    const url = new URL(request.url, apiUrl);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : '';
    const matched = matchRoute(request.method, path);
    if (matched === undefined) return sendJson(response, 404, { message: 'Not Found', documentation_url: DOCS });
    if (!authorized(request, options.token)) {
      return sendJson(response, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    }
    counts.set(matched.route, (counts.get(matched.route) ?? 0) + 1);
    const context: HookContext = { route: matched.route, params: matched.params, method: request.method };
    await hooks.before?.(context);
    const fault = takeFault(faults, matched.route, request.method);
    if (fault) return sendJson(response, fault.status, fault.body ?? { message: 'fault', documentation_url: DOCS }, fault.headers);
    const answer = handleRoute(state, matched, {
      body: request.body, query: url.searchParams, selfUrl: `${apiUrl}${url.pathname}`, permissions,
    });
    await hooks.after?.(context);
    sendJson(response, answer.status, answer.body, answer.headers);
  };

  const started: LocalHttpServer = await startLocalHttpServer(handle);
  origin.url = started.url;
  return {
    apiUrl: `${started.url}${basePath}`,
    state,
    requests: started.requests,
    hooks,
    fail: (fault) => faults.push(fault),
    count: (route) => counts.get(route) ?? 0,
    close: () => started.close(),
  };
}
