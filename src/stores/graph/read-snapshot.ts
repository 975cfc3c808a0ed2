import type { KeyResolution, Snapshot, SnapshotQuery } from '../../model/snapshot.js';
import type { TenantGroup, TenantUser } from '../../model/tenant.js';
import { chooseUserRead, type UserReadWay } from './choose-user-read.js';
import { MAX_BATCH_SIZE } from './graph-batch.js';
import {
  countUserLookups, groupLookups, holderLookups, LICENSING, memberLookup, scanLookup, userLookups, userSelectionFor, type Lookup, type UserSelection,
} from './graph-lookups.js';
import { idOf, toTenantGroup, toTenantUser } from './graph-objects.js';
import { countRequest, skuHolderFilter, uniqueKeys } from './graph-queries.js';
import { lowerCase } from '../semantics/lower-case.js';
import { readCollections, readCollectionsOrThrow, type CollectionRequest, type CollectionResult } from './read-collections.js';
import { failure, OVERVIEW_REQUESTS, toOverview, type CountedOverview, type GraphReadContext } from './read-overview.js';

/**
 * Reads what a plan needs. A query small enough for one `$batch` (the overview and every
 * lookup) is read in that one request, whatever the tenant's size. A larger one, or one that
 * walks the holders of SKUs (prune, export: walks as long as the licenses are widespread),
 * first asks how many users the tenant has and how many hold each of those SKUs, then reads
 * its users the cheaper way (see {@link chooseUserRead}): by key and license filter, or by
 * one scan of every user. The groups' members travel with the users, in the same `$batch`es.
 */
export async function readGraphSnapshot(ctx: GraphReadContext, query: SnapshotQuery, signal?: AbortSignal, known?: CountedOverview): Promise<Snapshot> {
  const holdersOf = [...new Set(query.holdersOf.map((id) => id.toLowerCase()))];
  const fields = userSelectionFor(query);
  // Built only if used: a config naming 100,000 users would make 6,667 filters for nothing.
  const userFinds = () => [...userLookups(uniqueKeys(query.users), fields), ...holderLookups('users', holdersOf, fields)];
  // Counted over the keys as written: a key written twice in another case only overstates the cost.
  const lookups = countUserLookups(query.users);
  const groupFinds = [...groupLookups(uniqueKeys(query.groups)), ...holderLookups('groups', holdersOf)];
  const overviewRequests = known === undefined ? OVERVIEW_REQUESTS : [];
  const oneRound = holdersOf.length === 0 && overviewRequests.length + lookups + groupFinds.length <= MAX_BATCH_SIZE;
  const counts: CollectionRequest[] = [];
  if (!oneRound && known === undefined) counts.push(countRequest('/users'));
  if (!oneRound) for (const skuId of holdersOf) counts.push(countRequest('/users', skuHolderFilter(skuId)));
  const first = oneRound ? [...userFinds(), ...groupFinds] : groupFinds;
  const found = new FoundObjects(ctx, holdersOf);
  const ahead = overviewRequests.length + counts.length;
  const requests = [...overviewRequests, ...counts, ...first.map((lookup) => lookup.request)];
  const results = await found.read(requests, first, ahead, signal);
  const overview = known?.overview ?? (await toOverview(ctx, results[0] as CollectionResult, results[1] as CollectionResult));
  const rest = results.slice(overviewRequests.length);

  const sizes = rest.slice(0, counts.length).map((result) => (result.ok ? result.count : undefined));
  if (known !== undefined) sizes.unshift(known.tenantUsers);
  const read = oneRound ? undefined : decide(lookups, sizes, fields.top);
  const userRound = read === 'scan' ? [scanLookup(fields)] : read === 'lookup' ? userFinds() : [];
  const memberRound = query.members ? [...found.groups.keys()].map((groupId) => memberLookup(groupId, fields)) : [];
  const second = [...userRound, ...memberRound];
  await found.read(second.map((lookup) => lookup.request), second, 0, signal);

  const resolved = resolveKeys(query, found.scanned ?? found.users, found.groups);
  const users = found.snapshotUsers(resolved);
  return { ...overview, users, groups: [...found.groups.values()], resolved, holdersOf };
}

/** Lookup or scan, from the counts (the tenant's, then each SKU's holders); lookup when Graph could not count. */
function decide(lookups: number, sizes: readonly (number | undefined)[], pageSize: number): UserReadWay {
  const [tenantUsers, ...holders] = sizes;
  if (tenantUsers === undefined || holders.some((count) => count === undefined)) return 'lookup';
  return chooseUserRead({ lookups, holders: holders as number[], tenantUsers, pageSize });
}

/** The users and groups the answers held, each once. */
class FoundObjects {
  readonly users = new Map<string, TenantUser>();
  readonly groups = new Map<string, TenantGroup>();
  /** Every user of the tenant, when they were scanned. */
  scanned: Map<string, TenantUser> | undefined;
  private readonly members = new Map<string, TenantUser>();
  private readonly memberIds = new Map<string, Set<string>>();
  private readonly wanted: Set<string>;

  constructor(private readonly ctx: GraphReadContext, holdersOf: readonly string[]) {
    this.wanted = new Set(holdersOf);
  }

  /**
   * Reads the requests, taking the items of `lookups` (the requests from `from` on) page by
   * page as they arrive; the results of the requests before `from` keep their values. A
   * lookup that failed is the read's failure.
   */
  async read(requests: readonly CollectionRequest[], lookups: readonly Lookup[], from: number, signal?: AbortSignal): Promise<CollectionResult[]> {
    if (requests.length === 0) return [];
    const kept = new Map<number, unknown[]>();
    const results = await readCollections(this.ctx.client, requests, signal, (index, items) => {
      const lookup = lookups[index - from];
      if (lookup !== undefined) this.take(lookup, items);
      else kept.set(index, [...(kept.get(index) ?? []), ...items]);
    });
    lookups.forEach((_, position) => {
      const result = results[from + position] as CollectionResult;
      if (!result.ok) throw failure(this.ctx, result);
    });
    for (const [index, values] of kept) {
      const result = results[index];
      if (result?.ok === true) result.values = values;
    }
    for (const lookup of lookups) if (lookup.kind === 'members') this.finishMembers(lookup.groupId ?? '');
    return results;
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

  private take(lookup: Lookup, items: readonly unknown[]): void {
    if (lookup.kind === 'members') this.addMembers(lookup.groupId ?? '', items);
    else for (const raw of items) this.add(lookup.kind, raw);
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

  /** One page of a group's members; the group gets its member list once all pages are in. */
  private addMembers(groupId: string, values: readonly unknown[]): void {
    let ids = this.memberIds.get(groupId);
    if (ids === undefined) {
      ids = new Set();
      this.memberIds.set(groupId, ids);
    }
    takeMembers(values, ids, this.members);
  }

  private finishMembers(groupId: string): void {
    const group = this.groups.get(groupId);
    if (group !== undefined) group.members = [...(this.memberIds.get(groupId) ?? [])];
  }
}

/** Which objects each key of the query names: ids first, then userPrincipalName or display name (case-insensitive). */
export function resolveKeys(query: SnapshotQuery, users: ReadonlyMap<string, TenantUser>, groups: ReadonlyMap<string, TenantGroup>): KeyResolution {
  const usersByUpn = new Map<string, string>();
  for (const user of users.values()) usersByUpn.set(lowerCase(user.userPrincipalName), user.id);
  const groupsByName = new Map<string, string[]>();
  for (const group of groups.values()) {
    const name = group.displayName.toLowerCase();
    groupsByName.set(name, [...(groupsByName.get(name) ?? []), group.id]);
  }
  const resolved = { users: new Map<string, readonly string[]>(), groups: new Map<string, readonly string[]>() };
  for (const key of query.users) {
    const lower = lowerCase(key);
    const id = users.has(lower) ? lower : usersByUpn.get(lower);
    resolved.users.set(key, id === undefined ? [] : [id]);
  }
  for (const key of query.groups) {
    const lower = key.toLowerCase();
    resolved.groups.set(key, groups.has(lower) ? [lower] : (groupsByName.get(lower) ?? []));
  }
  return resolved;
}

/**
 * Fills each group's direct user members and adds those users (with the properties `fields`
 * names), for reads that found their groups some other way (export, watch's re-reads).
 */
export async function addMembers(
  ctx: GraphReadContext, groups: TenantGroup[], users: Map<string, TenantUser>, signal?: AbortSignal, fields: UserSelection = LICENSING,
): Promise<void> {
  const memberLists = await readCollectionsOrThrow(ctx.client, groups.map((group) => memberLookup(group.id, fields).request), signal);
  groups.forEach((group, index) => {
    const ids = new Set<string>();
    takeMembers(memberLists[index] ?? [], ids, users);
    group.members = [...ids];
  });
}

/** Adds one page of a group's members: each id once to `ids`, each new user to `users`. */
function takeMembers(values: readonly unknown[], ids: Set<string>, users: Map<string, TenantUser>): void {
  for (const raw of values) {
    const id = idOf(raw);
    if (id === '' || ids.has(id)) continue;
    ids.add(id);
    if (!users.has(id)) users.set(id, toTenantUser(raw));
  }
}
