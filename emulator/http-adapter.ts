import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { identifyCaller, type AuthOptions } from './access-token.js';
import { runBatch } from './batch-request.js';
import { GraphError, renderGraphError } from './graph-error.js';
import { normalizeHeaders, type GraphRequest, type GraphResponse } from './graph-exchange.js';
import { runRequest, type PipelineDeps } from './request-pipeline.js';
import { matchRoute } from './route-table.js';

/**
 * Turns node HTTP requests into {@link GraphRequest}s and the pipeline's results back into
 * HTTP: Graph's headers on every response, latency before answering, and dropped
 * connections when the fault injector says so.
 */

export interface HttpAdapterOptions {
  deps: PipelineDeps;
  auth: AuthOptions;
  batchResponseOrder: 'request' | 'reversed';
  /** Delay before a request is served (models network round trips). */
  delay(): Promise<void>;
}

const VERSION_PREFIX = /^\/v1\.0(?=\/|$)/i;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
}

function toGraphRequest(req: IncomingMessage, bodyText: string, serviceRoot: string): { request: GraphRequest; bodyError?: GraphError } {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const headers = normalizeHeaders(req.headers);
  const requestId = randomUUID();
  const request: GraphRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname.replace(VERSION_PREFIX, '') || '/',
    query: url.searchParams,
    headers,
    body: undefined,
    serviceRoot,
    inBatch: false,
    requestId,
    clientRequestId: headers['client-request-id'] ?? requestId,
  };
  try {
    request.body = parseJsonBody(bodyText);
    return { request };
  } catch (error) {
    if (error instanceof GraphError) return { request, bodyError: error };
    throw error;
  }
}

function statsKey(request: GraphRequest): string {
  if (request.path.toLowerCase() === '/$batch') return `${request.method} /$batch`;
  try {
    const { route } = matchRoute(request.method, request.path);
    return `${route.method} ${route.template}`;
  } catch {
    return `${request.method} ${request.path}`;
  }
}

function writeResponse(res: ServerResponse, request: GraphRequest, response: GraphResponse): void {
  const headers: Record<string, string> = {
    'cache-control': 'no-cache',
    'request-id': request.requestId,
    'client-request-id': request.clientRequestId,
    ...response.headers,
  };
  let payload = '';
  if (response.body !== undefined) {
    payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** Handles one HTTP request end to end. */
export async function handleHttp(options: HttpAdapterOptions, req: IncomingMessage, res: ServerResponse, serviceRoot: string): Promise<void> {
  const { deps } = options;
  const bodyText = await readBody(req);
  const { request, bodyError } = toGraphRequest(req, bodyText, serviceRoot);
  await options.delay();
  deps.stats.countHttp(statsKey(request));
  const fail = (error: GraphError): void => {
    deps.stats.countStatus(error.status);
    writeResponse(res, request, renderGraphError(error, request, deps.core.now()));
  };
  if (bodyError !== undefined) return fail(bodyError);
  let caller;
  try {
    caller = identifyCaller(request.headers.authorization, options.auth);
  } catch (error) {
    if (error instanceof GraphError) return fail(error);
    throw error;
  }
  if (request.path.toLowerCase() === '/$batch' && request.method === 'POST') {
    // Only connection faults are decided for the batch as a whole; statuses are per item.
    const fault = deps.faults.decide(true, true);
    if (fault.kind === 'drop') { deps.stats.countFault('drop'); req.socket.destroy(); return; }
    try {
      writeOrDrop(res, request, runBatch(deps, request, caller, options.batchResponseOrder), fault.kind === 'lost');
      if (fault.kind === 'lost') deps.stats.countFault('lost');
    } catch (error) {
      if (error instanceof GraphError) return fail(error);
      throw error;
    }
    return;
  }
  const result = runRequest(deps, request, caller, true);
  if (result.drop === 'before') { req.socket.destroy(); return; }
  writeOrDrop(res, request, result.response, result.drop === 'after');
}

function writeOrDrop(res: ServerResponse, request: GraphRequest, response: GraphResponse, drop: boolean): void {
  if (drop) { res.socket?.destroy(); return; }
  writeResponse(res, request, response);
}
