import type { KeyResolution, Snapshot, SnapshotQuery } from '../../model/snapshot.js';
import type { TenantGroup, TenantUser } from '../../model/tenant.js';
import { chooseUserRead, type UserRead } from './choose-user-read.js';
import { MAX_BATCH_SIZE } from './graph-batch.js';
import { groupLookups, holderLookups, memberLookup, scanLookup, userLookups, type Lookup } from './graph-lookups.js';
import { idOf, toTenantGroup, toTenantUser } from './graph-objects.js';
import { countRequest, skuHolderFilter, uniqueKeys } from './graph-queries.js';
import { readCollections, type CollectionRequest, type CollectionResult } from './read-collections.js';
import { failure, OVERVIEW_REQUESTS, toOverview, type GraphReadContext } from './read-overview.js';

/**
 * Reads what a plan needs. A query small enough for one `$batch` (the overview and every
 * lookup) is read in that one request, whatever the tenant's size. A larger one first asks
 * how many users the tenant has (and how many hold each SKU whose holders it wants), then
 * reads its users the cheaper way (see {@link chooseUserRead}): by key, or by one scan of
 * every user. The groups' members travel with the users, in the same `$batch`es.
 */
export async function readGraphSnapshot(ctx: GraphReadContext, query: SnapshotQuery, signal?: AbortSignal): Promise<Snapshot> {
  const holdersOf = [...new Set(query.holdersOf.map((id) => id.toLowerCase()))];
  const keyLookups = userLookups(uniqueKeys(query.users));
  const userFinds = [...keyLookups, ...holderLookups('users', holdersOf)];
  const groupFinds = [...groupLookups(uniqueKeys(query.groups)), ...holderLookups('groups', holdersOf)];
  const oneRound = OVERVIEW_REQUESTS.length + userFinds.length + groupFinds.length <= MAX_BATCH_SIZE;
  const counts: CollectionRequest[] = oneRound ? [] : [countRequest('/users'), ...holdersOf.map((skuId) => countRequest('/users', skuHolderFilter(skuId)))];
  const first = oneRound ? [...userFinds, ...groupFinds] : groupFinds;
  const results = await readCollections(ctx.client, [...OVERVIEW_REQUESTS, ...counts, ...first.map((lookup) => lookup.request)], signal);
  const [organization, skus, ...rest] = results as [CollectionResult, CollectionResult, ...CollectionResult[]];
  const overview = await toOverview(ctx, organization, skus);
  const found = new FoundObjects(ctx, holdersOf);
  found.collect(first, rest.slice(counts.length));

  const read = oneRound ? undefined : decide(keyLookups.length, rest.slice(0, counts.length));
  const userRound = read === 'scan' ? [scanLookup()] : read === 'lookup' ? userFinds : [];
  const memberRound = query.members ? [...found.groups.keys()].map(memberLookup) : [];
  const second = [...userRound, ...memberRound];
  if (second.length > 0) found.collect(second, await readCollections(ctx.client, second.map((lookup) => lookup.request), signal));

  const resolved = resolveKeys(query, found.scanned ?? found.users, found.groups);
  const users = found.snapshotUsers(resolved);
  return { ...overview, users, groups: [...found.groups.values()], resolved, holdersOf };
}

/** Lookup or scan, from the counts; lookup (the cost of the query alone) when Graph could not count. */
function decide(lookups: number, counts: readonly CollectionResult[]): UserRead {
  const sizes = counts.map((result) => (result.ok ? result.count : undefined));
  const [tenantUsers, ...holders] = sizes;
  if (tenantUsers === undefined || holders.some((count) => count === undefined)) return 'lookup';
  return chooseUserRead({ lookups, holders: holders as number[], tenantUsers });
}

/** The users and groups the answers held, each once. */
class FoundObjects {
  readonly users = new Map<string, TenantUser>();
  readonly groups = new Map<string, TenantGroup>();
  /** Every user of the tenant, when they were scanned. */
  scanned: Map<string, TenantUser> | undefined;
  private readonly members = new Map<string, TenantUser>();
  private readonly wanted: Set<string>;

  constructor(private readonly ctx: GraphReadContext, holdersOf: readonly string[]) {
    this.wanted = new Set(holdersOf);
  }

  collect(lookups: readonly Lookup[], results: readonly CollectionResult[]): void {
    lookups.forEach((lookup, index) => {
      const result = results[index] as CollectionResult;
      if (!result.ok) throw failure(this.ctx, result);
      if (lookup.kind === 'members') this.addMembers(lookup.groupId ?? '', result.values);
      else for (const raw of result.values) this.add(lookup.kind, raw);
    });
  }

  /**
   * The snapshot's users: those found by key or as holders and every member; from a scan,
   * the ones the keys resolved to and the holders among all.
   */
  snapshotUsers(resolved: KeyResolution): TenantUser[] {
    const users = new Map<string, TenantUser>();
    if (this.scanned === undefined) {
      for (const [id, user] of this.users) users.set(id, user);
    } else {
      for (const ids of resolved.users.values()) for (const id of ids) users.set(id, this.scanned.get(id) as TenantUser);
      for (const [id, user] of this.scanned) if (this.holds(user)) users.set(id, user);
    }
    for (const [id, member] of this.members) if (!users.has(id)) users.set(id, this.scanned?.get(id) ?? member);
    return [...users.values()];
  }

  private add(kind: Lookup['kind'], raw: unknown): void {
    if (kind === 'groups' || kind === 'group-holders') {
      const group = toTenantGroup(raw, []);
      if (!this.groups.has(group.id)) this.groups.set(group.id, group);
      return;
    }
    const user = toTenantUser(raw);
    if (kind === 'all-users') {
      this.scanned ??= new Map();
      if (!this.scanned.has(user.id)) this.scanned.set(user.id, user);
      return;
    }
    // The license filter also matches inherited licenses; holders are direct assignees only.
    if (kind === 'user-holders' && !this.holds(user)) return;
    if (!this.users.has(user.id)) this.users.set(user.id, user);
  }

  private holds(user: TenantUser): boolean {
    return user.licenseAssignmentStates.some((state) => state.assignedByGroup === null && this.wanted.has(state.skuId));
  }

  private addMembers(groupId: string, values: readonly unknown[]): void {
    const group = this.groups.get(groupId);
    const ids = new Set<string>();
    for (const raw of values) {
      const id = idOf(raw);
      if (id === '' || ids.has(id)) continue;
      ids.add(id);
      if (!this.members.has(id)) this.members.set(id, toTenantUser(raw));
    }
    if (group !== undefined) group.members = [...ids];
  }
}

function resolveKeys(query: SnapshotQuery, users: ReadonlyMap<string, TenantUser>, groups: ReadonlyMap<string, TenantGroup>): KeyResolution {
  const usersByUpn = new Map<string, string>();
  for (const user of users.values()) usersByUpn.set(user.userPrincipalName.toLowerCase(), user.id);
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
