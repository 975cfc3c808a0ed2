import { StoreError } from '../../model/store.js';
import { readBatch, type BatchItemResponse } from './graph-batch.js';
import { isRecord, readGraphError } from './graph-errors.js';
import { isSuccess, type GraphClient } from './graph-client.js';

export interface CollectionRequest {
  /** First page, relative to the version root, e.g. `/users?$filter=...&$top=999`. */
  url: string;
  headers?: Record<string, string>;
}

/** All items of one collection, or the answer that stopped it. */
export type CollectionResult =
  | { ok: true; values: unknown[] }
  | { ok: false; url: string; response: BatchItemResponse };

interface PendingPage {
  index: number;
  url: string;
  headers?: Record<string, string>;
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
  const failures = new Map<number, { url: string; response: BatchItemResponse }>();
  let pending: PendingPage[] = requests.map((request, index) => ({ index, url: request.url, headers: request.headers, advanced: false }));
  while (pending.length > 0) {
    const responses = await readPages(client, pending, signal);
    const next: PendingPage[] = [];
    pending.forEach((page, position) => {
      const response = responses[position] as BatchItemResponse;
      if (isSuccess(response.status)) {
        const list = values[page.index];
        // One by one: a page is 999 items from Graph, but an answer of any size must not overflow the stack.
        if (list !== undefined) for (const value of pageValues(client, page.url, response.body)) list.push(value);
        const link = nextLink(response.body);
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
    return failure ? { ok: false, ...failure } : { ok: true, values: list };
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

/**
 * The items of a page. A successful answer without a `value` list is mangled, not empty:
 * reading it as "no users" would plan against a tenant that is not there.
 */
function pageValues(client: GraphClient, url: string, body: unknown): unknown[] {
  if (isRecord(body) && Array.isArray(body.value)) return body.value;
  throw new StoreError(`Graph GET ${client.describePath(url)} failed: the answer holds no list of values`, {
    code: 'InvalidResponse',
    hint: 'The answer was cut short or mangled on the way (a proxy, or an endpoint that is not Graph); run again.',
  });
}

function nextLink(body: unknown): string | undefined {
  const link = isRecord(body) ? body['@odata.nextLink'] : undefined;
  return typeof link === 'string' && link !== '' ? link : undefined;
}
