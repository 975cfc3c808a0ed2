import type { KeyResolution, Snapshot, SnapshotQuery } from '../../model/snapshot.js';
import type { TenantGroup, TenantUser } from '../../model/tenant.js';
import { GROUP_SELECT, idOf, toTenantGroup, toTenantUser, USER_SELECT, USER_SELECT_WITH_SIGN_INS } from './graph-objects.js';
import { collectionUrl, inFilters, isGuid, MAX_PAGE_SIZE, segment, skuHolderFilter, uniqueKeys } from './graph-queries.js';
import { failure, OVERVIEW_REQUESTS, toOverview, type GraphReadContext } from './read-overview.js';
import { readCollections, readCollectionsOrThrow, type CollectionRequest, type CollectionResult } from './read-collections.js';

type Lookup = { kind: 'users' | 'groups' | 'user-holders' | 'group-holders'; request: CollectionRequest };

/** How users are read: which properties, and the page size Graph allows for them. */
export interface UserRead {
  select: string;
  top: number;
}

/**
 * Graph's largest page of users when `signInActivity` is selected. Microsoft's documentation
 * has said 120, 999 and (since 2025) 500; UNCONFIRMED which a tenant enforces today, so the
 * report asks for 500, which the documentation currently allows.
 */
export const SIGN_IN_PAGE_SIZE = 500;

export const PLAN_USER_READ: UserRead = { select: USER_SELECT, top: MAX_PAGE_SIZE };

/** The user read of a query: licensing properties, plus `signInActivity` only when asked for. */
export function userReadFor(query: Pick<SnapshotQuery, 'signInActivity'>): UserRead {
  return query.signInActivity === true ? { select: USER_SELECT_WITH_SIGN_INS, top: SIGN_IN_PAGE_SIZE } : PLAN_USER_READ;
}

/**
 * Reads what a plan needs, with a cost that grows with the query, not the tenant: the
 * overview, the key lookups (`in` filters, 15 keys each) and the holder walks all go out
 * together in `$batch` requests; members of the groups found follow in a second round.
 */
export async function readGraphSnapshot(ctx: GraphReadContext, query: SnapshotQuery, signal?: AbortSignal): Promise<Snapshot> {
  const userKeys = uniqueKeys(query.users);
  const groupKeys = uniqueKeys(query.groups);
  const holdersOf = [...new Set(query.holdersOf.map((id) => id.toLowerCase()))];
  const read = userReadFor(query);
  const lookups = [...userLookups(userKeys, read), ...groupLookups(groupKeys), ...holderLookups(holdersOf, read)];
  const results = await readCollections(ctx.client, [...OVERVIEW_REQUESTS, ...lookups.map((lookup) => lookup.request)], signal);
  const [organization, skus, ...found] = results as [CollectionResult, CollectionResult, ...CollectionResult[]];
  const overview = await toOverview(ctx, organization, skus);

  const users = new Map<string, TenantUser>();
  const groups = new Map<string, TenantGroup>();
  const wanted = new Set(holdersOf);
  lookups.forEach((lookup, index) => {
    const result = found[index] as CollectionResult;
    if (!result.ok) throw failure(ctx, result);
    for (const raw of result.values) collect(lookup.kind, raw, users, groups, wanted);
  });
  const resolved = resolveKeys(query, users, groups);
  const groupList = [...groups.values()];
  if (query.members) await addMembers(ctx, groupList, users, signal, read);
  return { ...overview, users: [...users.values()], groups: groupList, resolved, holdersOf };
}

function collect(kind: Lookup['kind'], raw: unknown, users: Map<string, TenantUser>, groups: Map<string, TenantGroup>, wanted: Set<string>): void {
  if (kind === 'groups' || kind === 'group-holders') {
    const group = toTenantGroup(raw, []);
    if (!groups.has(group.id)) groups.set(group.id, group);
    return;
  }
  const user = toTenantUser(raw);
  // The license filter also matches inherited licenses; holders are direct assignees only.
  if (kind === 'user-holders' && !user.licenseAssignmentStates.some((s) => s.assignedByGroup === null && wanted.has(s.skuId))) return;
  if (!users.has(user.id)) users.set(user.id, user);
}

function userLookups(keys: readonly string[], read: UserRead): Lookup[] {
  const ids = keys.filter(isGuid).map((key) => key.toLowerCase());
  const names = keys.filter((key) => !isGuid(key));
  return [...inFilters('id', ids), ...inFilters('userPrincipalName', names)].map((filter) => ({
    kind: 'users',
    request: { url: collectionUrl('/users', { filter, select: read.select, top: read.top }) },
  }));
}

/** A GUID-shaped group key is looked up as an id and, when no group has that id, as a name. */
function groupLookups(keys: readonly string[]): Lookup[] {
  const ids = keys.filter(isGuid).map((key) => key.toLowerCase());
  return [...inFilters('id', ids), ...inFilters('displayName', keys)].map((filter) => ({
    kind: 'groups',
    request: { url: collectionUrl('/groups', { filter, select: GROUP_SELECT, top: MAX_PAGE_SIZE }) },
  }));
}

function holderLookups(skuIds: readonly string[], read: UserRead): Lookup[] {
  return skuIds.flatMap((skuId): Lookup[] => [
    { kind: 'user-holders', request: { url: collectionUrl('/users', { filter: skuHolderFilter(skuId), select: read.select, top: read.top }) } },
    { kind: 'group-holders', request: { url: collectionUrl('/groups', { filter: skuHolderFilter(skuId), select: GROUP_SELECT, top: MAX_PAGE_SIZE }) } },
  ]);
}

/** Which objects each key of the query names: ids first, then userPrincipalName or display name (case-insensitive). */
export function resolveKeys(query: SnapshotQuery, users: ReadonlyMap<string, TenantUser>, groups: ReadonlyMap<string, TenantGroup>): KeyResolution {
  const usersByUpn = new Map([...users.values()].map((user) => [user.userPrincipalName.toLowerCase(), user.id]));
  const groupsByName = new Map<string, string[]>();
  for (const group of groups.values()) {
    const name = group.displayName.toLowerCase();
    groupsByName.set(name, [...(groupsByName.get(name) ?? []), group.id]);
  }
  const resolved = { users: new Map<string, readonly string[]>(), groups: new Map<string, readonly string[]>() };
  for (const key of query.users) {
    const lower = key.toLowerCase();
    const id = users.has(lower) ? lower : usersByUpn.get(lower);
    resolved.users.set(key, id === undefined ? [] : [id]);
  }
  for (const key of query.groups) {
    const lower = key.toLowerCase();
    resolved.groups.set(key, groups.has(lower) ? [lower] : (groupsByName.get(lower) ?? []));
  }
  return resolved;
}

/** Fills each group's direct user members and adds those users (with their licenses). */
export async function addMembers(
  ctx: GraphReadContext, groups: TenantGroup[], users: Map<string, TenantUser>, signal?: AbortSignal, read: UserRead = PLAN_USER_READ,
): Promise<void> {
  const requests = groups.map((group) => ({
    url: collectionUrl(`/groups/${segment(group.id)}/members/microsoft.graph.user`, { select: read.select, top: read.top }),
  }));
  const memberLists = await readCollectionsOrThrow(ctx.client, requests, signal);
  groups.forEach((group, index) => {
    const ids = new Set<string>();
    for (const raw of memberLists[index] ?? []) {
      const id = idOf(raw);
      if (id === '' || ids.has(id)) continue;
      ids.add(id);
      if (!users.has(id)) users.set(id, toTenantUser(raw));
    }
    group.members = [...ids];
  });
}
