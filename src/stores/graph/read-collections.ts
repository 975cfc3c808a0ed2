import { StoreError } from '../../model/store.js';
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

/** Takes each page's items as it arrives: `index` is the collection's position in the request list. */
export type PageSink = (index: number, items: readonly unknown[]) => void;

/**
 * Reads several paged collections at once: every round sends the pending pages as one
 * `$batch` (a lone page goes as a plain GET) and queues each `@odata.nextLink`, so N small
 * queries cost about N/20 requests instead of N. The next round is on its way before a
 * round's items are handed over, so work on them (a `sink`'s) overlaps the round trip; with
 * a sink the results carry no values.
 */
export async function readCollections(client: GraphClient, requests: readonly CollectionRequest[], signal?: AbortSignal, sink?: PageSink): Promise<CollectionResult[]> {
  const values: unknown[][] = requests.map(() => []);
  const counts = new Map<number, number>();
  const failures = new Map<number, { url: string; response: BatchItemResponse }>();
  const keep: PageSink = sink ?? ((index, items) => {
    const list = values[index] as unknown[];
    // One item at a time: a spread of a 999-item page is as many arguments to push.
    for (const item of items) list.push(item);
  });
  let pending: PendingPage[] = requests.map((request, index) => ({
    index, url: request.url, headers: request.headers, firstPageOnly: request.firstPageOnly === true, advanced: false,
  }));
  let responses = pending.length === 0 ? [] : await readPages(client, pending, signal);
  while (pending.length > 0) {
    const next: PendingPage[] = [];
    const arrived: { index: number; items: unknown[] }[] = [];
    pending.forEach((page, position) => {
      const response = responses[position] as BatchItemResponse;
      if (isSuccess(response.status)) {
        arrived.push({ index: page.index, items: pageValues(client, page.url, response.body) });
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
    const nextRound = next.length === 0 ? undefined : readPages(client, next, signal);
    if (nextRound !== undefined) {
      // A sink that throws must not leave this round's failure unhandled.
      nextRound.catch(() => undefined);
      // One turn of the event loop lets the request go out before the items are worked on.
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const { index, items } of arrived) keep(index, items);
    pending = next;
    responses = nextRound === undefined ? [] : await nextRound;
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

function odataCount(body: unknown): number | undefined {
  const count = isRecord(body) ? body['@odata.count'] : undefined;
  return typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : undefined;
}

function nextLink(body: unknown): string | undefined {
  const link = isRecord(body) ? body['@odata.nextLink'] : undefined;
  return typeof link === 'string' && link !== '' ? link : undefined;
}
