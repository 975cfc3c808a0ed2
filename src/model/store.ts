import type { PrincipalKind } from './desired.js';
import type { Snapshot, SnapshotQuery, TenantOverview } from './snapshot.js';
import type { AssignedLicense, LicenseProcessingStateValue } from './tenant.js';

/**
 * The port in front of every assignment store (file, Microsoft Graph, in-memory). Every
 * implementation passes the one shared contract suite.
 */

/** One principal's change, exactly Graph's `assignLicense` body. */
export interface AssignLicenseRequest {
  principal: { kind: PrincipalKind; id: string };
  /** SKUs to add or update, each with its complete disabledPlans list (Graph replaces the list). */
  addLicenses: AssignedLicense[];
  /** skuIds to remove. Never also in addLicenses. */
  removeLicenses: string[];
}

/**
 * Outcome of one attempt of one request. A store performs exactly one attempt per request;
 * retries, pacing and backoff belong to the apply engine.
 */
export type WriteResult = WriteSuccess | WriteFailure;

export interface WriteSuccess {
  ok: true;
  /** 200 for users; 202 for groups (members are processed asynchronously). */
  status: number;
  requestId?: string;
}

export interface WriteFailure {
  ok: false;
  /** HTTP status; 0 for a network failure (connection reset, timeout, DNS). */
  status: number;
  /** Graph error code, e.g. `Request_BadRequest`, `TooManyRequests`, or `NetworkError`. */
  code: string;
  message: string;
  requestId?: string;
  /** Parsed `Retry-After` in milliseconds, when the response carried one. */
  retryAfterMs?: number;
}

export interface GroupMemberError {
  userId: string;
  userPrincipalName?: string;
  skuId: string;
  /** licenseAssignmentState error value: CountViolation, MutuallyExclusiveViolation, ... */
  error: string;
  /**
   * The member's licenseAssignmentState: `Error` (not licensed) or `ActiveWithError`
   * (licensed, some plans failed). Absent means `Error`.
   */
  state?: string;
}

/** Where Graph's asynchronous group license processing stands. */
export interface GroupProcessing {
  groupId: string;
  /** null: Graph reports no processing state (nothing has started since the group was created). */
  state: LicenseProcessingStateValue | string | null;
  /**
   * When the state last changed, if the store knows (ISO 8601). UNCONFIRMED whether Graph
   * sends one; when present, a state older than a write is not trusted for it.
   */
  lastUpdatedDateTime?: string;
  membersWithErrors: GroupMemberError[];
}

/** Releases an exclusive apply lock. */
export type ReleaseLock = () => Promise<void>;

export interface Store {
  /** Human description without secrets, e.g. `file:examples/tenant.json` or `graph (https://graph.microsoft.com)`. */
  readonly location: string;
  /** Most requests `applyBatch` takes at once (Graph: 20 per `$batch`). */
  readonly maxBatchSize: number;
  /** True when writes are rate-limited by a remote quota and should be paced. */
  readonly pacedWrites: boolean;
  /**
   * True when a read may not yet show a write that succeeded (Graph replicates): apply then
   * waits before trusting a read, and re-reads for a while before calling a change lost.
   * Absent: reads show every write at once.
   */
  readonly eventuallyConsistent?: boolean;

  readOverview(): Promise<TenantOverview>;
  /**
   * What the query asks for. The snapshot is read-only: a store may share parts of it with
   * its own data (the file store hands out its user objects, which spares copying a
   * 100,000-user tenant), so callers never mutate it; in return the store's later writes
   * never change what the snapshot's lists hold (a user object kept apart from them may
   * change, so keep the snapshot, not its users).
   */
  readSnapshot(query: SnapshotQuery): Promise<Snapshot>;

  /**
   * One attempt of each request, in order; results align with `requests` by index. Never
   * throws for a failure of a single request; throws only when the store itself is unusable.
   */
  applyBatch(requests: readonly AssignLicenseRequest[], signal?: AbortSignal): Promise<WriteResult[]>;

  readGroupProcessing(groupIds: readonly string[]): Promise<GroupProcessing[]>;

  /**
   * Takes the exclusive apply lock (file store: fails fast naming the holder's pid).
   * Stores without a local lock return a no-op release.
   */
  lock(): Promise<ReleaseLock>;

  close(): Promise<void>;
}

/**
 * A store that cannot be read or written as a whole (HTTP failure, unreadable file, auth).
 * Carries what a person needs (status, Graph code, message, request id) and never the token.
 */
export class StoreError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId?: string;
  readonly hint?: string;
  /**
   * A failure on this machine (the tenant file unreadable, corrupt, read-only, or its folder
   * full), not of the network: trying again cannot help, so it is never retried.
   */
  readonly local: boolean;

  constructor(message: string, options: { status?: number; code?: string; requestId?: string; hint?: string; cause?: unknown; local?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreError';
    this.status = options.status ?? 0;
    this.code = options.code ?? 'StoreError';
    this.requestId = options.requestId;
    this.hint = options.hint;
    this.local = options.local ?? false;
  }
}

/** The file store's lock is held by another process. */
export class StoreLockedError extends StoreError {
  readonly pid: number;
  constructor(message: string, pid: number, hint?: string) {
    super(message, { code: 'Locked', hint, local: true });
    this.name = 'StoreLockedError';
    this.pid = pid;
  }
}
