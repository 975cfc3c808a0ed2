import type { AssignLicenseRequest, WriteResult } from '../../model/store.js';
import { MAX_BATCH_SIZE, sendBatch, type BatchItem, type BatchItemResponse } from './graph-batch.js';
import { GraphTransportError, isSuccess, type GraphClient, type GraphResponse } from './graph-client.js';
import { readGraphError } from './graph-errors.js';
import { segment } from './graph-queries.js';
import { parseRetryAfter } from './retry-policy.js';

/**
 * One attempt of each assignLicense request, 20 to a `$batch`, each with its own outcome
 * (users answer 200, groups 202). Nothing is retried here: the apply engine paces, retries
 * and backs off. A batch that got no answer fails every item with status 0 so the engine
 * retries them; a batch refused as a whole (e.g. 429, or a 424 that names no item) gives
 * every item that status. The one exception is a 401, which means nothing ran: as for a
 * single request, one fresh token and the items it hit are sent again.
 */
export async function applyAssignBatch(client: GraphClient, requests: readonly AssignLicenseRequest[], signal?: AbortSignal): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  for (let start = 0; start < requests.length; start += MAX_BATCH_SIZE) {
    results.push(...(await applyChunk(client, requests.slice(start, start + MAX_BATCH_SIZE), signal)));
  }
  return results;
}

function toBatchItem(request: AssignLicenseRequest): BatchItem {
  const collection = request.principal.kind === 'user' ? 'users' : 'groups';
  return {
    method: 'POST',
    url: `/${collection}/${segment(request.principal.id)}/assignLicense`,
    // Graph requires both arrays, even when one is empty.
    body: {
      addLicenses: request.addLicenses.map((license) => ({ skuId: license.skuId, disabledPlans: [...license.disabledPlans] })),
      removeLicenses: [...request.removeLicenses],
    },
  };
}

async function applyChunk(client: GraphClient, requests: readonly AssignLicenseRequest[], signal?: AbortSignal): Promise<WriteResult[]> {
  const items = requests.map(toBatchItem);
  const results = await sendOnce(client, items, signal);
  const unauthorized = results.flatMap((result, index) => (result.ok || result.status !== 401 ? [] : [index]));
  if (unauthorized.length === 0) return results;
  client.refreshToken();
  const again = await sendOnce(client, unauthorized.map((index) => items[index] as BatchItem), signal);
  unauthorized.forEach((index, position) => {
    results[index] = again[position] as WriteResult;
  });
  return results;
}

/** One `$batch` of items; a failure of the call as a whole is every item's result. */
async function sendOnce(client: GraphClient, items: readonly BatchItem[], signal?: AbortSignal): Promise<WriteResult[]> {
  let outcome;
  try {
    outcome = await sendBatch(client, items, signal);
  } catch (error) {
    if (!(error instanceof GraphTransportError)) throw error;
    return items.map(() => ({ ok: false, status: 0, code: error.failure.code, message: `The $batch request failed: ${error.failure.message}` }));
  }
  if (outcome.ok) return outcome.responses.map((response) => toWriteResult(client, response, outcome.requestId));
  const whole = toWriteResult(client, batchAsItem(outcome.response), outcome.response.requestId);
  return items.map(() => whole);
}

function batchAsItem(response: GraphResponse): BatchItemResponse {
  return { status: response.status, headers: response.headers, body: response.body };
}

/** Graph puts no request id on successful sub-responses; the batch call's own id then identifies it. */
function toWriteResult(client: GraphClient, response: BatchItemResponse, batchRequestId?: string): WriteResult {
  const headerId = response.headers['request-id'];
  if (isSuccess(response.status)) {
    const requestId = headerId ?? batchRequestId;
    return requestId === undefined ? { ok: true, status: response.status } : { ok: true, status: response.status, requestId };
  }
  const info = readGraphError(response.status, response.body, headerId);
  const retryAfterMs = parseRetryAfter(response.headers['retry-after'], client.clock());
  return {
    ok: false,
    status: response.status,
    code: info.code,
    message: client.redact(info.message),
    ...(info.requestId === undefined ? {} : { requestId: info.requestId }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}
