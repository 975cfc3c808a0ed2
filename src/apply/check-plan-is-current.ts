import type { Plan } from '../model/plan.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Store } from '../model/store.js';
import { findStaleChanges, type StaleChange } from '../plan/find-stale-changes.js';

/** The store belongs to another tenant than the one the plan was made for. */
export interface TenantChange {
  kind: 'tenant-changed';
  message: string;
}

/** One reason a saved plan no longer matches the store; print `message`. */
export type StaleDifference = StaleChange | TenantChange;

/**
 * A fresh snapshot of exactly the principals the plan touches (by object id, groups with
 * their members, since a group's fan-out is part of its fingerprint) and the SKUs.
 */
export async function readPlanSnapshot(plan: Plan, store: Store): Promise<Snapshot> {
  const users = plan.operations.filter((operation) => operation.principal.kind === 'user').map((operation) => operation.principal.id);
  const groups = plan.operations.filter((operation) => operation.principal.kind === 'group').map((operation) => operation.principal.id);
  return store.readSnapshot({ users, groups, holdersOf: [], members: groups.length > 0 });
}

/** What changed between the plan's fingerprints and a fresh snapshot; empty when nothing did. */
export function compareWithSnapshot(plan: Plan, fresh: Snapshot, storeLocation: string): StaleDifference[] {
  if (fresh.tenant.id !== plan.tenant.id) {
    return [
      {
        kind: 'tenant-changed',
        message: `the plan was made for tenant ${plan.tenant.defaultDomain} (${plan.tenant.id}) but ${storeLocation} is tenant ${fresh.tenant.defaultDomain} (${fresh.tenant.id})`,
      },
    ];
  }
  return findStaleChanges(plan, fresh);
}

/**
 * Stale check for `apply --plan FILE`: reads a fresh snapshot of what the plan touches and
 * compares fingerprints through the planner. Empty: the plan can be applied as reviewed;
 * otherwise refuse (exit 4) naming each difference.
 */
export async function checkPlanIsCurrent(plan: Plan, store: Store): Promise<StaleDifference[]> {
  return compareWithSnapshot(plan, await readPlanSnapshot(plan, store), store.location);
}
