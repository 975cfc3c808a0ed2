import type { Snapshot, SnapshotQuery, TenantOverview } from '../model/snapshot.js';
import {
  StoreError,
  StoreLockedError,
  type AssignLicenseRequest,
  type GroupProcessing,
  type ReleaseLock,
  type Store,
  type WriteFailure,
  type WriteResult,
} from '../model/store.js';
import type { TenantDocument } from '../model/tenant.js';
import { loadTenantState, type TenantState } from './semantics/index.js';
import { applyRequest, notAttempted } from './store-results.js';

/** A failure to report instead of (or, with `applied`, after) performing a request. */
export interface InjectedFault {
  failure: WriteFailure;
  /** The request takes effect but its response is lost, as when a connection drops after Graph acted. */
  applied?: boolean;
}

export interface WriteFaultContext {
  /** 1-based number of the applyBatch call. */
  call: number;
  /** Position of the request in its batch. */
  index: number;
  /** 1-based count of requests this store has been asked to perform so far, this one included. */
  attempt: number;
}

/** Decides per request whether to fail it; undefined lets it through. */
export type WriteFaultInjector = (request: AssignLicenseRequest, context: WriteFaultContext) => InjectedFault | undefined;

export type ReadOperation = 'overview' | 'snapshot' | 'groupProcessing';

/** Ready-made faults with Graph's statuses and codes. */
export const injectedFaults = {
  throttled(retryAfterMs = 1000): InjectedFault {
    return { failure: { ok: false, status: 429, code: 'TooManyRequests', message: 'Please retry again later.', retryAfterMs } };
  },
  unavailable(retryAfterMs?: number): InjectedFault {
    return { failure: { ok: false, status: 503, code: 'ServiceUnavailable', message: 'Service is temporarily unavailable.', retryAfterMs } };
  },
  gatewayTimeout(): InjectedFault {
    return { failure: { ok: false, status: 504, code: 'GatewayTimeout', message: 'The gateway timed out.' } };
  },
  networkFailure(): InjectedFault {
    return { failure: { ok: false, status: 0, code: 'NetworkError', message: 'socket hang up' } };
  },
  /** Performed, but the caller sees a network failure and cannot know it succeeded. */
  lostResponse(): InjectedFault {
    return { failure: { ok: false, status: 0, code: 'NetworkError', message: 'socket hang up' }, applied: true };
  },
} as const;

export interface MemoryStoreOptions {
  location?: string;
  /** Default 20, like Graph's $batch. */
  maxBatchSize?: number;
  /** Default false. */
  pacedWrites?: boolean;
  /** `immediate` (default) licenses group members inside the call; `stepped` advances one step per readGroupProcessing. */
  groupProcessing?: 'immediate' | 'stepped';
  /** Default true: like the file store, writes need lock(). False behaves like Graph (no local lock). */
  requireLock?: boolean;
  writeFault?: WriteFaultInjector;
  /** Makes a read throw, e.g. to test how a caller handles an unreachable store. */
  readFault?: (operation: ReadOperation) => StoreError | undefined;
  now?: () => Date;
}

/** One request the store was asked to perform and what it answered. */
export interface RecordedWrite {
  request: AssignLicenseRequest;
  result: WriteResult;
  /** Whether the request changed the tenant (true for applied lost responses too). */
  performed: boolean;
}

/**
 * A Store over an in-memory tenant with Graph's semantics, for tests: the apply engine's
 * fake-clock tests use it with injected faults instead of hand-written fakes.
 */
export class MemoryStore implements Store {
  readonly location: string;
  readonly maxBatchSize: number;
  readonly pacedWrites: boolean;
  /** The live tenant, for assertions. */
  readonly state: TenantState;
  /** Every request in order, with the answer given. */
  readonly writes: RecordedWrite[] = [];
  /** Warnings from loading the initial document. */
  readonly loadWarnings: string[];
  private calls = 0;
  private locked = false;

  constructor(doc: TenantDocument, private readonly options: MemoryStoreOptions = {}) {
    this.location = options.location ?? 'memory:';
    this.maxBatchSize = options.maxBatchSize ?? 20;
    this.pacedWrites = options.pacedWrites ?? false;
    const mode = options.groupProcessing === 'stepped' ? 'deferred' : 'immediate';
    const loaded = loadTenantState(structuredClone(doc), { now: options.now, groupProcessing: mode });
    this.state = loaded.state;
    this.loadWarnings = loaded.warnings;
  }

  /** A copy of the current tenant document. */
  document(): TenantDocument {
    return structuredClone(this.state.document);
  }

  async readOverview(): Promise<TenantOverview> {
    this.failRead('overview');
    return this.state.overview();
  }

  async readSnapshot(query: SnapshotQuery): Promise<Snapshot> {
    this.failRead('snapshot');
    return this.state.snapshot(query);
  }

  async readGroupProcessing(groupIds: readonly string[]): Promise<GroupProcessing[]> {
    this.failRead('groupProcessing');
    return groupIds.map((id) => {
      if (this.options.groupProcessing === 'stepped') this.state.advanceGroupProcessing(id);
      const processing = this.state.groupProcessing(id);
      if (processing === undefined) throw new StoreError(`Group ${id} does not exist.`, { status: 404, code: 'Request_ResourceNotFound' });
      return processing;
    });
  }

  async applyBatch(requests: readonly AssignLicenseRequest[], signal?: AbortSignal): Promise<WriteResult[]> {
    if ((this.options.requireLock ?? true) && !this.locked) {
      throw new StoreError(`Refusing to write ${this.location} without the apply lock.`, { code: 'NotLocked', hint: 'Call lock() before applyBatch().' });
    }
    this.calls += 1;
    return requests.map((request, index) => {
      if (signal?.aborted === true) return notAttempted();
      const fault = this.options.writeFault?.(request, { call: this.calls, index, attempt: this.writes.length + 1 });
      const performed = fault === undefined || fault.applied === true;
      const applied = performed ? applyRequest(this.state, request) : undefined;
      const result = fault?.failure ?? (applied as WriteResult);
      this.writes.push({ request, result, performed: performed && applied?.ok === true });
      return result;
    });
  }

  async lock(): Promise<ReleaseLock> {
    if (this.locked) {
      throw new StoreLockedError(`${this.location} is locked by pid ${process.pid} (this process). If no skuform apply is running, release the lock.`, process.pid);
    }
    this.locked = true;
    let released = false;
    return async () => {
      if (!released) this.locked = false;
      released = true;
    };
  }

  async close(): Promise<void> {
    this.locked = false;
  }

  private failRead(operation: ReadOperation): void {
    const error = this.options.readFault?.(operation);
    if (error !== undefined) throw error;
  }
}
