import type { Check } from '../model/plan.js';
import type { LicenseAssignmentState, TenantUser } from '../model/tenant.js';
import { holdsSeat } from './compute-holdings.js';
import type { PlanContext } from './plan-context.js';
import type { Subject } from './subject.js';
import { isClaimed, type Resolution } from './resolve-principals.js';
import { directManagedOfGroup, directManagedOfUser } from './subject.js';

/**
 * With `prune: true`, every principal the config does not list loses its direct managed
 * assignments. Only SKUs in `snapshot.holdersOf` are pruned: for those the snapshot holds
 * every holder, so the plan is a complete statement; pruning the few holders that happen to
 * be visible for another SKU would be a partial, surprising result. Such SKUs get a note.
 */
export function prunePrincipals(ctx: PlanContext, resolution: Resolution): { subjects: Subject[]; checks: Check[] } {
  if (!ctx.desired.settings.prune) return { subjects: [], checks: [] };
  const complete = new Set(ctx.snapshot.holdersOf.filter((skuId) => ctx.managed.has(skuId)));
  const subjects: Subject[] = [];
  for (const user of ctx.userById.values()) {
    if (isClaimed(resolution, 'user', user.id)) continue;
    const before = directManagedOfUser(user, complete);
    if (before.size > 0) {
      subjects.push({ kind: 'user', id: user.id, name: user.userPrincipalName, listed: false, before, after: new Map(), user });
    }
  }
  for (const group of ctx.groupById.values()) {
    if (isClaimed(resolution, 'group', group.id)) continue;
    const before = directManagedOfGroup(group, complete);
    if (before.size > 0) {
      subjects.push({ kind: 'group', id: group.id, name: group.displayName, listed: false, before, after: new Map(), group });
    }
  }
  const checks: Check[] = ctx.managedSorted
    .filter((skuId) => !complete.has(skuId))
    .map((skuId) => ({
      code: 'unmanaged-holders',
      severity: 'note',
      sku: ctx.skuRef(skuId),
      message: `holders of ${ctx.skuRef(skuId).skuPartNumber} outside the config were not read, so prune left them alone`,
      hint: 'the store must be asked for the holders of every managed SKU when prune is on',
    }));
  return { subjects, checks };
}

/**
 * Without prune, says per managed SKU how many seats are held outside the config.
 *
 * Derivation: `consumedUnits` counts one seat per user per SKU whatever the sources. The
 * config accounts for a user's seat when the user is listed, or holds the SKU through a
 * listed group (the seat then follows from the file). Those users are counted once each
 * from the snapshot (failed group assignments, state `Error`, hold no seat); the rest of
 * `consumedUnits` is held by principals the config does not mention. The snapshot may not
 * contain every member of a listed group, so the figure is an upper bound.
 */
export function noteUnmanagedHolders(ctx: PlanContext, resolution: Resolution): Check[] {
  if (ctx.desired.settings.prune) return [];
  const accounted = countAccountedSeats(ctx, resolution);
  const checks: Check[] = [];
  for (const skuId of ctx.managedSorted) {
    const sku = ctx.skuById.get(skuId);
    if (sku === undefined) continue;
    const outside = Math.max(0, sku.consumedUnits - (accounted.get(skuId) ?? 0));
    if (outside === 0) continue;
    checks.push({
      code: 'unmanaged-holders',
      severity: 'note',
      sku: ctx.skuRef(skuId),
      message: `${outside} ${outside === 1 ? 'seat' : 'seats'} of ${sku.skuPartNumber} ${outside === 1 ? 'is' : 'are'} held outside the config`,
      hint: 'list those principals, or set prune: true to remove them',
    });
  }
  return checks;
}

/**
 * Seats the config accounts for, per managed SKU: every seat of a claimed user, and the seats
 * other users hold through a claimed group. Claimed users come from the resolution; of the
 * others, only a user holding something through a claimed group is asked whether it is
 * claimed, which spares a lookup per listed user.
 */
function countAccountedSeats(ctx: PlanContext, resolution: Resolution): Map<string, number> {
  const accounted = new Map<string, number>();
  for (const subject of resolution.byId.user.values()) {
    if (subject.user !== undefined) countSeats(ctx, resolution, subject.user, true, accounted);
  }
  for (const id of resolution.otherClaims.user) {
    const user = ctx.userById.get(id);
    if (user !== undefined && !resolution.byId.user.has(id)) countSeats(ctx, resolution, user, true, accounted);
  }
  for (const user of ctx.userById.values()) {
    if (holdsThroughClaimedGroup(resolution, user) && !isClaimed(resolution, 'user', user.id)) countSeats(ctx, resolution, user, false, accounted);
  }
  return accounted;
}

/** Adds the user's accounted seats: one per SKU, a state counting unless an earlier one of the same SKU did. */
function countSeats(ctx: PlanContext, resolution: Resolution, user: TenantUser, listed: boolean, accounted: Map<string, number>): void {
  const states = user.licenseAssignmentStates;
  for (let i = 0; i < states.length; i++) {
    const state = states[i] as LicenseAssignmentState;
    if (accountsFor(ctx, resolution, listed, state) && !accountedEarlier(ctx, resolution, listed, states, i)) {
      accounted.set(state.skuId, (accounted.get(state.skuId) ?? 0) + 1);
    }
  }
}

function holdsThroughClaimedGroup(resolution: Resolution, user: TenantUser): boolean {
  for (const state of user.licenseAssignmentStates) {
    if (state.assignedByGroup !== null && isClaimed(resolution, 'group', state.assignedByGroup)) return true;
  }
  return false;
}

/** True when the state holds a seat of a managed SKU the config accounts for: the user is listed, or the group giving it is. */
function accountsFor(ctx: PlanContext, resolution: Resolution, listed: boolean, state: LicenseAssignmentState): boolean {
  if (!ctx.managed.has(state.skuId) || !holdsSeat(state)) return false;
  return listed || (state.assignedByGroup !== null && isClaimed(resolution, 'group', state.assignedByGroup));
}

/** True when a state before `index` of the same SKU already counted (index loops: this runs for every user of the snapshot). */
function accountedEarlier(ctx: PlanContext, resolution: Resolution, listed: boolean, states: readonly LicenseAssignmentState[], index: number): boolean {
  const skuId = states[index]?.skuId;
  for (let j = 0; j < index; j++) {
    const earlier = states[j] as LicenseAssignmentState;
    if (earlier.skuId === skuId && accountsFor(ctx, resolution, listed, earlier)) return true;
  }
  return false;
}
