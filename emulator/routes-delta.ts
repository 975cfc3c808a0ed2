import type { TenantGroup, TenantUser } from '../src/model/tenant.js';
import type { NetChange, ObjectKind } from './change-log.js';
import { renderPage, type RenderItem } from './collection-page.js';
import { badRequest, unsupportedQuery } from './graph-error.js';
import { parseFilter, type FilterNode } from './odata-filter.js';
import { jsonResponse, type GraphResponse } from './graph-exchange.js';
import { contextUrl, GROUP_TYPE, renderGroup, renderUser, USER_TYPE, type SelectableType } from './graph-shapes.js';
import { buildLink, type PageCursor } from './page-cursors.js';
import { parseSelect, queryValue } from './odata-query.js';
import type { Route, RouteContext } from './route-types.js';

/**
 * GET /users/delta and /groups/delta: a full first round in pages ending with an
 * `@odata.deltaLink`, then rounds that return only objects whose selected properties changed
 * (or `@removed` for deleted ones). Query options are given once and live in the tokens.
 */

const DELTA_PAGE_SIZE = 200;
const DELTA_SEGMENT = ['delta', 'delta()', 'microsoft.graph.delta', 'microsoft.graph.delta()'];
/** Groups delta may also track `members` (as `members@delta`). */
const GROUP_DELTA_TYPE: SelectableType = { ...GROUP_TYPE, selectable: new Map([...GROUP_TYPE.selectable, ['members', 'members']]) };

interface DeltaCursorState {
  kind: ObjectKind;
  /** Change-log position the round started at: the next deltaLink continues from it. */
  startSeq: number;
  /** Later rounds: what changed per id; null in the first round. */
  changes: Map<string, NetChange> | null;
  minimal: boolean;
  /** Ids a `$filter` limited the query to. */
  ids?: string[];
}

function triggers(context: RouteContext, kind: ObjectKind, select: string[] | null, change: NetChange): boolean {
  if (change.removed !== undefined) return true;
  const tracked = (property: string): boolean => kind !== 'user' || property !== 'licenseAssignmentStates' || context.core.deltaTracksAssignmentStates;
  const properties = [...change.properties].filter(tracked);
  if (select === null) return properties.some((property) => property !== 'members');
  return properties.some((property) => select.includes(property));
}

function memberRefs(ids: Iterable<string>, removed: boolean): Record<string, unknown>[] {
  return [...ids].map((id) => ({ '@odata.type': '#microsoft.graph.user', id, ...(removed ? { '@removed': { reason: 'deleted' } } : {}) }));
}

function renderDeltaItem(context: RouteContext, state: DeltaCursorState): RenderItem {
  const { tenant } = context.core;
  return (id, select) => {
    const change = state.changes?.get(id);
    if (change?.removed !== undefined) return { id, '@removed': { reason: change.removed } };
    const object = state.kind === 'user' ? tenant.findUser(id) : tenant.findGroup(id);
    if (object === undefined) return { id, '@removed': { reason: 'deleted' } };
    // Delta items always carry the id, selected or not.
    const properties = select === null ? null : ['id', ...select.filter((property) => property !== 'members' && property !== 'id')];
    const minimal = state.minimal && change !== undefined ? (properties ?? []).filter((p) => change.properties.has(p) || p === 'id') : properties;
    const item = state.kind === 'user' ? renderUser(object as TenantUser, minimal) : renderGroup(object as TenantGroup, minimal);
    if (state.kind === 'group' && select?.includes('members')) {
      item['members@delta'] = change === undefined
        ? memberRefs((object as TenantGroup).members, false)
        : [...memberRefs(change.membersAdded, false), ...memberRefs(change.membersRemoved, true)];
    }
    return item;
  };
}

/**
 * Delta supports only `id eq '...'` clauses joined by `or` (up to 50), per Graph's docs.
 * Returns the lower-cased ids, or undefined without a filter.
 */
function parseDeltaFilter(text: string | null): string[] | undefined {
  if (text === null || text.trim() === '') return undefined;
  const ids: string[] = [];
  const collect = (node: FilterNode): void => {
    if (node.kind === 'or') { collect(node.left); collect(node.right); return; }
    if (node.kind === 'compare' && node.op === 'eq' && node.property === 'id' && node.value.type === 'string') { ids.push(node.value.value.toLowerCase()); return; }
    throw unsupportedQuery('Unsupported query: delta accepts only id eq clauses joined by or.');
  };
  collect(parseFilter(text));
  if (ids.length > 50) throw unsupportedQuery('Unsupported query: at most 50 ids can be tracked in one delta query.');
  return ids;
}

function servePage(context: RouteContext, cursor: PageCursor): GraphResponse {
  const { core, request } = context;
  const state = cursor.extra as DeltaCursorState;
  const spec = { cursors: core.cursors, request, render: renderDeltaItem(context, state), context: contextUrl(request.serviceRoot, `${state.kind}s`, cursor.select) };
  const { body, done } = renderPage(spec, cursor);
  if (done) {
    const token = core.deltaTokens.issue({ kind: state.kind, select: cursor.select, seq: state.startSeq, issuedAt: core.now(), query: cursor.query, ids: state.ids });
    const value = body.value;
    delete body.value;
    body['@odata.deltaLink'] = buildLink(request.serviceRoot, cursor.path, '', '$deltatoken', token);
    body.value = value;
  }
  return jsonResponse(body);
}

function handleDelta(context: RouteContext, kind: ObjectKind): GraphResponse {
  const { core, request } = context;
  const skipToken = queryValue(request.query, '$skiptoken');
  if (skipToken !== null) return servePage(context, core.cursors.get(skipToken));
  const deltaToken = queryValue(request.query, '$deltatoken');
  const type = kind === 'user' ? USER_TYPE : GROUP_DELTA_TYPE;
  const path = request.path;
  if (deltaToken !== null && deltaToken !== 'latest') {
    const restart = (state: { query: string }): string => `${request.serviceRoot}${path}${state.query === '' ? '' : `?${state.query}`}`;
    const state = core.deltaTokens.resolve(deltaToken, core.now(), restart);
    const tracked = state.ids === undefined ? undefined : new Set(state.ids);
    const changes = core.tenant.changes.since(kind, state.seq)
      .filter((change) => (tracked === undefined || tracked.has(change.id.toLowerCase())) && triggers(context, kind, state.select, change));
    const extra: DeltaCursorState = { kind, startSeq: core.tenant.changes.current, changes: new Map(changes.map((c) => [c.id, c])), minimal: /return=minimal/i.test(request.headers['prefer'] ?? ''), ids: state.ids };
    return servePage(context, { ids: changes.map((c) => c.id), offset: 0, pageSize: DELTA_PAGE_SIZE, select: state.select, count: null, path, query: state.query, extra });
  }
  for (const unsupported of ['$top', '$orderby', '$expand']) {
    if (queryValue(request.query, unsupported) !== null) throw badRequest(`The query parameter '${unsupported}' is not supported with delta.`);
  }
  const select = parseSelect(queryValue(request.query, '$select'), type);
  const filterText = queryValue(request.query, '$filter');
  const filterIds = parseDeltaFilter(filterText);
  const query = [select === null ? '' : `$select=${select.join(',')}`, filterText === null ? '' : `$filter=${encodeURIComponent(filterText)}`].filter((part) => part !== '').join('&');
  const startSeq = core.tenant.changes.current;
  if (deltaToken === 'latest') {
    const token = core.deltaTokens.issue({ kind, select, seq: startSeq, issuedAt: core.now(), query, ids: filterIds });
    return jsonResponse({ '@odata.context': contextUrl(request.serviceRoot, `${kind}s`, select), '@odata.deltaLink': buildLink(request.serviceRoot, path, '', '$deltatoken', token), value: [] });
  }
  const all = kind === 'user' ? core.tenant.doc.users.map((user) => user.id) : core.tenant.doc.groups.map((group) => group.id);
  const wanted = filterIds === undefined ? undefined : new Set(filterIds);
  const ids = wanted === undefined ? all : all.filter((id) => wanted.has(id.toLowerCase()));
  const extra: DeltaCursorState = { kind, startSeq, changes: null, minimal: false, ids: filterIds };
  return servePage(context, { ids, offset: 0, pageSize: DELTA_PAGE_SIZE, select, count: null, path, query, extra });
}

export const deltaRoutes: Route[] = [
  {
    method: 'GET', template: '/users/delta', segments: ['users', DELTA_SEGMENT], permission: 'readUsers', isWrite: false,
    handle: (context) => handleDelta(context, 'user'),
  },
  {
    method: 'GET', template: '/groups/delta', segments: ['groups', DELTA_SEGMENT], permission: 'readGroups', isWrite: false,
    handle: (context) => handleDelta(context, 'group'),
  },
];
