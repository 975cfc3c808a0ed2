import type { SubscribedSku, TenantDocument, TenantGroup, TenantUser } from '../../model/tenant.js';
import { lowerCase } from './lower-case.js';

/** The tenant document cannot be indexed (duplicate ids or names that must be unique). */
export class TenantDocumentError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`The tenant document is inconsistent: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
    this.name = 'TenantDocumentError';
    this.problems = problems;
  }
}

/**
 * Lookup tables over a tenant document. Ids and SKU GUIDs are keyed lower-case (Graph treats
 * them case-insensitively); userPrincipalName and group display names lower-case too.
 * Group membership is static in the semantics module, so member -> groups is built once.
 */
export interface TenantIndex {
  readonly skus: Map<string, SubscribedSku>;
  readonly users: Map<string, TenantUser>;
  readonly usersByUpn: Map<string, TenantUser>;
  readonly groups: Map<string, TenantGroup>;
  readonly groupsByName: Map<string, TenantGroup[]>;
  /** user id (lower-case) -> groups that list the user as a direct member, in document order. */
  readonly groupsOfUser: Map<string, TenantGroup[]>;
}

/**
 * The user maps of an index, filled user by user: a reader can fill them as it reads the
 * users, while each user is fresh, rather than in a walk of its own afterwards.
 */
export class UserIndex {
  readonly users = new Map<string, TenantUser>();
  readonly usersByUpn = new Map<string, TenantUser>();
  readonly problems: string[] = [];

  add(user: TenantUser): void {
    addUnique(this.users, user.id, user, 'user id', this.problems);
    addUnique(this.usersByUpn, user.userPrincipalName, user, 'userPrincipalName', this.problems);
  }
}

/**
 * Builds the index; throws {@link TenantDocumentError} when ids or UPNs are not unique.
 * `userIndex`, when given, must hold exactly `doc.users`.
 */
export function indexTenant(doc: TenantDocument, userIndex?: UserIndex): TenantIndex {
  const skuProblems: string[] = [];
  const skus = uniqueMap(doc.subscribedSkus, (sku) => sku.skuId, 'skuId', skuProblems);
  let filled = userIndex;
  if (filled === undefined) {
    filled = new UserIndex();
    for (const user of doc.users) filled.add(user);
  }
  const { users, usersByUpn } = filled;
  const problems = [...skuProblems, ...filled.problems];
  const groups = uniqueMap(doc.groups, (group) => group.id, 'group id', problems);
  if (problems.length > 0) throw new TenantDocumentError(problems);

  const groupsByName = new Map<string, TenantGroup[]>();
  const groupsOfUser = new Map<string, TenantGroup[]>();
  for (const group of doc.groups) {
    appendTo(groupsByName, lowerCase(group.displayName), group);
    for (const member of new Set(group.members.map(lowerCase))) appendTo(groupsOfUser, member, group);
  }
  return { skus, users, usersByUpn, groups, groupsByName, groupsOfUser };
}

function uniqueMap<T>(items: readonly T[], keyOf: (item: T) => string, what: string, problems: string[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) addUnique(map, keyOf(item), item, what, problems);
  return map;
}

/**
 * Adds the item under its lower-cased key, or notes a duplicate. One map operation, not a
 * lookup and then an insert: this runs twice per user on load. A duplicate replaces the
 * first item, which does not matter: any problem makes the index unusable.
 */
function addUnique<T>(map: Map<string, T>, key: string, item: T, what: string, problems: string[]): void {
  const size = map.size;
  map.set(lowerCase(key), item);
  if (map.size === size) problems.push(`duplicate ${what} '${key}'`);
}

function appendTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
