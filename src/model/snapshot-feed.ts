import type { Snapshot, SnapshotQuery, TenantOverview } from './snapshot.js';
import type { Store } from './store.js';

/**
 * Repeated reads of one tenant, for watch mode. A round starts with the tenant's SKUs (seats
 * change between rounds, and names in the config are resolved against them), then reads the
 * snapshot the resolved config needs. A store that can tell what changed since the last round
 * (Graph delta queries) re-reads only that; others read the snapshot again.
 */
export interface SnapshotFeed {
  /** Starts a round: the tenant and its subscribed SKUs as they are now. */
  beginRound(signal?: AbortSignal): Promise<TenantOverview>;
  /** The snapshot `query` needs, as of the round begun last. */
  readSnapshot(query: SnapshotQuery, signal?: AbortSignal): Promise<FeedSnapshot>;
}

/** What a round read, and how. */
export interface FeedSnapshot {
  snapshot: Snapshot;
  /** `full`: the whole query was read; `incremental`: only what changed since the last round. */
  read: 'full' | 'incremental';
  /** Why a full read happened when an incremental one was possible (first round, token expired, config changed). */
  reason?: string;
  /** Change tracking was lost (the store refused to say what changed) and everything was read again. */
  resync?: boolean;
  /** Incremental rounds: objects the store reported changed, and how many of them the config cares about. */
  changes?: { reported: number; reread: number; removed: number };
}

/** A store that offers its own, cheaper feed (Graph: delta queries). */
export interface SnapshotFeedSource {
  openSnapshotFeed(): SnapshotFeed;
}

export function offersSnapshotFeed(store: Store): store is Store & SnapshotFeedSource {
  return typeof (store as Partial<SnapshotFeedSource>).openSnapshotFeed === 'function';
}
