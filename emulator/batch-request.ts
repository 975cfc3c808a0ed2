import { randomUUID } from 'node:crypto';
import type { Caller } from './access-token.js';
import { GraphError, renderGraphError } from './graph-error.js';
import { jsonResponse, normalizeHeaders, type GraphRequest, type GraphResponse } from './graph-exchange.js';
import { runRequest, type PipelineDeps } from './request-pipeline.js';

/**
 * POST /$batch: at most 20 requests with unique ids, each run through the same pipeline as
 * a top-level request (its own permission check, fault decision, write quota, Retry-After),
 * `dependsOn` answered 424 when a dependency failed. The batch itself is 200 unless its
 * envelope is malformed. Graph does not promise response order; the emulator can reverse it
 * so clients that correlate by position instead of by id fail in tests.
 */

export const MAX_BATCH_SIZE = 20;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

/** Header names as Graph writes them inside batch responses. */
const HEADER_CASE: Record<string, string> = {
  'content-type': 'Content-Type',
  'retry-after': 'Retry-After',
  location: 'Location',
  'cache-control': 'Cache-Control',
};

function batchError(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}

function parseItems(body: unknown): BatchItem[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) throw batchError('Invalid batch payload format.');
  if (requests.length > MAX_BATCH_SIZE) throw batchError(`Number of requests inside batch exceeds the limit of ${MAX_BATCH_SIZE}.`);
  const items: BatchItem[] = [];
  const ids = new Set<string>();
  for (const raw of requests as Record<string, unknown>[]) {
    const id = typeof raw?.id === 'string' || typeof raw?.id === 'number' ? String(raw.id) : undefined;
    if (id === undefined || typeof raw.method !== 'string' || typeof raw.url !== 'string') throw batchError('Invalid batch payload format: every request needs id, method and url.');
    // UNCONFIRMED: Graph's exact text; documented behaviour is a 400 for the whole batch.
    if (ids.has(id)) throw batchError(`Batch request contains duplicate request id '${id}'.`);
    ids.add(id);
    const dependsOn = Array.isArray(raw.dependsOn) ? raw.dependsOn.map(String) : [];
    for (const dependency of dependsOn) {
      if (!ids.has(dependency) || dependency === id) throw batchError(`Request '${id}' depends on '${dependency}', which is not an earlier request of the batch.`);
    }
    const headers = typeof raw.headers === 'object' && raw.headers !== null ? normalizeHeaders(raw.headers as Record<string, string>) : {};
    items.push({ id, method: raw.method.toUpperCase(), url: raw.url, headers, body: raw.body, dependsOn });
  }
  return items;
}

function itemRequest(item: BatchItem, outer: GraphRequest): GraphRequest {
  const relative = item.url.replace(/^\/+/, '').replace(/^v1\.0\//i, '');
  const url = new URL(`/${relative}`, 'http://batch.invalid');
  const requestId = randomUUID();
  return {
    method: item.method,
    path: url.pathname,
    query: url.searchParams,
    headers: { ...item.headers, authorization: outer.headers.authorization ?? '' },
    body: item.body,
    serviceRoot: outer.serviceRoot,
    inBatch: true,
    requestId,
    clientRequestId: item.headers['client-request-id'] ?? outer.clientRequestId,
  };
}

function toItemResponse(id: string, response: GraphResponse): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) headers[HEADER_CASE[name] ?? name] = value;
  const item: Record<string, unknown> = { id, status: response.status, headers };
  if (response.body !== undefined) item.body = response.body;
  return item;
}

function runItem(deps: PipelineDeps, item: BatchItem, outer: GraphRequest, caller: Caller, statuses: Map<string, number>): GraphResponse {
  const request = itemRequest(item, outer);
  if (item.dependsOn.some((dependency) => !isSuccess(statuses.get(dependency)))) {
    deps.stats.countStatus(424);
    return renderGraphError(new GraphError(424, 'FailedDependency', 'The request failed because a request it depends on failed.'), request, deps.core.now());
  }
  if (request.path.toLowerCase() === '/$batch') return renderGraphError(batchError('A batch request cannot contain another batch request.'), request, deps.core.now());
  if (item.body !== undefined && item.headers['content-type'] === undefined) {
    return renderGraphError(batchError('A Content-Type header is required for a request with a body.'), request, deps.core.now());
  }
  return runRequest(deps, request, caller, false).response;
}

function isSuccess(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

/** Answers a `$batch` request (200 with per-item results), or throws for a malformed envelope. */
export function runBatch(deps: PipelineDeps, request: GraphRequest, caller: Caller, order: 'request' | 'reversed'): GraphResponse {
  const items = parseItems(request.body);
  const statuses = new Map<string, number>();
  const responses: Record<string, unknown>[] = [];
  for (const item of items) {
    const response = runItem(deps, item, request, caller, statuses);
    statuses.set(item.id, response.status);
    responses.push(toItemResponse(item.id, response));
  }
  if (order === 'reversed') responses.reverse();
  return jsonResponse({ responses });
}
