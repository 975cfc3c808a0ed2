import { StoreError } from '../../model/store.js';

/** What Graph's error envelope `{ error: { code, message, innerError } }` tells a person. */
export interface GraphErrorInfo {
  code: string;
  message: string;
  requestId?: string;
}

/**
 * Reads Graph's error envelope. Unknown shapes still give a usable code and message; the body
 * is never echoed wholesale because a misbehaving proxy could reflect request headers into it.
 */
export function readGraphError(status: number, body: unknown, headerRequestId?: string): GraphErrorInfo {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const inner = error && isRecord(error.innerError) ? error.innerError : undefined;
  const code = typeof error?.code === 'string' && error.code !== '' ? error.code : `Http${status}`;
  const message = typeof error?.message === 'string' && error.message !== '' ? error.message : `HTTP ${status}`;
  const innerId = typeof inner?.['request-id'] === 'string' ? inner['request-id'] : undefined;
  const requestId = headerRequestId ?? innerId;
  return requestId === undefined ? { code, message } : { code, message, requestId };
}

/** A failed Graph call as our own error type: status, Graph code, message and request id. */
export function createGraphStoreError(operation: string, status: number, info: GraphErrorInfo): StoreError {
  const suffix = info.requestId ? ` (request-id ${info.requestId})` : '';
  // Graph's text is kept for the user, minus anything token-shaped a proxy might have echoed.
  return new StoreError(`Graph ${operation} failed: ${status} ${info.code}: ${redactCredentials(info.message)}${suffix}`, {
    status,
    code: info.code,
    requestId: info.requestId,
    hint: hintForStatus(status),
  });
}

/** A request that never got a usable HTTP answer (reset, DNS, timeout, an answer cut short). */
export interface TransportFailure {
  code: 'NetworkError' | 'Timeout' | 'Aborted' | 'InvalidResponse';
  message: string;
}

/**
 * Describes a fetch rejection without keeping the error object: undici's errors are safe
 * today, but holding only strings guarantees no request (and so no token) leaks through.
 */
export function describeTransportFailure(error: unknown): TransportFailure {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError') return { code: 'Timeout', message: 'the request timed out' };
  if (name === 'AbortError') return { code: 'Aborted', message: 'the request was aborted' };
  const cause = error instanceof Error && isRecord(error.cause) ? error.cause : undefined;
  const causeCode = typeof cause?.code === 'string' ? cause.code : undefined;
  const causeMessage = typeof cause?.message === 'string' ? cause.message : undefined;
  const base = error instanceof Error ? error.message : String(error);
  const detail = causeCode ?? causeMessage ?? base;
  return { code: 'NetworkError', message: detail === base ? base : `${base} (${detail})` };
}

/** The failure of a request after `attempts` tries, as our own error type. */
export function createTransportStoreError(operation: string, failure: TransportFailure, attempts = 1): StoreError {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return new StoreError(`Graph ${operation} failed${tries}: ${failure.message}`, { status: 0, code: failure.code, hint: TRANSPORT_HINTS[failure.code] });
}

const TRANSPORT_HINTS: Record<TransportFailure['code'], string | undefined> = {
  NetworkError: 'Check the network connection to Microsoft Graph (and the --cloud setting).',
  Timeout: 'Graph, or the endpoint --graph-url names, accepted the connection but did not answer in time: check the network, any proxy, and that the endpoint is Graph.',
  InvalidResponse: 'The answer was cut short or mangled on the way (a proxy, a dropped connection); run again.',
  Aborted: undefined,
};

function hintForStatus(status: number): string | undefined {
  if (status === 401) {
    return 'Graph rejected the token: check the tenant, the cloud (--cloud) and that the token was issued for Microsoft Graph.';
  }
  if (status === 403) return 'The app or user lacks a Graph permission for this call; `skuform doctor` names the missing one.';
  if (status === 429) return 'Graph throttled the request; try again later.';
  if (status >= 500) return 'Graph reported a server error; try again later.';
  return undefined;
}

/**
 * Replaces each known secret value, bearer credentials and anything shaped like a JWT with
 * `[redacted]`, so text from servers and libraries can be shown safely.
 */
export function redactCredentials(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  return result.replace(/eyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[redacted]').replace(/\b(bearer)\s+(?!\[redacted\])\S+/gi, '$1 [redacted]');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
