import { createTransportStoreError, readGraphError, isRecord } from './graph-errors.js';
import { GraphTransportError, isSuccess, type GraphClient, type GraphResponse } from './graph-client.js';
import { isThrottled, RETRYABLE_STATUSES } from './retry-policy.js';

/** Graph accepts at most 20 sub-requests per `$batch`. */
export const MAX_BATCH_SIZE = 20;

export interface BatchItem {
  method: 'GET' | 'POST';
  /** Relative to the version root (`/users/...`), or an absolute link on the same root. */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface BatchItemResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Either every sub-request's answer (aligned with the items) with the batch call's own
 * request id, or the batch call's failure.
 */
export type BatchOutcome = { ok: true; responses: BatchItemResponse[]; requestId?: string } | { ok: false; response: GraphResponse };

/**
 * One attempt of one `$batch`. Sub-request ids are the item positions, so they are unique and
 * map answers back whatever order Graph returns them in. Throws {@link GraphTransportError}
 * when the batch call got no answer.
 */
export async function sendBatch(client: GraphClient, items: readonly BatchItem[], signal?: AbortSignal, attempt = 0): Promise<BatchOutcome> {
  if (items.length === 0) return { ok: true, responses: [] };
  if (items.length > MAX_BATCH_SIZE) throw new Error(`A Graph $batch takes at most ${MAX_BATCH_SIZE} requests, got ${items.length}`);
  const requests = items.map((item, index) => ({
    id: String(index + 1),
    method: item.method,
    url: client.relativeUrl(item.url),
    ...(item.body === undefined ? {} : { body: item.body, headers: { 'Content-Type': 'application/json', ...item.headers } }),
    ...(item.body === undefined && item.headers ? { headers: item.headers } : {}),
  }));
  const started = client.clock();
  const response = await client.send({ method: 'POST', url: '/$batch', body: { requests } }, signal, attempt);
  // A batch failed as a whole with 424 may still say what happened to each item (as some
  // proxies and older Graph throttling did): those answers are what counts.
  if (!isSuccess(response.status) && !(response.status === 424 && hasItemAnswers(response.body))) return { ok: false, response };
  if (!isRecord(response.body) || !Array.isArray(response.body.responses)) {
    throw new GraphTransportError({ code: 'InvalidResponse', message: 'the $batch answer holds no list of responses' });
  }
  const responses = alignResponses(response.body.responses, items.length);
  const ms = client.elapsedSince(started);
  responses.forEach((item, index) => {
    const requestId = item.headers['request-id'] ?? readGraphError(item.status, item.body).requestId;
    const path = client.describePath(requests[index]?.url ?? '');
    client.emitDebug({ method: items[index]?.method ?? 'GET', path, status: item.status, ms, requestId, attempt, inBatch: true });
  });
  return { ok: true, responses, requestId: response.requestId };
}

/**
 * Any number of read sub-requests: sent 20 to a `$batch`, the batches as fast as the
 * client's read gate lets them go; throttled or unavailable sub-requests (and failed batch
 * calls) are retried after the longest Retry-After Graph asked for. Returns the final answer
 * of every item, aligned with `items`.
 */
export async function readBatch(client: GraphClient, items: readonly BatchItem[], signal?: AbortSignal): Promise<BatchItemResponse[]> {
  const results: BatchItemResponse[] = new Array<BatchItemResponse>(items.length);
  const chunks: number[][] = [];
  for (let start = 0; start < items.length; start += MAX_BATCH_SIZE) {
    chunks.push(items.slice(start, start + MAX_BATCH_SIZE).map((_, offset) => start + offset));
  }
  await Promise.all(chunks.map((indices) => readChunk(client, items, indices, results, signal)));
  return results;
}

async function readChunk(
  client: GraphClient,
  items: readonly BatchItem[],
  indices: number[],
  results: BatchItemResponse[],
  signal?: AbortSignal,
): Promise<void> {
  let pending = indices;
  let refreshed = false;
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    const last = attempt >= client.maxRetries;
    const outcome = await sendChunk(client, pending.map((i) => items[i] as BatchItem), signal, attempt, last);
    if (!outcome.ok) {
      if (outcome.response.status === 401 && !refreshed) {
        refreshed = true;
        client.refreshToken();
        attempt -= 1;
        continue;
      }
      if (last || !isRetryableBatchStatus(outcome.response.status)) throw client.errorFor('POST', '/$batch', outcome.response);
      // A throttled answer already paused every read in the gate; anything else backs off alone.
      if (!throttling(outcome).throttled) await client.backOff(attempt, signal);
      continue;
    }
    const retry: number[] = [];
    let retrying = false;
    // An item answered 401 ran with a token Graph no longer takes: one fresh token, then those
    // items again at once, as a single request would be.
    const unauthorized = !refreshed && outcome.responses.some((response) => response.status === 401);
    outcome.responses.forEach((response, position) => {
      const index = pending[position] as number;
      results[index] = response;
      if (unauthorized && response.status === 401) retry.push(index);
      else if (!last && RETRYABLE_STATUSES.has(response.status)) {
        retry.push(index);
        retrying = true;
      }
    });
    pending = retry;
    if (unauthorized) {
      refreshed = true;
      client.refreshToken();
      if (!retrying) {
        attempt -= 1;
        continue;
      }
    }
    if (pending.length > 0 && !throttling(outcome).throttled) await client.backOff(attempt, signal);
  }
}

/**
 * A batch call that failed as a whole and is worth another attempt: what is retryable for a
 * single read, and a 424 that says nothing about its items (the batch never ran; Graph's
 * older throttling answered a throttled batch so).
 */
function isRetryableBatchStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status) || status === 424;
}

/**
 * One batch attempt for reads, through the read gate: a throttled answer (the batch's, or
 * any item's) pauses every read before the slot is given up. A transport failure is retried
 * like a 503, up to the last attempt.
 */
async function sendChunk(client: GraphClient, items: BatchItem[], signal: AbortSignal | undefined, attempt: number, last: boolean): Promise<BatchOutcome> {
  try {
    return await client.readGate.run(async () => {
      const outcome = await sendBatch(client, items, signal, attempt);
      const { throttled, retryAfter, status } = throttling(outcome);
      if (throttled) client.pauseReads(retryAfter, attempt, status);
      return outcome;
    }, signal);
  } catch (error) {
    if (!(error instanceof GraphTransportError)) throw error;
    if (last || error.failure.code === 'Aborted') throw createTransportStoreError('POST /$batch', error.failure, attempt + 1);
    client.noticeRetry('POST /$batch', error.failure.message, attempt);
    return { ok: false, response: { status: 503, headers: {}, body: undefined } };
  }
}

function hasItemAnswers(body: unknown): boolean {
  return isRecord(body) && Array.isArray(body.responses) && body.responses.length > 0;
}

function alignResponses(list: readonly unknown[], count: number): BatchItemResponse[] {
  const byId = new Map<string, BatchItemResponse>();
  for (const entry of list) {
    if (!isRecord(entry) || (typeof entry.id !== 'string' && typeof entry.id !== 'number')) continue;
    const status = typeof entry.status === 'number' ? entry.status : 0;
    byId.set(String(entry.id), { status, headers: lowerCaseKeys(entry.headers), body: entry.body });
  }
  return Array.from({ length: count }, (_, index) => byId.get(String(index + 1)) ?? missingResponse());
}

/** Graph answered the batch without this sub-request: its outcome is unknown, so report it as retryable. */
function missingResponse(): BatchItemResponse {
  return {
    status: 503,
    headers: {},
    body: { error: { code: 'MissingBatchResponse', message: 'Graph returned no answer for this request in the batch.' } },
  };
}

function lowerCaseKeys(value: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (!isRecord(value)) return record;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string' || typeof entry === 'number') record[key.toLowerCase()] = String(entry);
  }
  return record;
}

/** Whether a batch answer asks to slow down, with the longest Retry-After given (of the batch or its items). */
function throttling(outcome: BatchOutcome): { throttled: boolean; retryAfter?: string; status: number } {
  if (!outcome.ok) {
    const { status, headers } = outcome.response;
    return { throttled: isThrottled(headers['retry-after'], status), retryAfter: headers['retry-after'], status };
  }
  let retryAfter: string | undefined;
  let status = 0;
  for (const response of outcome.responses) {
    if (!RETRYABLE_STATUSES.has(response.status) || !isThrottled(response.headers['retry-after'], response.status)) continue;
    retryAfter = longerRetryAfter(retryAfter, response.headers['retry-after']);
    if (status !== 429) status = response.status;
  }
  return { throttled: status !== 0, retryAfter, status };
}

function longerRetryAfter(current: string | undefined, next: string | undefined): string | undefined {
  if (next === undefined) return current;
  if (current === undefined) return next;
  const a = Number(current);
  const b = Number(next);
  if (Number.isNaN(a) || Number.isNaN(b)) return next;
  return b > a ? next : current;
}
