import type { FeedSnapshot, SnapshotFeed } from '../model/snapshot-feed.js';
import type { SnapshotQuery, TenantOverview } from '../model/snapshot.js';
import type { Store } from '../model/store.js';

/**
 * The feed of a store without change tracking (a tenant file, the in-memory store): every
 * round reads the snapshot again. The file store re-parses the file only when it changed.
 */
export function createFullReadFeed(store: Store): SnapshotFeed {
  return {
    beginRound: (): Promise<TenantOverview> => store.readOverview(),
    readSnapshot: async (query: SnapshotQuery): Promise<FeedSnapshot> => ({ snapshot: await store.readSnapshot(query), read: 'full' }),
  };
}
