import type { SnapshotFeed, SnapshotFeedSource } from '../../model/snapshot-feed.js';
import type { Snapshot, SnapshotQuery, TenantOverview } from '../../model/snapshot.js';
import type { AssignLicenseRequest, GroupProcessing, ReleaseLock, Store, WriteResult } from '../../model/store.js';
import type { TenantDocument } from '../../model/tenant.js';
import { applyAssignBatch } from './apply-assign-batch.js';
import { MAX_BATCH_SIZE } from './graph-batch.js';
import { GraphSnapshotFeed } from './graph-snapshot-feed.js';
import type { AccessTokenProvider, GraphClient } from './graph-client.js';
import { readGraphGroupProcessing } from './read-group-processing.js';
import { readGraphOverview, type CountedOverview, type GraphReadContext } from './read-overview.js';
import { readGraphSnapshot } from './read-snapshot.js';
import { readGraphTenantDocument } from './read-tenant-document.js';
import { readTokenClaims } from './token-claims.js';

/** How long an overview read for a plan stays good enough for its snapshot read. */
const OVERVIEW_REUSE_MS = 60_000;

/**
 * The Store port over Microsoft Graph. Reads cost what the query names (batched `in`
 * lookups), or one scan of the tenant's users when that is cheaper; writes are `$batch`es
 * of assignLicense with one attempt each, paced and retried by the apply engine. Graph has
 * no lock of its own, so `lock()` is a no-op.
 */
export class GraphStore implements Store, SnapshotFeedSource {
  readonly location: string;
  readonly maxBatchSize = MAX_BATCH_SIZE;
  readonly pacedWrites = true;
  /** Graph replicates: a read right after a write may still show the state before it. */
  readonly eventuallyConsistent = true;
  private readonly client: GraphClient;
  private readonly ctx: GraphReadContext;
  /** The last overview read, for the snapshot read that follows it. */
  private recent: { counted: CountedOverview; at: number } | undefined;

  constructor(client: GraphClient, tokens: AccessTokenProvider) {
    this.client = client;
    this.location = `graph (${client.versionRoot.replace(/\/v1\.0$/, '')})`;
    this.ctx = {
      client,
      readTokenTenantId: async () => readTokenClaims(await tokens.getToken())?.tenantId,
    };
  }

  async readOverview(): Promise<TenantOverview> {
    const counted = await readGraphOverview(this.ctx);
    this.recent = { counted, at: this.client.clock() };
    return counted.overview;
  }

  /**
   * Right after `readOverview` (as plan, validate and export read), the snapshot reuses that
   * overview and user count instead of asking again: one request fewer, and a large query can
   * choose how to read its users before its first request.
   */
  readSnapshot(query: SnapshotQuery): Promise<Snapshot> {
    const recent = this.recent;
    this.recent = undefined;
    const fresh = recent !== undefined && this.client.clock() - recent.at <= OVERVIEW_REUSE_MS;
    return readGraphSnapshot(this.ctx, query, undefined, fresh ? recent.counted : undefined);
  }

  /** Every licensed user and group of the tenant, for `export --snapshot`. */
  readTenantDocument(): Promise<TenantDocument> {
    return readGraphTenantDocument(this.ctx);
  }

  /** Repeated reads for watch mode, through delta queries: see GraphSnapshotFeed. */
  openSnapshotFeed(): SnapshotFeed {
    return new GraphSnapshotFeed(this.ctx);
  }

  applyBatch(requests: readonly AssignLicenseRequest[], signal?: AbortSignal): Promise<WriteResult[]> {
    return applyAssignBatch(this.client, requests, signal);
  }

  readGroupProcessing(groupIds: readonly string[]): Promise<GroupProcessing[]> {
    return readGraphGroupProcessing(this.ctx, groupIds);
  }

  async lock(): Promise<ReleaseLock> {
    return async () => undefined;
  }

  async close(): Promise<void> {
    // fetch pools its connections globally; there is nothing of our own to release.
  }
}
