import type { SnapshotQuery } from '../../model/snapshot.js';
import { GROUP_SELECT, USER_NAME_SELECT, USER_SELECT, USER_SELECT_WITH_SIGN_INS } from './graph-objects.js';
import { collectionUrl, inFilters, isGuid, MAX_IN_VALUES, MAX_PAGE_SIZE, segment, skuHolderFilter } from './graph-queries.js';
import type { CollectionRequest } from './read-collections.js';

/** Which properties of users a read asks for, and the largest page Graph serves with them. */
export interface UserSelection {
  select: string;
  top: number;
}

/**
 * Graph's largest page of users when `signInActivity` is selected. Microsoft's documentation
 * has said 120, 999 and (since 2025) 500; UNCONFIRMED which a tenant enforces today, so the
 * report asks for 500, which the documentation currently allows.
 */
const SIGN_IN_PAGE_SIZE = 500;

/** What plans read of each user: the licensing properties. */
export const LICENSING: UserSelection = { select: USER_SELECT, top: MAX_PAGE_SIZE };

/**
 * The users' properties a query needs: with `signInActivity` when it asks for it (report
 * inactive), only the names when it resolves keys and nothing more (validate), else the
 * licensing properties.
 */
export function userSelectionFor(query: Pick<SnapshotQuery, 'signInActivity' | 'namesOnly'>): UserSelection {
  if (query.signInActivity === true) return { select: USER_SELECT_WITH_SIGN_INS, top: SIGN_IN_PAGE_SIZE };
  if (query.namesOnly === true) return { select: USER_NAME_SELECT, top: MAX_PAGE_SIZE };
  return LICENSING;
}

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
export function userLookups(keys: readonly string[], fields: UserSelection = LICENSING): Lookup[] {
  const ids = keys.filter(isGuid).map((key) => key.toLowerCase());
  const names = keys.filter((key) => !isGuid(key));
  return [...inFilters('id', ids), ...inFilters('userPrincipalName', names)].map((filter) => ({
    kind: 'users',
    request: { url: collectionUrl('/users', { filter, select: fields.select, top: fields.top }) },
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
export function holderLookups(kind: 'users' | 'groups', skuIds: readonly string[], fields: UserSelection = LICENSING): Lookup[] {
  const { select, top } = kind === 'users' ? fields : { select: GROUP_SELECT, top: MAX_PAGE_SIZE };
  return skuIds.map((skuId) => ({
    kind: kind === 'users' ? 'user-holders' : 'group-holders',
    request: { url: collectionUrl(`/${kind}`, { filter: skuHolderFilter(skuId), select, top }) },
  }));
}

/** Every user of the tenant, as many to a page as Graph serves (999 for the licensing properties). */
export function scanLookup(fields: UserSelection = LICENSING): Lookup {
  return { kind: 'all-users', request: { url: collectionUrl('/users', { select: fields.select, top: fields.top }) } };
}

/** A group's direct members that are users, with their licenses. */
export function memberLookup(groupId: string, fields: UserSelection = LICENSING): Lookup {
  return {
    kind: 'members',
    groupId,
    request: { url: collectionUrl(`/groups/${segment(groupId)}/members/microsoft.graph.user`, { select: fields.select, top: fields.top }) },
  };
}
