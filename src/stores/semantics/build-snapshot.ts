import type { Snapshot, SnapshotQuery, TenantOverview } from '../../model/snapshot.js';
import type { TenantGroup, TenantUser } from '../../model/tenant.js';
import { copyGroup, copySku, copyTenantInfo, shareUser, shareUserWithSignIns } from './graph-json.js';
import { lowerCase } from './lower-case.js';
import type { TenantIndex } from './tenant-index.js';
import type { TenantContext } from './tenant-context.js';

/** A user key as written in a config: object id, or userPrincipalName in any case. */
export function resolveUserKey(index: TenantIndex, key: string): TenantUser | undefined {
  const lower = lowerCase(key);
  // Config keys are mostly UPNs; ask the likelier map first.
  return lower.includes('@') ? (index.usersByUpn.get(lower) ?? index.users.get(lower)) : (index.users.get(lower) ?? index.usersByUpn.get(lower));
}

/** A group key: object id, or display name in any case (several groups may share one). */
export function resolveGroupKey(index: TenantIndex, key: string): TenantGroup[] {
  const lower = key.toLowerCase();
  const byId = index.groups.get(lower);
  return byId !== undefined ? [byId] : (index.groupsByName.get(lower) ?? []);
}

/**
 * Everyone who holds one of the SKUs in the sense of a prune or export walk: users with a
 * direct assignment of one of them and groups that assign one. Inherited-only users are not
 * holders (their license is changed on the group). Walks the whole tenant once.
 */
export function findHolders(ctx: TenantContext, skuIds: readonly string[]): { users: TenantUser[]; groups: TenantGroup[] } {
  const wanted = new Set(skuIds.map((id) => id.toLowerCase()));
  if (wanted.size === 0) return { users: [], groups: [] };
  const users = ctx.doc.users.filter((user) =>
    user.licenseAssignmentStates.some((state) => state.assignedByGroup === null && wanted.has(state.skuId)),
  );
  const groups = ctx.doc.groups.filter((group) => group.assignedLicenses.some((license) => wanted.has(license.skuId)));
  return { users, groups };
}

/** The ids of the group's direct members that are users of the tenant, once each, in list order. */
export function listUserMembers(index: TenantIndex, group: TenantGroup): string[] {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const memberId of group.members) {
    const user = index.users.get(lowerCase(memberId));
    if (user !== undefined && !seen.has(user.id)) {
      seen.add(user.id);
      ids.push(user.id);
    }
  }
  return ids;
}

export function buildOverview(ctx: TenantContext): TenantOverview {
  return { tenant: copyTenantInfo(ctx.doc.tenant), skus: ctx.doc.subscribedSkus.map(copySku) };
}

/**
 * The snapshot of SnapshotQuery's contract: resolutions of every key, the named users and
 * groups, the holders of `holdersOf`, and with `members` the groups' user members (who are
 * then included among the users). Each object appears once. The users are the tenant's own
 * objects (TenantState gives a snapshot copies of them before a write could change them),
 * except where the snapshot must differ from them: with `signInActivity` asked for, copies
 * that always carry it; without, copies of the users that have it. Everything else is a copy.
 */
export function buildSnapshot(ctx: TenantContext, query: SnapshotQuery): Snapshot {
  // Users are told apart by object: the index holds one object per id, and a set of objects
  // is cheaper to fill than a map keyed by 100,000 id strings.
  const users = new Set<TenantUser>();
  const groups = new Map<string, TenantGroup>();
  const resolvedUsers = new Map<string, readonly string[]>();
  const resolvedGroups = new Map<string, readonly string[]>();
  for (const key of query.users) {
    const user = resolveUserKey(ctx, key);
    resolvedUsers.set(key, user === undefined ? [] : [user.id]);
    if (user !== undefined) users.add(user);
  }
  for (const key of query.groups) {
    const matches = resolveGroupKey(ctx, key);
    resolvedGroups.set(key, matches.map((group) => group.id));
    for (const group of matches) groups.set(group.id, group);
  }
  const holders = findHolders(ctx, query.holdersOf);
  for (const user of holders.users) users.add(user);
  for (const group of holders.groups) groups.set(group.id, group);

  const groupCopies: TenantGroup[] = [];
  for (const group of groups.values()) {
    const members = query.members ? listUserMembers(ctx, group) : [];
    for (const id of members) {
      const member = ctx.users.get(lowerCase(id));
      if (member !== undefined) users.add(member);
    }
    groupCopies.push(copyGroup(group, members));
  }
  return {
    ...buildOverview(ctx),
    users: Array.from(users, query.signInActivity === true ? shareUserWithSignIns : withoutSignIns),
    groups: groupCopies,
    resolved: { users: resolvedUsers, groups: resolvedGroups },
    holdersOf: [...new Set(query.holdersOf.map((id) => id.toLowerCase()))],
  };
}

/** The user itself, or a copy without `signInActivity` when it has one (only the queries that ask see it). */
function withoutSignIns(user: TenantUser): TenantUser {
  return user.signInActivity === undefined ? user : shareUser(user);
}
