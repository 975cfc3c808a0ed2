import { jsonResponse, type GraphRequest, type GraphResponse } from './graph-exchange.js';
import { buildLink, type PageCursor, type PageCursors } from './page-cursors.js';

/** Renders one object of a page; undefined when it no longer exists. */
export type RenderItem = (id: string, select: string[] | null) => Record<string, unknown> | undefined;

export interface PageSpec {
  cursors: PageCursors;
  request: GraphRequest;
  render: RenderItem;
  /** `@odata.context` for the page. */
  context: string;
}

/**
 * Serves the page a cursor points at and, when more remain, an `@odata.nextLink` that
 * carries the original query plus an opaque `$skiptoken`. Returns the items and whether
 * the collection is exhausted (delta rounds then add their deltaLink).
 */
export function renderPage(spec: PageSpec, cursor: PageCursor): { body: Record<string, unknown>; done: boolean } {
  const end = Math.min(cursor.ids.length, cursor.offset + cursor.pageSize);
  const value: Record<string, unknown>[] = [];
  for (let i = cursor.offset; i < end; i++) {
    const id = cursor.ids[i];
    const item = id === undefined ? undefined : spec.render(id, cursor.select);
    if (item !== undefined) value.push(item);
  }
  const body: Record<string, unknown> = { '@odata.context': spec.context };
  if (cursor.count !== null) body['@odata.count'] = cursor.count;
  const done = end >= cursor.ids.length;
  if (!done) {
    const token = spec.cursors.save({ ...cursor, offset: end });
    body['@odata.nextLink'] = buildLink(spec.request.serviceRoot, cursor.path, cursor.query, '$skiptoken', token);
  }
  body.value = value;
  return { body, done };
}

/** A plain (non-delta) collection page as a response. */
export function pageResponse(spec: PageSpec, cursor: PageCursor): GraphResponse {
  return jsonResponse(renderPage(spec, cursor).body);
}
