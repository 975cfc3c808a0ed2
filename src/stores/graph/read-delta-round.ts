import { readBatch, type BatchItem, type BatchItemResponse } from './graph-batch.js';
import { isSuccess, type GraphClient } from './graph-client.js';
import { isRecord, readGraphError } from './graph-errors.js';

/**
 * One round of Graph delta queries: follows each delta link page by page until Graph hands
 * out the next `@odata.deltaLink`. Every step sends the pending pages (and any extra reads,
 * such as /subscribedSkus) as one `$batch`, so a quiet round of users, groups and SKUs costs a
 * single HTTP request whatever the tenant's size.
 */

/** The licensing properties watch mode follows; other properties changing never surface an object. */
const USER_DELTA_SELECT = 'id,userPrincipalName,accountEnabled,usageLocation,assignedLicenses';
/** `members` makes membership changes of a group surface it (as `members@delta`). */
const GROUP_DELTA_SELECT = 'id,displayName,securityEnabled,assignedLicenses,members';

/** Where each collection's changes are read from next. */
export interface DeltaLinks {
  users: string;
  groups: string;
}

/** The first request of a collection's delta: `$deltatoken=latest` starts from now, without paging through the tenant. */
export function latestDeltaLinks(): DeltaLinks {
  return {
    users: `/users/delta?$select=${USER_DELTA_SELECT}&$deltatoken=latest`,
    groups: `/groups/delta?$select=${GROUP_DELTA_SELECT}&$deltatoken=latest`,
  };
}

/** A collection's round: its changed items and next link, or why Graph refused the link. */
export type DeltaOutcome =
  | { ok: true; items: Record<string, unknown>[]; next: string }
  | { ok: false; reason: string };

export interface DeltaRound {
  users: DeltaOutcome;
  groups: DeltaOutcome;
  /** The extra reads' final answers, in order (first page only: they must not page). */
  extras: BatchItemResponse[];
}

interface Pending {
  key: keyof DeltaLinks;
  url: string;
  items: Record<string, unknown>[];
}

/**
 * Reads one round from `links`. A delta link Graph refuses (expired token: 410
 * `syncStateNotFound`; a token it no longer knows: 400 or 404) ends that collection with a
 * reason instead of throwing: the caller starts a full sync again. Other failures throw.
 */
export async function readDeltaRound(client: GraphClient, links: DeltaLinks, extras: readonly BatchItem[], signal?: AbortSignal): Promise<DeltaRound> {
  const outcomes: Partial<Record<keyof DeltaLinks, DeltaOutcome>> = {};
  let pending: Pending[] = (['users', 'groups'] as const).map((key) => ({ key, url: links[key], items: [] }));
  let extraResponses: BatchItemResponse[] = [];
  let first = true;
  while (pending.length > 0) {
    const items: BatchItem[] = [...pending.map((page) => ({ method: 'GET' as const, url: page.url })), ...(first ? extras : [])];
    const responses = await readBatch(client, items, signal);
    if (first) extraResponses = responses.slice(pending.length);
    first = false;
    const next: Pending[] = [];
    pending.forEach((page, index) => {
      const outcome = readPage(client, page, responses[index] as BatchItemResponse);
      if (outcome === 'more') next.push(page);
      else outcomes[page.key] = outcome;
    });
    pending = next;
  }
  return { users: outcomes.users as DeltaOutcome, groups: outcomes.groups as DeltaOutcome, extras: extraResponses };
}

/** Takes one page into `page`; 'more' when a nextLink follows (and `page.url` now points at it). */
function readPage(client: GraphClient, page: Pending, response: BatchItemResponse): DeltaOutcome | 'more' {
  if (!isSuccess(response.status)) {
    if (isRefusedToken(response.status)) {
      const { code, message } = readGraphError(response.status, response.body);
      return { ok: false, reason: `Graph refused the ${page.key} delta token (${response.status} ${code}: ${message})` };
    }
    throw client.errorFor('GET', page.url, { ...response, requestId: response.headers['request-id'] });
  }
  const body = isRecord(response.body) ? response.body : {};
  if (Array.isArray(body.value)) page.items.push(...body.value.filter(isRecord));
  const nextLink = body['@odata.nextLink'];
  if (typeof nextLink === 'string' && nextLink !== '') {
    page.url = nextLink;
    return 'more';
  }
  const deltaLink = body['@odata.deltaLink'];
  if (typeof deltaLink !== 'string' || deltaLink === '') {
    throw client.errorFor('GET', page.url, {
      status: 502,
      headers: response.headers,
      body: { error: { code: 'MissingDeltaLink', message: 'the last page of a delta round carried neither a nextLink nor a deltaLink' } },
    });
  }
  return { ok: true, items: page.items, next: deltaLink };
}

/**
 * UNCONFIRMED which status a stale token gets on every tenant: Graph documents 410 Gone with
 * `syncStateNotFound` for expired directory tokens; 400 and 404 are treated the same way, since
 * a fresh full sync is always a safe answer to a token Graph no longer accepts.
 */
function isRefusedToken(status: number): boolean {
  return status === 410 || status === 400 || status === 404;
}
