import { randomBytes } from 'node:crypto';
import { GraphError } from './graph-error.js';

/**
 * Server-side paging state behind opaque `$skiptoken`s. The id list is fixed when the first
 * page is served (so paging is stable while writes happen); objects are rendered fresh on
 * each page and ones deleted meanwhile are skipped.
 */
export interface PageCursor {
  ids: readonly string[];
  offset: number;
  pageSize: number;
  select: string[] | null;
  /** `@odata.count` to repeat on every page, when `$count=true` was asked. */
  count: number | null;
  /** The path and query of the first request (minus tokens), for the next link. */
  path: string;
  query: string;
  /** Extra state a route keeps with the cursor (delta rounds keep their token here). */
  extra?: unknown;
}

/** UNCONFIRMED: the error Graph's directory returns for an unknown or expired `$skiptoken`. */
export function expiredPageToken(): GraphError {
  return new GraphError(400, 'Directory_ExpiredPageToken', 'The specified page token value has expired and can no longer be included in your request.');
}

export class PageCursors {
  private readonly cursors = new Map<string, PageCursor>();

  // Pages of one listing share its id array, so this bounds memory in long benchmarks.
  constructor(private readonly capacity = 5_000) {}

  /** Stores the cursor and returns its opaque token. */
  save(cursor: PageCursor): string {
    const token = randomBytes(30).toString('base64url');
    if (this.cursors.size >= this.capacity) {
      const oldest = this.cursors.keys().next();
      if (!oldest.done) this.cursors.delete(oldest.value);
    }
    this.cursors.set(token, cursor);
    return token;
  }

  /**
   * The cursor behind a token; Graph's 400 when it is unknown. Tokens stay valid (until
   * evicted) so that a client can retry a page after a dropped connection.
   */
  get(token: string): PageCursor {
    const cursor = this.cursors.get(token);
    if (cursor === undefined) throw expiredPageToken();
    return cursor;
  }
}

/** Builds `serviceRoot + path + ?query&$skiptoken=...`. */
export function buildLink(serviceRoot: string, path: string, query: string, tokenName: '$skiptoken' | '$deltatoken', token: string): string {
  const separator = query === '' ? '' : '&';
  return `${serviceRoot}${path}?${query}${separator}${tokenName}=${token}`;
}
