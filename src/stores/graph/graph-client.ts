import type { StoreError } from '../../model/store.js';
import { GRAPH_VERSION } from './graph-cloud.js';
import {
  createGraphStoreError,
  createTransportStoreError,
  describeTransportFailure,
  readGraphError,
  redactCredentials,
  type TransportFailure,
} from './graph-errors.js';
import { DEFAULT_READS_IN_FLIGHT, ReadGate } from './read-gate.js';
import { sleepWithSignal } from './sleep-with-signal.js';
import { computeBackoffMs, DEFAULT_BACKOFF, isThrottled, parseRetryAfter, RETRYABLE_STATUSES, type BackoffOptions } from './retry-policy.js';

/** The subset of `fetch` the client uses; tests and proxies can pass their own. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;
/** Waits `ms`, rejecting early when `signal` aborts. */
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Hands out bearer tokens for Graph; the client never stores them. */
export interface AccessTokenProvider {
  getToken(signal?: AbortSignal): Promise<string>;
  /** Forgets a cached token, after Graph answered 401 to it. */
  invalidate(): void;
}

/** One line of `--debug` output. Holds no header and no token, only what identifies the call. */
export interface GraphDebugEvent {
  method: string;
  /** Path and query under the version root, with paging tokens elided. */
  path: string;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  ms: number;
  requestId?: string;
  /** 0 for the first try of a request. */
  attempt: number;
  /** Set on `$batch` calls (number of sub-requests) and on their sub-requests (`inBatch`). */
  batchSize?: number;
  inBatch?: boolean;
  /** Transport failure code (NetworkError, Timeout, Aborted) when status is 0. */
  error?: string;
}

export type GraphDebugLogger = (event: GraphDebugEvent) => void;

export interface GraphClientOptions {
  /** Graph root, e.g. `https://graph.microsoft.com` or an emulator's `http://127.0.0.1:port` (a trailing `/v1.0` is accepted). */
  graphRoot: string;
  tokens: AccessTokenProvider;
  fetch?: FetchLike;
  sleep?: SleepFn;
  now?: () => number;
  random?: () => number;
  /**
   * Per-request timeout, default 60 s: Graph answers reads and `$batch` writes in seconds, and
   * an endpoint that accepts connections but never answers must not hold a run for minutes.
   */
  timeoutMs?: number;
  /** Retries of a read after the first attempt (default 5). */
  maxRetries?: number;
  backoff?: BackoffOptions;
  /** Longest server-requested wait honoured before retrying (default 5 min). */
  maxRetryAfterMs?: number;
  /** Reads in flight at once (default 4); see {@link ReadGate}. */
  maxReadsInFlight?: number;
  debug?: GraphDebugLogger;
  /** Secret values of the sign-in (client secret, static token, ...): removed from any server text shown. */
  secrets?: readonly string[];
  /** Told about each retry of a read, so a slow or silent Graph is not silent to the user. */
  notice?: (message: string) => void;
}

export interface GraphRequest {
  method: 'GET' | 'POST';
  /** `/users?...` relative to the version root, or an absolute `@odata.nextLink` on the same root. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface GraphResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  requestId?: string;
}

/** A request that got no HTTP answer; carries only a code and a message. */
export class GraphTransportError extends Error {
  readonly failure: TransportFailure;
  constructor(failure: TransportFailure) {
    super(failure.message);
    this.name = 'GraphTransportError';
    this.failure = failure;
  }
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 5;
const DEFAULT_MAX_RETRY_AFTER_MS = 300_000;

/**
 * The one module that knows Graph URLs and tokens. Reads retry transient failures here;
 * writes get exactly one attempt because the apply engine owns their retries and pacing.
 */
export class GraphClient {
  /** `https://graph.microsoft.com/v1.0` (no trailing slash). */
  readonly versionRoot: string;
  readonly maxRetries: number;
  /** Every read passes it: a few at a time, and none while Graph's throttling asks to wait. */
  readonly readGate: ReadGate;
  private readonly tokens: AccessTokenProvider;
  private readonly fetchImpl: FetchLike;
  private readonly sleepImpl: SleepFn;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly backoff: BackoffOptions;
  private readonly maxRetryAfterMs: number;
  private readonly debug?: GraphDebugLogger;
  /** The sign-in's secrets and every token sent: a server may echo any of them in an error text. */
  private readonly secrets: Set<string>;
  private readonly notice?: (message: string) => void;

  constructor(options: GraphClientOptions) {
    this.versionRoot = `${normalizeGraphRoot(options.graphRoot)}/${GRAPH_VERSION}`;
    this.tokens = options.tokens;
    this.fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
    this.sleepImpl = options.sleep ?? sleepWithSignal;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
    this.debug = options.debug;
    this.readGate = new ReadGate(options.maxReadsInFlight ?? DEFAULT_READS_IN_FLIGHT, this.now, this.sleepImpl);
    this.secrets = new Set(options.secrets ?? []);
    this.notice = options.notice;
  }

  /** Removes every secret and token value this client knows (and anything token-shaped) from a text. */
  redact(text: string): string {
    return redactCredentials(text, [...this.secrets]);
  }

  /** One attempt. Throws {@link GraphTransportError} when no HTTP response arrived. */
  async send(request: GraphRequest, signal?: AbortSignal, attempt = 0): Promise<GraphResponse> {
    const url = this.resolveUrl(request.url);
    const token = await this.tokens.getToken(signal);
    this.secrets.add(token);
    const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    headers.Authorization = `Bearer ${token}`;
    const started = this.now();
    const path = this.describePath(url);
    const fail = (error: unknown): never => {
      const failure = signal?.aborted ? { code: 'Aborted' as const, message: 'the request was aborted' } : this.describeFailure(error);
      this.debug?.({ method: request.method, path, status: 0, ms: this.now() - started, attempt, error: failure.code });
      throw new GraphTransportError(failure);
    };
    const init: RequestInit = { method: request.method, headers, signal: this.requestSignal(signal) };
    if (request.body !== undefined) init.body = JSON.stringify(request.body);
    const response = await this.fetchImpl(url, init).catch(fail);
    const text = await response.text().catch(fail);
    const responseHeaders = headersToRecord(response.headers);
    const requestId = responseHeaders['request-id'];
    this.debug?.({ method: request.method, path, status: response.status, ms: this.now() - started, requestId, attempt });
    const body = parseBody(text);
    if (isSuccess(response.status) && body === INVALID_JSON) {
      const length = Buffer.byteLength(text);
      throw new GraphTransportError({ code: 'InvalidResponse', message: `the answer was cut off or is not JSON (${length} bytes received)` });
    }
    return { status: response.status, headers: responseHeaders, body: body === INVALID_JSON ? text : body, requestId };
  }

  /** Tells the user (not only `--debug`) that a read is being tried again, and why. */
  noticeRetry(operation: string, why: string, attempt: number): void {
    this.notice?.(`Graph ${operation}: ${why}; trying again (attempt ${attempt + 2} of ${this.maxRetries + 1}).`);
  }

  /** A fetch rejection in words; a timeout says how long it waited. */
  private describeFailure(error: unknown): TransportFailure {
    const failure = describeTransportFailure(error);
    return failure.code === 'Timeout' ? { code: 'Timeout', message: `no answer within ${this.timeoutMs / 1000} s` } : failure;
  }

  /**
   * Sends a read with retries, through the read gate: 429/503/504 and transport failures
   * wait for `Retry-After` or a jittered backoff; a 401 refreshes the token once. Returns the
   * last response, whatever its status.
   */
  async sendWithRetry(request: GraphRequest, signal?: AbortSignal): Promise<GraphResponse> {
    let refreshed = false;
    for (let attempt = 0; ; attempt += 1) {
      let response: GraphResponse;
      try {
        response = await this.readGate.run(async () => {
          const answer = await this.send(request, signal, attempt);
          // Before the slot is given up, so no other read slips out in between.
          if (RETRYABLE_STATUSES.has(answer.status)) this.pauseReads(answer.headers['retry-after'], attempt, answer.status);
          return answer;
        }, signal);
      } catch (error) {
        if (!(error instanceof GraphTransportError)) throw error;
        const operation = `${request.method} ${this.describePath(request.url)}`;
        if (error.failure.code === 'Aborted' || attempt >= this.maxRetries) throw createTransportStoreError(operation, error.failure, attempt + 1);
        this.noticeRetry(operation, error.failure.message, attempt);
        await this.backOff(attempt, signal);
        continue;
      }
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        this.tokens.invalidate();
        continue;
      }
      if (!RETRYABLE_STATUSES.has(response.status) || attempt >= this.maxRetries) return response;
      // A throttled read waits in the read gate with every other read; anything else backs off alone.
      if (!isThrottled(response.headers['retry-after'], response.status)) await this.backOff(attempt, signal);
    }
  }

  /** GET with retries; a non-2xx answer becomes a StoreError. */
  async read(url: string, options: { headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<unknown> {
    const response = await this.sendWithRetry({ method: 'GET', url, headers: options.headers }, options.signal);
    if (!isSuccess(response.status)) throw this.errorFor('GET', url, response);
    return response.body;
  }

  /**
   * After a read answered with throttling (429, or any Retry-After): pauses every read of this
   * client for the Retry-After (or a backoff when Graph gave none). Graph throttles an app
   * in a tenant as a whole, so the other reads would only run into the same limit.
   */
  pauseReads(retryAfter: string | undefined, attempt: number, status: number): void {
    if (!isThrottled(retryAfter, status)) return;
    const requested = parseRetryAfter(retryAfter, this.now());
    this.readGate.pause(requested === undefined ? computeBackoffMs(attempt, this.backoff, this.random) : Math.min(requested, this.maxRetryAfterMs));
  }

  /** Waits before retrying a read that failed without throttling (5xx, no answer): jittered backoff. */
  async backOff(attempt: number, signal?: AbortSignal): Promise<void> {
    await this.sleepImpl(computeBackoffMs(attempt, this.backoff, this.random), signal);
  }

  /** Graph's error for a finished request, as our own error type. */
  errorFor(method: string, url: string, response: GraphResponse): StoreError {
    const info = readGraphError(response.status, response.body, response.requestId);
    return createGraphStoreError(`${method} ${this.describePath(url)}`, response.status, { ...info, message: this.redact(info.message) });
  }

  /** Absolute URL for a request; refuses links that would carry the token to another host. */
  resolveUrl(url: string): string {
    if (url.startsWith('/')) return `${this.versionRoot}${url}`;
    if (url.startsWith(`${this.versionRoot}/`) || url.startsWith(`${this.versionRoot}?`)) return url;
    throw new Error(`Refusing to send a Graph token to a URL outside ${this.versionRoot}`);
  }

  /** Relative form of an absolute link on this root (for `$batch` sub-requests). */
  relativeUrl(url: string): string {
    return this.resolveUrl(url).slice(this.versionRoot.length);
  }

  /** Path and query for logs and errors, with opaque paging tokens elided. */
  describePath(url: string): string {
    const relative = url.startsWith(this.versionRoot) ? url.slice(this.versionRoot.length) : url;
    return relative.replace(/(\$(?:skiptoken|deltatoken)=)[^&]*/gi, '$1…');
  }

  /** Drops the cached token so the next request fetches a fresh one (after a 401). */
  refreshToken(): void {
    this.tokens.invalidate();
  }

  emitDebug(event: GraphDebugEvent): void {
    this.debug?.(event);
  }

  elapsedSince(started: number): number {
    return this.now() - started;
  }

  clock(): number {
    return this.now();
  }

  private requestSignal(signal?: AbortSignal): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return signal ? AbortSignal.any([signal, timeout]) : timeout;
  }
}

/** Strips trailing slashes and a trailing version segment so both forms of a root work. */
export function normalizeGraphRoot(root: string): string {
  return root.replace(/\/+$/, '').replace(/\/v1\.0$/i, '').replace(/\/+$/, '');
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** What {@link parseBody} returns for a body that is not JSON (an error page, or a truncated answer). */
const INVALID_JSON = Symbol('invalid JSON');

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, key) => {
    record[key.toLowerCase()] = value;
  });
  return record;
}
