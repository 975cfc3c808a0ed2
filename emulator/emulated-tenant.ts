import type { PrincipalKind } from '../src/model/desired.js';
import type { TenantDocument, TenantGroup, TenantUser } from '../src/model/tenant.js';
import { loadTenantState, type GraphFailure, type TenantChange, type TenantState } from '../src/stores/semantics/index.js';
import { ChangeLog, changedProperties, snapshotObject, type ObjectKind, type ObjectSnapshot, type RemovalReason } from './change-log.js';
import { LicenseHolderIndex } from './license-holder-index.js';
import { ReplicationLag } from './replication-lag.js';

/**
 * The emulator's tenant: a TenantDocument driven by the shared Graph-semantics module (the
 * assignLicense rules, seats and group processing all live there). This class only adds
 * what an HTTP service needs on top: an assignedLicenses index for `$filter`, the timing of
 * deferred group processing, and a change log for delta queries.
 */

export interface MutateOptions {
  /** How deleted objects are reported by delta (default `changed`: soft-deleted). */
  removal?: RemovalReason;
  /** Compare only these objects (ids) for changes; all are compared when absent. */
  touched?: { users?: string[]; groups?: string[] };
}

export type WriteOutcome = { ok: true; status: 200 | 202 } | { ok: false; failure: GraphFailure };

export class EmulatedTenant {
  readonly changes = new ChangeLog();
  /** Reads see each object as it was this long ago when it changed since (0: every read is current). */
  readonly replicas = new ReplicationLag();
  /** Warnings from loading the document (inconsistent derived fields that were recomputed). */
  warnings: string[] = [];
  private state!: TenantState;
  private userLicenses!: LicenseHolderIndex;
  private groupLicenses!: LicenseHolderIndex;
  /** groupId -> when its pending assignLicense was accepted (epoch ms). */
  private readonly acceptedAt = new Map<string, number>();
  private readonly touched = new Map<string, TenantChange>();
  private readonly before = new Map<string, ObjectSnapshot>();

  constructor(doc: TenantDocument, private readonly now: () => number, public processingDelayMs = 0) {
    this.load(doc);
  }

  get doc(): TenantDocument { return this.state.document; }

  private load(doc: TenantDocument): void {
    const loaded = loadTenantState(doc, {
      now: () => new Date(this.now()),
      groupProcessing: 'deferred',
      onChange: (change) => this.touched.set(keyOf(change.kind, change.id), change),
    });
    this.state = loaded.state;
    this.warnings = loaded.warnings;
    this.touched.clear();
    this.userLicenses = new LicenseHolderIndex(() => doc.users);
    this.groupLicenses = new LicenseHolderIndex(() => doc.groups);
  }

  /** A user by object id or userPrincipalName (case-insensitive). */
  findUser(key: string): TenantUser | undefined { return this.state.getUser(key); }

  findGroup(id: string): TenantGroup | undefined { return this.state.getGroup(id); }

  /** Groups whose display name matches (case-insensitive); several when ambiguous. */
  groupsNamed(displayName: string): TenantGroup[] {
    const lower = displayName.toLowerCase();
    return this.state.findGroups(displayName).filter((group) => group.displayName.toLowerCase() === lower);
  }

  /** The user or group as a read now sees it (an older version while the change replicates). */
  seen<T extends TenantUser | TenantGroup>(kind: ObjectKind, object: T): T { return this.replicas.visible(kind, object, this.now()); }

  usersWithSku(skuId: string): Iterable<string> { return this.userLicenses.holdersOf(skuId); }
  groupsWithSku(skuId: string): Iterable<string> { return this.groupLicenses.holdersOf(skuId); }

  /**
   * POST /users/{id|upn}/assignLicense or /groups/{id}/assignLicense through the shared
   * rules (all or nothing). A group's members are processed later: see {@link advance}.
   */
  assignLicense(kind: PrincipalKind, key: string, rawBody: unknown): WriteOutcome {
    const target = kind === 'user' ? this.findUser(key) : this.findGroup(key);
    if (target !== undefined) this.capture(kind, target);
    const outcome = this.state.assignLicense(kind, key, rawBody);
    this.flush();
    if (!outcome.ok) return { ok: false, failure: outcome };
    if (kind === 'group' && target !== undefined) this.acceptedAt.set(target.id, this.now());
    return { ok: true, status: outcome.status };
  }

  /**
   * Moves deferred group processing forward to `now`: ProcessingInProgress from half the
   * processing delay, ProcessingComplete (members licensed) once it has passed. Called
   * before every request is served, so clients see time pass, not a timer.
   */
  advance(now = this.now()): void {
    for (const groupId of this.state.pendingGroupProcessing()) {
      const acceptedAt = this.acceptedAt.get(groupId) ?? now;
      const current = this.state.groupProcessing(groupId)?.state;
      if (now >= acceptedAt + this.processingDelayMs) {
        this.finishGroup(groupId);
      } else if (now >= acceptedAt + this.processingDelayMs / 2 && current === 'QueuedForProcessing') {
        this.step(groupId);
      }
    }
  }

  /** Finishes every pending group processing now. */
  settle(): void {
    for (const groupId of this.state.pendingGroupProcessing()) this.finishGroup(groupId);
  }

  private finishGroup(groupId: string): void {
    while (this.step(groupId) !== undefined);
    this.acceptedAt.delete(groupId);
  }

  private step(groupId: string): string | undefined {
    const group = this.findGroup(groupId);
    if (group === undefined) return undefined;
    this.capture('group', group);
    if (this.state.groupProcessing(groupId)?.state === 'ProcessingInProgress') {
      for (const memberId of this.state.userMembersOf(groupId)) {
        const user = this.findUser(memberId);
        if (user !== undefined) this.capture('user', user);
      }
    }
    const next = this.state.advanceGroupProcessing(groupId);
    this.flush();
    return next;
  }

  /**
   * Applies an out-of-band edit (a portal change, a deletion) to the document, reloads it
   * through the semantics module (indexes, derived fields) and records what changed for
   * delta. Objects that disappear are reported with `removal` (default `changed`:
   * soft-deleted). `touched` limits the comparison to the named objects (faster on large
   * tenants; changes to other objects then go unseen by delta, deletions are always seen).
   */
  mutate(edit: (doc: TenantDocument) => void, options: MutateOptions = {}): void {
    this.settle();
    const watched = (kind: ObjectKind, id: string): boolean => {
      const list = kind === 'user' ? options.touched?.users : options.touched?.groups;
      return options.touched === undefined || (list ?? []).some((key) => key.toLowerCase() === id.toLowerCase());
    };
    // One JSON string per object keeps this cheap; only objects whose string changed are
    // compared property by property.
    const before = new Map<string, { kind: ObjectKind; id: string; json?: string }>();
    const remember = (kind: ObjectKind, object: TenantUser | TenantGroup): void => {
      before.set(keyOf(kind, object.id), { kind, id: object.id, json: watched(kind, object.id) ? JSON.stringify(object) : undefined });
    };
    for (const user of this.doc.users) remember('user', user);
    for (const group of this.doc.groups) remember('group', group);
    const doc = this.doc;
    edit(doc);
    this.load(doc);
    const record = (kind: ObjectKind, object: TenantUser | TenantGroup): void => {
      const previous = before.get(keyOf(kind, object.id));
      before.delete(keyOf(kind, object.id));
      if (previous !== undefined && (previous.json === undefined || previous.json === JSON.stringify(object))) return;
      const snapshot = previous?.json === undefined ? undefined : snapshotObject(JSON.parse(previous.json) as object);
      this.recordChange(kind, object, snapshot);
    };
    for (const user of doc.users) record('user', user);
    for (const group of doc.groups) record('group', group);
    for (const gone of before.values()) this.changes.record({ kind: gone.kind, id: gone.id, properties: [], removed: options.removal ?? 'changed' });
  }

  /** Changes properties of one user as an admin would in the portal. */
  updateUser(idOrUpn: string, patch: Partial<Omit<TenantUser, 'id'>>): void {
    const user = this.requireUser(idOrUpn);
    this.mutate(() => Object.assign(user, patch), { touched: { users: [user.id] } });
  }

  /** Deletes a user and its memberships; delta reports it `changed` (soft) or `deleted` (permanent). */
  deleteUser(idOrUpn: string, permanent: boolean): void {
    const user = this.requireUser(idOrUpn);
    const isUser = (id: string): boolean => id.toLowerCase() === user.id.toLowerCase();
    const groups = this.doc.groups.filter((group) => group.members.some(isUser)).map((group) => group.id);
    this.mutate((doc) => {
      doc.users = doc.users.filter((candidate) => candidate !== user);
      for (const group of doc.groups) group.members = group.members.filter((id) => !isUser(id));
    }, { removal: permanent ? 'deleted' : 'changed', touched: { groups } });
  }

  private requireUser(idOrUpn: string): TenantUser {
    const user = this.findUser(idOrUpn);
    if (user === undefined) throw new Error(`no user '${idOrUpn}' in the emulated tenant`);
    return user;
  }

  /** Remembers an object's properties before a write so the write's changes can be named. */
  private capture(kind: ObjectKind, object: TenantUser | TenantGroup): void {
    const key = keyOf(kind, object.id);
    if (!this.before.has(key)) this.before.set(key, snapshotObject(object));
  }

  /** Records what the semantics module reported as changed, then forgets the captures. */
  private flush(): void {
    for (const [key, change] of this.touched) {
      const object = change.kind === 'user' ? this.findUser(change.id) : this.findGroup(change.id);
      if (object !== undefined) this.recordChange(change.kind, object, this.before.get(key));
    }
    this.touched.clear();
    this.before.clear();
  }

  private recordChange(kind: ObjectKind, object: TenantUser | TenantGroup, snapshot: ObjectSnapshot | undefined): void {
    const properties = snapshot === undefined ? Object.keys(object) : changedProperties(snapshot, object);
    if (properties.length === 0) return;
    if (snapshot !== undefined) this.replicas.remember(kind, object.id, snapshot, this.now());
    (kind === 'user' ? this.userLicenses : this.groupLicenses).update(object.id, object.assignedLicenses);
    const entry = { kind, id: object.id, properties };
    if (kind !== 'group' || !properties.includes('members')) {
      this.changes.record(entry);
      return;
    }
    const previous = new Set<string>(JSON.parse(snapshot?.get('members') ?? '[]') as string[]);
    const current = new Set((object as TenantGroup).members);
    this.changes.record({
      ...entry,
      membersAdded: [...current].filter((id) => !previous.has(id)),
      membersRemoved: [...previous].filter((id) => !current.has(id)),
    });
  }
}

function keyOf(kind: ObjectKind, id: string): string {
  return `${kind}:${id.toLowerCase()}`;
}
