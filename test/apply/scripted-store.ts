import type { Snapshot, SnapshotQuery } from '../../src/model/snapshot.js';
import { StoreError, type AssignLicenseRequest, type GroupProcessing, type ReleaseLock, type Store, type WriteFailure, type WriteResult } from '../../src/model/store.js';
import type { LicenseAssignmentState, TenantGroup, TenantUser } from '../../src/model/tenant.js';
import type { FakeClock } from './fake-clock.js';

/**
 * A small, real implementation of the Store port on a fake clock, for the engine's unit
 * tests: it holds direct assignments, enforces seats and "does not have a corresponding
 * license", takes `latencyMs` of fake time per batch, and lets a test inject a failure for
 * any request before it is applied. It records every call with its fake time.
 */
export interface ScriptedStoreOptions {
  clock: FakeClock;
  /** Fake time each batch takes; a function for a varying latency. */
  latencyMs?: number | (() => number);
  maxBatchSize?: number;
  pacedWrites?: boolean;
  /** Declares that reads may lag behind writes, as Graph's do (the store's own reads never lag). */
  eventuallyConsistent?: boolean;
  /** skuId -> seats; SKUs not listed are unlimited. */
  seats?: Record<string, number>;
  /** user id -> directly held skuIds. */
  users?: Record<string, string[]>;
  /** group id -> held skuIds. */
  groups?: Record<string, string[]>;
  /** Decides a failure for one request before it is applied (undefined: apply it). */
  fault?: (request: AssignLicenseRequest, call: { index: number; now: number; attempt: number }) => WriteFailure | undefined;
  /** Requests answered with success and then forgotten (a lost write). */
  lose?: (request: AssignLicenseRequest) => boolean;
  /** Reads show each principal as it was this long ago (a replicating service). */
  readLagMs?: number;
  /** group id -> member user ids (none by default); members never show the group's licenses. */
  groupMembers?: Record<string, string[]>;
  /** Principal ids that do not exist (reads leave them out); every other id exists, holding what it was given or written. */
  missing?: string[];
  /** Makes snapshot read number `read` (0-based) throw. */
  snapshotFault?: (read: number) => StoreError | undefined;
  /** Group processing reads: state per read number (0-based) and member errors; a script that throws fails the read. */
  groupProcessing?: (groupId: string, read: number) => GroupProcessing;
  /** user id -> license states inherited from groups that reads show beside the direct ones (the store does not process groups). */
  inherited?: Record<string, LicenseAssignmentState[]>;
  /** The state and error reads show for a user's direct license; Active without error when absent. */
  directState?: (userId: string, skuId: string) => Pick<LicenseAssignmentState, 'state' | 'error'> | undefined;
}

export interface RecordedWrite {
  at: number;
  principalId: string;
  request: AssignLicenseRequest;
  result: WriteResult;
}

export class ScriptedStore implements Store {
  readonly location = 'scripted:test';
  readonly maxBatchSize: number;
  readonly pacedWrites: boolean;
  readonly eventuallyConsistent: boolean;
  readonly calls: { at: number; size: number; signal?: AbortSignal }[] = [];
  readonly writes: RecordedWrite[] = [];
  readonly held = new Map<string, Set<string>>();
  readonly groupReads: { at: number; ids: string[] }[] = [];
  readonly snapshotReads: SnapshotQuery[] = [];
  locks = 0;
  released = 0;
  readonly #options: ScriptedStoreOptions;
  readonly #attempts = new Map<string, number>();
  /** Earlier holdings per principal, for lagging reads: [time it stopped being current, skuIds]. */
  readonly #history = new Map<string, [number, Set<string>][]>();
  #groupReadCount = 0;

  constructor(options: ScriptedStoreOptions) {
    this.#options = options;
    this.maxBatchSize = options.maxBatchSize ?? 20;
    this.pacedWrites = options.pacedWrites ?? false;
    this.eventuallyConsistent = options.eventuallyConsistent ?? false;
    for (const [id, skus] of Object.entries({ ...options.users, ...options.groups })) this.held.set(id, new Set(skus));
  }

  async applyBatch(requests: readonly AssignLicenseRequest[], signal?: AbortSignal): Promise<WriteResult[]> {
    const clock = this.#options.clock;
    this.calls.push({ at: clock.now(), size: requests.length, signal });
    const latency = this.#options.latencyMs ?? 0;
    const latencyMs = typeof latency === 'number' ? latency : latency();
    if (latencyMs > 0) await clock.sleep(latencyMs, signal);
    if (signal?.aborted) throw new StoreError('request aborted', { code: 'Aborted' });
    return requests.map((request) => {
      const id = request.principal.id;
      const attempt = (this.#attempts.get(id) ?? 0) + 1;
      this.#attempts.set(id, attempt);
      const injected = this.#options.fault?.(request, { index: this.writes.length, now: clock.now(), attempt });
      const result = injected ?? this.#write(request);
      this.writes.push({ at: clock.now(), principalId: id, request: structuredClone(request), result });
      return result;
    });
  }

  #write(request: AssignLicenseRequest): WriteResult {
    const held = this.held.get(request.principal.id) ?? new Set<string>();
    for (const skuId of request.removeLicenses) {
      if (!held.has(skuId)) return failure(400, 'Request_BadRequest', 'User does not have a corresponding license.');
    }
    const next = new Set(held);
    if (this.#options.lose?.(request) === true) return { ok: true, status: request.principal.kind === 'group' ? 202 : 200 };
    for (const skuId of request.removeLicenses) next.delete(skuId);
    for (const { skuId } of request.addLicenses) {
      if (held.has(skuId)) continue;
      const seats = this.#options.seats?.[skuId];
      if (seats !== undefined && this.#consumed(skuId) >= seats) {
        return failure(400, 'Request_BadRequest', `Subscription with SKU ${skuId} does not have any available licenses.`);
      }
      next.add(skuId);
    }
    const history = this.#history.get(request.principal.id) ?? [];
    history.push([this.#options.clock.now(), held]);
    this.#history.set(request.principal.id, history);
    this.held.set(request.principal.id, next);
    return { ok: true, status: request.principal.kind === 'group' ? 202 : 200, requestId: `req-${this.writes.length}` };
  }

  /** What a read shows of a principal: its holdings as of `readLagMs` ago. */
  #visible(id: string): Set<string> {
    const asOf = this.#options.clock.now() - (this.#options.readLagMs ?? 0);
    const replaced = (this.#history.get(id) ?? []).find(([until]) => until > asOf);
    return replaced?.[1] ?? this.held.get(id) ?? new Set<string>();
  }

  #consumed(skuId: string): number {
    let count = 0;
    for (const skus of this.held.values()) if (skus.has(skuId)) count += 1;
    return count;
  }

  readOverview(): Promise<Snapshot> {
    return this.readSnapshot({ users: [], groups: [], holdersOf: [], members: false });
  }

  readSnapshot(query: SnapshotQuery): Promise<Snapshot> {
    const fault = this.#options.snapshotFault?.(this.snapshotReads.length);
    this.snapshotReads.push(structuredClone(query));
    if (fault !== undefined) return Promise.reject(fault);
    const exists = (id: string): boolean => !(this.#options.missing ?? []).includes(id);
    const members = query.members ? query.groups.flatMap((id) => this.#options.groupMembers?.[id] ?? []) : [];
    const users: TenantUser[] = [...query.users, ...members].filter(exists).map((id) => this.#user(id));
    const groups: TenantGroup[] = query.groups.filter(exists).map((id) => ({ ...aTenantGroup(id, [...this.#visible(id)]), members: this.#options.groupMembers?.[id] ?? [] }));
    return Promise.resolve({
      tenant: { id: 'tenant', displayName: 'Test', defaultDomain: 'test.example', countryLetterCode: 'NL' },
      skus: [],
      users,
      groups,
      resolved: { users: new Map(users.map((user) => [user.id, [user.id]])), groups: new Map(groups.map((group) => [group.id, [group.id]])) },
      holdersOf: [],
    });
  }

  #user(id: string): TenantUser {
    const user = aTenantUser(id, [...this.#visible(id)]);
    const direct = user.licenseAssignmentStates.map((state) => ({ ...state, ...this.#options.directState?.(id, state.skuId) }));
    return { ...user, licenseAssignmentStates: [...direct, ...(this.#options.inherited?.[id] ?? [])] };
  }

  readGroupProcessing(groupIds: readonly string[]): Promise<GroupProcessing[]> {
    const read = this.#groupReadCount++;
    this.groupReads.push({ at: this.#options.clock.now(), ids: [...groupIds] });
    const script = this.#options.groupProcessing ?? ((groupId: string) => ({ groupId, state: 'ProcessingComplete', membersWithErrors: [] }));
    try {
      return Promise.resolve(groupIds.map((groupId) => script(groupId, read)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  lock(): Promise<ReleaseLock> {
    this.locks += 1;
    return Promise.resolve(() => {
      this.released += 1;
      return Promise.resolve();
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function failure(status: number, code: string, message: string, retryAfterMs?: number): WriteFailure {
  return { ok: false, status, code, message, requestId: `req-${status}-${code}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

function aTenantUser(id: string, skuIds: string[]): TenantUser {
  return {
    id,
    userPrincipalName: `${id}@test.example`,
    displayName: id,
    accountEnabled: true,
    usageLocation: 'NL',
    assignedLicenses: skuIds.map((skuId) => ({ skuId, disabledPlans: [] })),
    licenseAssignmentStates: skuIds.map((skuId) => ({ skuId, assignedByGroup: null, state: 'Active', error: null, disabledPlans: [], lastUpdatedDateTime: '2026-01-01T00:00:00Z' })),
  };
}

function aTenantGroup(id: string, skuIds: string[]): TenantGroup {
  return { id, displayName: id, securityEnabled: true, assignedLicenses: skuIds.map((skuId) => ({ skuId, disabledPlans: [] })), members: [] };
}
