/**
 * The emulator's own request/response pair. Top-level HTTP requests and the items of a
 * `$batch` are both turned into a {@link GraphRequest} so that every route, quota and fault
 * rule runs the same way for both.
 */

export interface GraphRequest {
  method: string;
  /** Path without the version prefix and without the query, e.g. `/users/abc/assignLicense`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
  /** Absolute service root used in links, e.g. `http://127.0.0.1:4321/v1.0`. */
  serviceRoot: string;
  /** True for an item of a `$batch`. */
  inBatch: boolean;
  requestId: string;
  clientRequestId: string;
}

export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value, a string (sent as text/plain), or undefined for no body. */
  body?: unknown;
}

/** A 200 response with a JSON body. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): GraphResponse {
  return { status, headers: { 'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8', ...headers }, body };
}

/** Lower-cases header names and joins repeated values the way node does. */
export function normalizeHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
