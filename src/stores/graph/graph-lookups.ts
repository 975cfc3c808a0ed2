import { GROUP_SELECT, USER_SELECT } from './graph-objects.js';
import { collectionUrl, inFilters, isGuid, MAX_IN_VALUES, MAX_PAGE_SIZE, segment, skuHolderFilter } from './graph-queries.js';
import type { CollectionRequest } from './read-collections.js';

/**
 * The collections a snapshot read asks for, each tagged with what its items are: users by
 * key, groups by key, holders of a SKU, every user (a scan), or one group's members.
 */
export type LookupKind = 'users' | 'groups' | 'user-holders' | 'group-holders' | 'all-users' | 'members';

export interface Lookup {
  kind: LookupKind;
  request: CollectionRequest;
  /** For `members`: the group whose members these are. */
  groupId?: string;
}

/** How many `in` filters {@link userLookups} makes of the keys, without making them. */
export function countUserLookups(keys: readonly string[]): number {
  let ids = 0;
  for (const key of keys) if (isGuid(key)) ids++;
  return Math.ceil(ids / MAX_IN_VALUES) + Math.ceil((keys.length - ids) / MAX_IN_VALUES);
}

/** Users by object id or userPrincipalName, 15 keys to an `in` filter. */
export function userLookups(keys: readonly string[], select = USER_SELECT): Lookup[] {
  const ids = keys.filter(isGuid).map((key) => key.toLowerCase());
  const names = keys.filter((key) => !isGuid(key));
  return [...inFilters('id', ids), ...inFilters('userPrincipalName', names)].map((filter) => ({
    kind: 'users',
    request: { url: collectionUrl('/users', { filter, select, top: MAX_PAGE_SIZE }) },
  }));
}

/** A GUID-shaped group key is looked up as an id and, when no group has that id, as a name. */
export function groupLookups(keys: readonly string[]): Lookup[] {
  const ids = keys.filter(isGuid).map((key) => key.toLowerCase());
  return [...inFilters('id', ids), ...inFilters('displayName', keys)].map((filter) => ({
    kind: 'groups',
    request: { url: collectionUrl('/groups', { filter, select: GROUP_SELECT, top: MAX_PAGE_SIZE }) },
  }));
}

/** The users or the groups holding each SKU (the filter also matches users who hold it through a group). */
export function holderLookups(kind: 'users' | 'groups', skuIds: readonly string[]): Lookup[] {
  return skuIds.map((skuId) => ({
    kind: kind === 'users' ? 'user-holders' : 'group-holders',
    request: { url: collectionUrl(`/${kind}`, { filter: skuHolderFilter(skuId), select: kind === 'users' ? USER_SELECT : GROUP_SELECT, top: MAX_PAGE_SIZE }) },
  }));
}

/** Every user of the tenant, 999 to a page. */
export function scanLookup(select = USER_SELECT): Lookup {
  return { kind: 'all-users', request: { url: collectionUrl('/users', { select, top: MAX_PAGE_SIZE }) } };
}

/** A group's direct members that are users, with their licenses. */
export function memberLookup(groupId: string): Lookup {
  return {
    kind: 'members',
    groupId,
    request: { url: collectionUrl(`/groups/${segment(groupId)}/members/microsoft.graph.user`, { select: USER_SELECT, top: MAX_PAGE_SIZE }) },
  };
}
