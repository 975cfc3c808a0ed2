import { readBatch, type BatchItemResponse } from './graph-batch.js';
import { isRecord, readGraphError } from './graph-errors.js';
import { isSuccess, type GraphClient } from './graph-client.js';

export interface CollectionRequest {
  /** First page, relative to the version root, e.g. `/users?$filter=...&$top=999`. */
  url: string;
  headers?: Record<string, string>;
  /** Read the first page only (a count query, whose one page carries `@odata.count`). */
  firstPageOnly?: boolean;
}

/** All items of one collection (and its `@odata.count` when asked), or the answer that stopped it. */
export type CollectionResult =
  | { ok: true; values: unknown[]; count?: number }
  | { ok: false; url: string; response: BatchItemResponse };

interface PendingPage {
  index: number;
  url: string;
  headers?: Record<string, string>;
  firstPageOnly: boolean;
  /** True once the query was re-sent as an advanced query. */
  advanced: boolean;
}

/**
 * Reads several paged collections at once: every round sends the pending pages as one
 * `$batch` (a lone page goes as a plain GET) and queues each `@odata.nextLink`, so N small
 * queries cost about N/20 requests instead of N.
 */
export async function readCollections(client: GraphClient, requests: readonly CollectionRequest[], signal?: AbortSignal): Promise<CollectionResult[]> {
  const values: unknown[][] = requests.map(() => []);
  const counts = new Map<number, number>();
  const failures = new Map<number, { url: string; response: BatchItemResponse }>();
  let pending: PendingPage[] = requests.map((request, index) => ({
    index, url: request.url, headers: request.headers, firstPageOnly: request.firstPageOnly === true, advanced: false,
  }));
  while (pending.length > 0) {
    const responses = await readPages(client, pending, signal);
    const next: PendingPage[] = [];
    pending.forEach((page, position) => {
      const response = responses[position] as BatchItemResponse;
      if (isSuccess(response.status)) {
        const list = values[page.index] as unknown[];
        // One item at a time: a spread of a 999-item page is as many arguments to push.
        for (const value of pageValues(response.body)) list.push(value);
        const count = odataCount(response.body);
        if (count !== undefined) counts.set(page.index, count);
        const link = page.firstPageOnly ? undefined : nextLink(response.body);
        if (link !== undefined) next.push({ ...page, url: link });
      } else if (!page.advanced && needsAdvancedQuery(response)) {
        next.push(asAdvancedQuery(page));
      } else {
        failures.set(page.index, { url: page.url, response });
      }
    });
    pending = next;
  }
  return values.map((list, index) => {
    const failure = failures.get(index);
    if (failure) return { ok: false, ...failure };
    const count = counts.get(index);
    return count === undefined ? { ok: true, values: list } : { ok: true, values: list, count };
  });
}

/** Like {@link readCollections}, but any failed collection becomes a StoreError. */
export async function readCollectionsOrThrow(client: GraphClient, requests: readonly CollectionRequest[], signal?: AbortSignal): Promise<unknown[][]> {
  const results = await readCollections(client, requests, signal);
  return results.map((result) => {
    if (result.ok) return result.values;
    const { status, headers, body } = result.response;
    throw client.errorFor('GET', result.url, { status, headers, body, requestId: headers['request-id'] });
  });
}

async function readPages(client: GraphClient, pages: PendingPage[], signal?: AbortSignal): Promise<BatchItemResponse[]> {
  const [only] = pages;
  if (pages.length === 1 && only) {
    const response = await client.sendWithRetry({ method: 'GET', url: only.url, headers: only.headers }, signal);
    return [{ status: response.status, headers: response.headers, body: response.body }];
  }
  return readBatch(
    client,
    pages.map((page) => ({ method: 'GET' as const, url: page.url, headers: page.headers })),
    signal,
  );
}

/**
 * Which filters Graph serves only as "advanced queries" is partly undocumented (UNCONFIRMED
 * for `in` on userPrincipalName and for lambda filters on some tenants), so a query refused
 * as unsupported is retried once with `ConsistencyLevel: eventual` and `$count=true`.
 */
function needsAdvancedQuery(response: BatchItemResponse): boolean {
  if (response.status !== 400) return false;
  const { code, message } = readGraphError(response.status, response.body);
  return code === 'Request_UnsupportedQuery' || /ConsistencyLevel/i.test(message);
}

function asAdvancedQuery(page: PendingPage): PendingPage {
  const url = /[?&]\$count=true/.test(page.url) ? page.url : `${page.url}${page.url.includes('?') ? '&' : '?'}$count=true`;
  return { ...page, url, headers: { ...page.headers, ConsistencyLevel: 'eventual' }, advanced: true };
}

function pageValues(body: unknown): unknown[] {
  return isRecord(body) && Array.isArray(body.value) ? body.value : [];
}

function odataCount(body: unknown): number | undefined {
  const count = isRecord(body) ? body['@odata.count'] : undefined;
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : undefined;
}

function nextLink(body: unknown): string | undefined {
  const link = isRecord(body) ? body['@odata.nextLink'] : undefined;
  return typeof link === 'string' && link !== '' ? link : undefined;
}
