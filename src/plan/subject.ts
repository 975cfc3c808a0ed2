import type { PrincipalKind } from '../model/desired.js';
import type { SourceLocation } from '../model/diagnostic.js';
import type { Operation, PrincipalRef } from '../model/plan.js';
import type { LicenseAssignmentState, TenantGroup, TenantUser } from '../model/tenant.js';
import { matchesFirstPerSku, sortedUnique } from './plan-context.js';

/**
 * A principal whose direct managed assignments the plan decides: either listed in the config
 * (after = what the file says) or pruned (after = nothing managed).
 */
export interface Subject {
  kind: PrincipalKind;
  id: string;
  name: string;
  /** True when the config lists it; false for a principal removed by prune. */
  listed: boolean;
  /** The key as the config writes it (listed principals). */
  key?: string;
  source?: SourceLocation;
  /** Direct assignments of managed SKUs now: skuId -> sorted disabledPlans (see sortedUnique). */
  before: ReadonlyMap<string, readonly string[]>;
  /**
   * Direct assignments of managed SKUs after the plan: skuId -> sorted disabledPlans. The very
   * `before` map when nothing changes (see desiredManaged), which spares a map per principal.
   */
  after: ReadonlyMap<string, readonly string[]>;
  /** The snapshot object (the one matching `kind`), kept to spare repeated lookups by id. */
  user?: TenantUser;
  group?: TenantGroup;
}

export function subjectRef(subject: Subject): PrincipalRef {
  return { kind: subject.kind, id: subject.id, name: subject.name };
}

/** Operation id of a principal: `user:<id>` or `group:<id>`. */
export function principalKey(kind: PrincipalKind, id: string): string {
  return `${kind}:${id}`;
}

/** Object ids per principal kind. Hot paths look ids up per kind instead of building `kind:id` strings. */
export type IdsByKind = Record<PrincipalKind, Set<string>>;

export function emptyIdsByKind(): IdsByKind {
  return { user: new Set(), group: new Set() };
}

/** The plan's operations by principal kind and object id, with their position in plan order. */
export interface OperationIndex {
  get(kind: PrincipalKind, id: string): Operation | undefined;
  /** Position in plan order (operations are sorted before they are indexed). */
  orderOf(operation: Operation): number;
}

export function indexOperations(operations: readonly Operation[]): OperationIndex {
  const byKind: Record<PrincipalKind, Map<string, Operation>> = { user: new Map(), group: new Map() };
  const order = new Map<Operation, number>();
  operations.forEach((op, index) => {
    byKind[op.principal.kind].set(op.principal.id, op);
    order.set(op, index);
  });
  return { get: (kind, id) => byKind[kind].get(id), orderOf: (op) => order.get(op) ?? Number.MAX_SAFE_INTEGER };
}

/**
 * A user's direct assignments of managed SKUs. Only `licenseAssignmentStates` with
 * `assignedByGroup: null` are direct; `assignedLicenses` mixes in inherited licenses and
 * its disabledPlans for several sources is UNCONFIRMED, so it is not used.
 */
export function directManagedOfUser(user: TenantUser, managed: ReadonlySet<string>): Map<string, readonly string[]> {
  const direct = new Map<string, readonly string[]>();
  for (const state of user.licenseAssignmentStates) {
    if (state.assignedByGroup !== null || !managed.has(state.skuId) || direct.has(state.skuId)) continue;
    direct.set(state.skuId, sortedUnique(state.disabledPlans));
  }
  return direct;
}

/** How many distinct maps {@link createDirectManagedOfUser} keeps for sharing. */
const SHARED_MAPS = 16;

/**
 * {@link directManagedOfUser} for many users, returning one shared read-only map for users
 * whose direct managed assignments are equal. Tenants repeat a few license combinations over
 * thousands of users, and a map per user was a measurable share of planning 100,000 users
 * (allocation and garbage collection). Only the last few distinct maps are kept, so a tenant
 * without repeats pays a few comparisons per user, never a growing search.
 */
export function createDirectManagedOfUser(managed: ReadonlySet<string>): (user: TenantUser) => ReadonlyMap<string, readonly string[]> {
  const shared: ReadonlyMap<string, readonly string[]>[] = [];
  let replace = 0;
  return (user) => {
    for (const candidate of shared) if (holdsDirectly(user, managed, candidate)) return candidate;
    const direct = directManagedOfUser(user, managed);
    if (shared.length < SHARED_MAPS) shared.push(direct);
    else {
      shared[replace] = direct;
      replace = (replace + 1) % SHARED_MAPS;
    }
    return direct;
  };
}

const isDirect = (state: LicenseAssignmentState): boolean => state.assignedByGroup === null;

/** True when `directManagedOfUser(user, managed)` would equal `direct`. */
function holdsDirectly(user: TenantUser, managed: ReadonlySet<string>, direct: ReadonlyMap<string, readonly string[]>): boolean {
  return matchesFirstPerSku(user.licenseAssignmentStates, managed, isDirect, direct);
}

/** A group's assignments of managed SKUs (groups only ever hold direct assignments). */
export function directManagedOfGroup(group: TenantGroup, managed: ReadonlySet<string>): Map<string, readonly string[]> {
  const direct = new Map<string, readonly string[]>();
  for (const license of group.assignedLicenses) {
    if (!managed.has(license.skuId) || direct.has(license.skuId)) continue;
    direct.set(license.skuId, sortedUnique(license.disabledPlans));
  }
  return direct;
}
