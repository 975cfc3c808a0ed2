import type { Snapshot, SnapshotQuery, TenantOverview } from '../model/snapshot.js';
import type { AssignLicenseRequest, GroupProcessing, ReleaseLock, Store, WriteResult } from '../model/store.js';

/**
 * A store that counts the requests made of it (`skuform_store_requests_total`) for stores
 * without HTTP requests to count: each read and each batch of writes is one request.
 */
export function countStoreRequests(store: Store, count: () => void): Store {
  return {
    location: store.location,
    maxBatchSize: store.maxBatchSize,
    pacedWrites: store.pacedWrites,
    readOverview(): Promise<TenantOverview> {
      count();
      return store.readOverview();
    },
    readSnapshot(query: SnapshotQuery): Promise<Snapshot> {
      count();
      return store.readSnapshot(query);
    },
    applyBatch(requests: readonly AssignLicenseRequest[], signal?: AbortSignal): Promise<WriteResult[]> {
      count();
      return store.applyBatch(requests, signal);
    },
    readGroupProcessing(groupIds: readonly string[]): Promise<GroupProcessing[]> {
      count();
      return store.readGroupProcessing(groupIds);
    },
    lock: (): Promise<ReleaseLock> => store.lock(),
    close: (): Promise<void> => store.close(),
  };
}
