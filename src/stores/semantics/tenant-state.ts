import type { PrincipalKind } from '../../model/desired.js';
import type { Snapshot, SnapshotQuery, TenantOverview } from '../../model/snapshot.js';
import type { GroupMemberError, GroupProcessing } from '../../model/store.js';
import { isFailedState, isNoError, type LicenseProcessingStateValue, type TenantDocument, type TenantGroup, type TenantUser } from '../../model/tenant.js';
import { applyGroupAssign, findGroupAssignFailure, licenseGroupMembers } from './assign-group-license.js';
import { applyUserAssign, findUserAssignFailure } from './assign-user-license.js';
import { buildOverview, buildSnapshot, findHolders, listUserMembers, resolveGroupKey, resolveUserKey } from './build-snapshot.js';
import { graphFailures, type GraphFailure } from './graph-failure.js';
import { copyGroupResource, copyUser, shareUser, type GroupResource } from './graph-json.js';
import { normalizeTenant } from './normalize-tenant.js';
import { parseAssignLicenseBody } from './parse-assign-body.js';
import { countFreeSeats } from './seats.js';
import { formatTimestamp, type TenantChange, type TenantContext } from './tenant-context.js';
import { indexTenant, type UserIndex } from './tenant-index.js';

/** `immediate`: members are licensed inside the group call (file store). `deferred`: queued until advanced (emulator). */
export type GroupProcessingMode = 'immediate' | 'deferred';

export interface TenantStateOptions {
  /** Clock for `lastUpdatedDateTime` of new states. Default: the system clock. */
  now?: () => Date;
  /** Default `immediate`. */
  groupProcessing?: GroupProcessingMode;
  /** Called after every change to a user's licenses or a group's licenses / processing state. */
  onChange?: (change: TenantChange) => void;
  /** Most warnings of one kind listed by load before summarising the rest. Default 10. */
  warningsPerKind?: number;
  /** The document's users already indexed, in order (a reader that indexed them as it read them). */
  userIndex?: UserIndex;
}

/** A successful assignLicense: 200 with the user, or 202 with the group (Graph's shapes, copies). */
export type AssignLicenseSuccess =
  | { ok: true; status: 200; kind: 'user'; body: TenantUser }
  | { ok: true; status: 202; kind: 'group'; body: GroupResource };

/** A refused assignLicense: nothing changed. */
export interface AssignLicenseFailure extends GraphFailure {
  ok: false;
}

export type AssignLicenseOutcome = AssignLicenseSuccess | AssignLicenseFailure;

/** Result of {@link loadTenantState}: the state and what the document got wrong. */
export interface LoadedTenantState {
  state: TenantState;
  warnings: string[];
}

/**
 * Takes ownership of `doc` (it is repaired and then mutated in place by every write), indexes
 * it and makes it consistent. Throws TenantDocumentError for duplicate ids or UPNs.
 */
export function loadTenantState(doc: TenantDocument, options: TenantStateOptions = {}): LoadedTenantState {
  const state = new TenantState(doc, options);
  return { state, warnings: state.takeLoadWarnings() };
}

/**
 * Human-readable disagreements between a document's derived fields and what its direct
 * assignments and groups imply. Does not modify `doc`.
 */
export function checkConsistency(doc: TenantDocument): string[] {
  return loadTenantState(structuredClone(doc), { now: () => new Date(0) }).warnings;
}

/**
 * A tenant's licensing state with Graph's assignLicense semantics. Shared by the file
 * store, the in-memory store and the Graph emulator. Objects returned by the `get*` and
 * listing methods are live: read them, never mutate them.
 */
export class TenantState {
  private readonly ctx: TenantContext;
  private readonly mode: GroupProcessingMode;
  /** Groups waiting for (or in) deferred processing, in the order they were queued. */
  private readonly pending = new Map<string, 'QueuedForProcessing' | 'ProcessingInProgress'>();
  private loadWarnings: string[];
  /** The users of snapshots handed out since the last write (see {@link snapshot}). */
  private handedOut: WeakRef<TenantUser[]>[] = [];

  constructor(doc: TenantDocument, options: TenantStateOptions = {}) {
    const now = options.now ?? (() => new Date());
    const onChange = options.onChange;
    this.ctx = {
      ...indexTenant(doc, options.userIndex),
      doc,
      timestamp: memoizePerSecond(now),
      notify: (change) => onChange?.(change),
    };
    this.mode = options.groupProcessing ?? 'immediate';
    this.loadWarnings = normalizeTenant(this.ctx, options.warningsPerKind);
    this.resumeUnfinishedProcessing();
  }

  /** A document saved while a group was still processing resumes it (queued, or at once). */
  private resumeUnfinishedProcessing(): void {
    for (const group of this.ctx.doc.groups) {
      const state = group.licenseProcessingState?.state;
      if (state === 'QueuedForProcessing' || state === 'ProcessingInProgress') this.startGroupProcessing(group);
    }
  }

  /** The warnings of the initial load; returns them once. */
  takeLoadWarnings(): string[] {
    const warnings = this.loadWarnings;
    this.loadWarnings = [];
    return warnings;
  }

  /** The live document, consistent after every call; serialize it, never mutate it. */
  get document(): TenantDocument {
    return this.ctx.doc;
  }

  overview(): TenantOverview {
    return buildOverview(this.ctx);
  }

  /**
   * The snapshot holds the tenant's own user objects: copying 100,000 of them for every read
   * cost more than reading them. The first write after it gives it copies (see below).
   */
  snapshot(query: SnapshotQuery): Snapshot {
    const snapshot = buildSnapshot(this.ctx, query);
    // With sign-in activity the users are copies already (and a shareUser copy would drop it).
    if (query.signInActivity === true) return snapshot;
    this.handedOut = this.handedOut.filter((held) => held.deref() !== undefined);
    this.handedOut.push(new WeakRef(snapshot.users));
    return snapshot;
  }

  /**
   * Before anything changes users: the snapshots handed out and still held get copies of
   * their users, which keep what they saw (writes give users new license arrays and never
   * change the old ones, so a shallow copy is enough).
   */
  private detachSnapshots(): void {
    for (const held of this.handedOut) {
      const users = held.deref();
      if (users !== undefined) for (let i = 0; i < users.length; i++) users[i] = shareUser(users[i] as TenantUser);
    }
    this.handedOut = [];
  }

  /** A user by object id or userPrincipalName (any case). */
  getUser(key: string): TenantUser | undefined {
    return resolveUserKey(this.ctx, key);
  }

  /** A group by object id (any case). */
  getGroup(id: string): TenantGroup | undefined {
    return this.ctx.groups.get(id.toLowerCase());
  }

  /** Groups by object id, or by display name in any case (several when the name is ambiguous). */
  findGroups(key: string): TenantGroup[] {
    return resolveGroupKey(this.ctx, key);
  }

  /** Groups listing the user as a direct member. */
  groupsOf(userId: string): readonly TenantGroup[] {
    return this.ctx.groupsOfUser.get(userId.toLowerCase()) ?? [];
  }

  /** Ids of the group's direct members that are users, once each. */
  userMembersOf(groupId: string): string[] {
    const group = this.getGroup(groupId);
    return group === undefined ? [] : listUserMembers(this.ctx, group);
  }

  /** Users with a direct assignment of one of the SKUs, and groups assigning one. */
  holdersOf(skuIds: readonly string[]): { users: readonly TenantUser[]; groups: readonly TenantGroup[] } {
    return findHolders(this.ctx, skuIds);
  }

  /** Free seats of a SKU by the one seat formula, or undefined for an unknown skuId. */
  freeSeats(skuId: string): number | undefined {
    const sku = this.ctx.skus.get(skuId.toLowerCase());
    return sku === undefined ? undefined : countFreeSeats(sku);
  }

  /**
   * Graph's `POST /users/{id|upn}/assignLicense` or `POST /groups/{id}/assignLicense` with
   * the raw JSON body. All or nothing: a refusal changes nothing.
   */
  assignLicense(kind: PrincipalKind, key: string, rawBody: unknown): AssignLicenseOutcome {
    this.detachSnapshots();
    const parsed = parseAssignLicenseBody(rawBody);
    if (!parsed.ok) return refuse(parsed.failure);
    if (kind === 'user') {
      const user = this.getUser(key);
      if (user === undefined) return refuse(graphFailures.principalNotFound(key));
      const failure = findUserAssignFailure(this.ctx, user, parsed.body);
      if (failure !== undefined) return refuse(failure);
      applyUserAssign(this.ctx, user, parsed.body);
      return { ok: true, status: 200, kind: 'user', body: copyUser(user) };
    }
    const group = this.getGroup(key);
    if (group === undefined) return refuse(graphFailures.principalNotFound(key));
    const failure = findGroupAssignFailure(this.ctx, group, parsed.body);
    if (failure !== undefined) return refuse(failure);
    applyGroupAssign(this.ctx, group, parsed.body);
    this.startGroupProcessing(group);
    return { ok: true, status: 202, kind: 'group', body: copyGroupResource(group) };
  }

  private startGroupProcessing(group: TenantGroup): void {
    if (this.mode === 'immediate') {
      licenseGroupMembers(this.ctx, group);
      return;
    }
    // A group queued again before it ran is processed once, against its latest licenses; one
    // already in progress stays there and picks them up. Re-setting a key keeps its place.
    const state = this.pending.get(group.id) === 'ProcessingInProgress' ? 'ProcessingInProgress' : 'QueuedForProcessing';
    this.pending.set(group.id, state);
    group.licenseProcessingState = { state };
    this.ctx.notify({ kind: 'group', id: group.id });
  }

  /** Ids of groups whose deferred processing has not completed, oldest first. */
  pendingGroupProcessing(): string[] {
    return [...this.pending.keys()];
  }

  /**
   * One step of deferred processing: QueuedForProcessing -> ProcessingInProgress, then
   * ProcessingInProgress -> ProcessingComplete (members licensed). Returns the new state,
   * or undefined when the group has nothing pending.
   */
  advanceGroupProcessing(groupId: string): LicenseProcessingStateValue | undefined {
    const group = this.getGroup(groupId);
    const current = group === undefined ? undefined : this.pending.get(group.id);
    if (group === undefined || current === undefined) return undefined;
    if (current === 'QueuedForProcessing') {
      this.pending.set(group.id, 'ProcessingInProgress');
      group.licenseProcessingState = { state: 'ProcessingInProgress' };
      this.ctx.notify({ kind: 'group', id: group.id });
      return 'ProcessingInProgress';
    }
    this.pending.delete(group.id);
    this.detachSnapshots();
    licenseGroupMembers(this.ctx, group);
    return 'ProcessingComplete';
  }

  /** Runs deferred processing to completion for one group, or for every pending group. */
  completeGroupProcessing(groupId?: string): void {
    const ids = groupId === undefined ? this.pendingGroupProcessing() : [groupId];
    for (const id of ids) while (this.advanceGroupProcessing(id) !== undefined);
  }

  /** Where a group's processing stands and which members ended in error, or undefined for an unknown group. */
  groupProcessing(groupId: string): GroupProcessing | undefined {
    const group = this.getGroup(groupId);
    if (group === undefined) return undefined;
    const state = this.pending.get(group.id) ?? group.licenseProcessingState?.state ?? 'ProcessingComplete';
    return { groupId: group.id, state, membersWithErrors: this.collectMemberErrors(group) };
  }

  private collectMemberErrors(group: TenantGroup): GroupMemberError[] {
    const errors: GroupMemberError[] = [];
    for (const id of listUserMembers(this.ctx, group)) {
      const user = this.ctx.users.get(id.toLowerCase());
      if (user === undefined) continue;
      for (const state of user.licenseAssignmentStates) {
        if (state.assignedByGroup !== group.id || !isFailedState(state)) continue;
        errors.push({ userId: user.id, userPrincipalName: user.userPrincipalName, skuId: state.skuId, error: isNoError(state.error) ? 'Other' : (state.error as string), state: state.state });
      }
    }
    return errors;
  }
}

/** `lastUpdatedDateTime` has whole seconds: a write of thousands of states formats each second once. */
function memoizePerSecond(now: () => Date): () => string {
  let second = Number.NaN;
  let text = '';
  return () => {
    const date = now();
    const current = Math.floor(date.getTime() / 1000);
    if (current !== second) {
      second = current;
      text = formatTimestamp(date);
    }
    return text;
  };
}

function refuse(failure: GraphFailure): AssignLicenseFailure {
  return { ok: false, ...failure };
}
