import { jsonResponse, type GraphResponse } from './graph-exchange.js';

/**
 * A Graph error a route answers with. Thrown inside route handlers and turned into Graph's
 * error envelope (`{ error: { code, message, innerError } }`) by {@link renderGraphError}.
 */
export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  /** Extra `innerError` members (the 429 body carries `code`, `status`, `message`). */
  readonly innerError: Record<string, string>;

  constructor(status: number, code: string, message: string, options: { headers?: Record<string, string>; innerError?: Record<string, string> } = {}) {
    super(message);
    this.name = 'GraphError';
    this.status = status;
    this.code = code;
    this.headers = options.headers ?? {};
    this.innerError = options.innerError ?? {};
  }
}

/** `2025-02-13T10:17:06`: Graph's innerError date has no fraction and no zone. */
export function formatInnerErrorDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}

/** Graph's error envelope with innerError { date, request-id, client-request-id }. */
export function renderGraphError(error: GraphError, ids: { requestId: string; clientRequestId: string }, nowMs: number): GraphResponse {
  const innerError = {
    ...error.innerError,
    date: formatInnerErrorDate(nowMs),
    'request-id': ids.requestId,
    'client-request-id': ids.clientRequestId,
  };
  return jsonResponse({ error: { code: error.code, message: error.message, innerError } }, error.status, error.headers);
}

/** `Resource '{id}' does not exist or one of its queried reference-property objects are not present.` */
export function resourceNotFound(id: string): GraphError {
  return new GraphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}

/** The generic directory 403 body. */
export function insufficientPrivileges(): GraphError {
  return new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

/** A malformed OData query (`$top`, `$filter`, advanced-query rules). */
export function unsupportedQuery(message: string): GraphError {
  return new GraphError(400, 'Request_UnsupportedQuery', message);
}

export function badRequest(message: string, code = 'Request_BadRequest'): GraphError {
  return new GraphError(400, code, message);
}
