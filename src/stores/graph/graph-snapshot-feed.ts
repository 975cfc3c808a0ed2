import type { FeedSnapshot, SnapshotFeed } from '../../model/snapshot-feed.js';
import { StoreError } from '../../model/store.js';
import type { Snapshot, SnapshotQuery, TenantOverview } from '../../model/snapshot.js';
import type { TenantGroup, TenantInfo, TenantUser } from '../../model/tenant.js';
import type { BatchItemResponse } from './graph-batch.js';
import { isSuccess } from './graph-client.js';
import { isRecord } from './graph-errors.js';
import { GROUP_SELECT, toSubscribedSku, toTenantGroup, toTenantUser, USER_SELECT } from './graph-objects.js';
import { collectionUrl, inFilters, MAX_PAGE_SIZE } from './graph-queries.js';
import { patchSnapshot } from './patch-snapshot.js';
import { readCollectionsOrThrow, type CollectionResult } from './read-collections.js';
import { latestDeltaLinks, readDeltaRound, type DeltaLinks, type DeltaRound } from './read-delta-round.js';
import { failure, toOverview, type GraphReadContext } from './read-overview.js';
import { addMembers, readGraphSnapshot } from './read-snapshot.js';

/** Changed objects reported by delta rounds and not yet taken into a snapshot. */
interface PendingChanges {
  users: Map<string, Record<string, unknown>>;
  groups: Map<string, Record<string, unknown>>;
}

/**
 * Watch mode's reads over Graph: one full read of what the config needs, then each round
 * asks `/users/delta` and `/groups/delta` (from `$deltatoken=latest`, so start-up does not
 * page through the directory) what changed, together with `/subscribedSkus`, in one `$batch`.
 * Only changed objects the config cares about are read again: listed users and groups, the
 * members of listed groups, and, when pruning, holders of managed SKUs. A refused token (expired
 * after 7 days, or unknown) means reading everything again, and the snapshot says why.
 */
export class GraphSnapshotFeed implements SnapshotFeed {
  private links: DeltaLinks | undefined;
  private tenant: TenantInfo | undefined;
  private overview: TenantOverview | undefined;
  private snapshot: Snapshot | undefined;
  private queryKey = '';
  private fullReadReason: string | undefined = 'first read';
  /** The next full read replaces tracking Graph refused to continue. */
  private resyncing = false;
  private pending: PendingChanges = { users: new Map(), groups: new Map() };

  constructor(private readonly ctx: GraphReadContext) {}

  async beginRound(signal?: AbortSignal): Promise<TenantOverview> {
    if (this.links === undefined) return this.startTracking(signal);
    const round = await readDeltaRound(this.ctx.client, this.links, [{ method: 'GET', url: '/subscribedSkus' }], signal);
    if (!round.users.ok || !round.groups.ok) {
      const reason = refusal(round);
      const overview = await this.startTracking(signal);
      this.fullReadReason = `${reason}; reading everything again`;
      this.resyncing = true;
      return overview;
    }
    this.links = { users: round.users.next, groups: round.groups.next };
    remember(this.pending.users, round.users.items);
    remember(this.pending.groups, round.groups.items);
    const skus = asCollection('/subscribedSkus', round.extras[0]);
    if (!skus.ok) throw failure(this.ctx, skus);
    this.overview = { tenant: this.tenant as TenantInfo, skus: skus.values.map(toSubscribedSku) };
    return this.overview;
  }

  async readSnapshot(query: SnapshotQuery, signal?: AbortSignal): Promise<FeedSnapshot> {
    const key = JSON.stringify(query);
    const previous = this.snapshot;
    if (previous === undefined || this.fullReadReason !== undefined || key !== this.queryKey || this.overview === undefined) {
      const reason = this.fullReadReason ?? 'the config changed';
      this.pending = { users: new Map(), groups: new Map() };
      const resync = this.resyncing;
      const snapshot = await readGraphSnapshot(this.ctx, query, signal);
      this.remember(snapshot, key);
      return { snapshot, read: 'full', reason, ...(resync ? { resync } : {}) };
    }
    const changes = this.pending;
    this.pending = { users: new Map(), groups: new Map() };
    const wanted = relevance(previous, query);
    const removedUsers = new Set<string>();
    const removedGroups = new Set<string>();
    const userIds = pick(changes.users, removedUsers, (id, item) => wanted.user(id, item));
    const groupIds = pick(changes.groups, removedGroups, (id, item) => wanted.group(id, item));
    const { users, groups } = await this.reread(userIds, groupIds, query, signal);
    const snapshot = patchSnapshot(previous, this.overview, { users, groups, removedUsers, removedGroups }, query);
    this.remember(snapshot, key);
    const reported = changes.users.size + changes.groups.size;
    return { snapshot, read: 'incremental', changes: { reported, reread: userIds.length + groupIds.length, removed: removedUsers.size + removedGroups.size } };
  }

  /** Fresh `latest` delta links plus the tenant and its SKUs, in one `$batch`. */
  private async startTracking(signal?: AbortSignal): Promise<TenantOverview> {
    const extras = [{ method: 'GET' as const, url: '/organization' }, { method: 'GET' as const, url: '/subscribedSkus' }];
    const round = await readDeltaRound(this.ctx.client, latestDeltaLinks(), extras, signal);
    if (!round.users.ok || !round.groups.ok) throw new StoreError(`${refusal(round)}, even for a delta query started from now`, { code: 'DeltaRefused' });
    this.links = { users: round.users.next, groups: round.groups.next };
    this.pending = { users: new Map(), groups: new Map() };
    this.fullReadReason = 'first read';
    const [organization, skus] = round.extras;
    const overview = await toOverview(this.ctx, asCollection('/organization', organization), asCollection('/subscribedSkus', skus));
    this.tenant = overview.tenant;
    this.overview = overview;
    return overview;
  }

  private remember(snapshot: Snapshot, key: string): void {
    this.snapshot = snapshot;
    this.queryKey = key;
    this.fullReadReason = undefined;
    this.resyncing = false;
  }

  /** The changed users and groups, read again with the snapshot's `$select`; groups with their members. */
  private async reread(userIds: string[], groupIds: string[], query: SnapshotQuery, signal?: AbortSignal): Promise<{ users: TenantUser[]; groups: TenantGroup[] }> {
    const userFilters = inFilters('id', userIds);
    const requests = [
      ...userFilters.map((filter) => ({ url: collectionUrl('/users', { filter, select: USER_SELECT, top: MAX_PAGE_SIZE }) })),
      ...inFilters('id', groupIds).map((filter) => ({ url: collectionUrl('/groups', { filter, select: GROUP_SELECT, top: MAX_PAGE_SIZE }) })),
    ];
    if (requests.length === 0) return { users: [], groups: [] };
    const lists = await readCollectionsOrThrow(this.ctx.client, requests, signal);
    const users = new Map(lists.slice(0, userFilters.length).flat().map((raw) => toTenantUser(raw)).map((user) => [user.id, user]));
    const groups = lists.slice(userFilters.length).flat().map((raw) => toTenantGroup(raw, []));
    if (query.members && groups.length > 0) await addMembers(this.ctx, groups, users, signal);
    return { users: [...users.values()], groups };
  }
}

function refusal(round: DeltaRound): string {
  return [round.users, round.groups].flatMap((outcome) => (outcome.ok ? [] : [outcome.reason])).join('; ');
}

/** Latest report per object wins: Graph may replay an object several times in one round. */
function remember(into: Map<string, Record<string, unknown>>, items: readonly Record<string, unknown>[]): void {
  for (const item of items) {
    if (typeof item.id === 'string') into.set(item.id.toLowerCase(), item);
  }
}

/** Ids worth reading again; removed objects go to `removed` instead. */
function pick(changes: Map<string, Record<string, unknown>>, removed: Set<string>, wanted: (id: string, item: Record<string, unknown>) => boolean): string[] {
  const ids: string[] = [];
  for (const [id, item] of changes) {
    if (item['@removed'] !== undefined) removed.add(id);
    else if (wanted(id, item)) ids.push(id);
  }
  return ids;
}

/** Whether a changed object matters to the config: it is in the snapshot, a key names it, or (pruning) it holds a managed SKU. */
function relevance(snapshot: Snapshot, query: SnapshotQuery) {
  const userIds = new Set(snapshot.users.map((user) => user.id));
  const groupIds = new Set(snapshot.groups.map((group) => group.id));
  const userKeys = new Set(query.users.map((key) => key.toLowerCase()));
  const groupKeys = new Set(query.groups.map((key) => key.toLowerCase()));
  const holders = new Set(query.holdersOf.map((id) => id.toLowerCase()));
  const holds = (item: Record<string, unknown>): boolean =>
    Array.isArray(item.assignedLicenses) && item.assignedLicenses.some((license) => isRecord(license) && typeof license.skuId === 'string' && holders.has(license.skuId.toLowerCase()));
  const named = (keys: Set<string>, id: string, name: unknown): boolean => keys.has(id) || (typeof name === 'string' && keys.has(name.toLowerCase()));
  return {
    user: (id: string, item: Record<string, unknown>) => userIds.has(id) || named(userKeys, id, item.userPrincipalName) || holds(item),
    group: (id: string, item: Record<string, unknown>) => groupIds.has(id) || named(groupKeys, id, item.displayName) || holds(item),
  };
}

/** A batch answer as the collection reader's result (these reads never page). */
function asCollection(url: string, response: BatchItemResponse | undefined): CollectionResult {
  if (response === undefined) return { ok: false, url, response: { status: 0, headers: {}, body: undefined } };
  if (!isSuccess(response.status)) return { ok: false, url, response };
  const body = isRecord(response.body) ? response.body : {};
  return { ok: true, values: Array.isArray(body.value) ? body.value : [] };
}
