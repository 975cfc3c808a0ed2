import type { Check, Operation, SeatForecast } from '../model/plan.js';
import type { GroupChanges, Holding } from './compute-holdings.js';
import { holds, holdsSeat } from './compute-holdings.js';
import type { PlanContext } from './plan-context.js';

/** Counts removals and what stays held, user by user (see {@link createRemovalTally}). */
export interface RemovalTally {
  add(holding: Holding): void;
  /** Licenses lost, as the removal guard counts them. */
  removals(): number;
  /** skuIds some affected user still holds after the plan. */
  readonly heldAfter: ReadonlySet<string>;
}

/**
 * Licenses lost, as the removal guard counts them: each direct removal from a user is one;
 * a removal from a group counts the members who lose the SKU entirely (no other source
 * keeps it), and at least one, so removing a license from an empty group still counts.
 */
export function createRemovalTally(ctx: PlanContext, operations: readonly Operation[]): RemovalTally {
  const groupRemovals = new Map<string, Set<string>>();
  for (const op of operations) {
    if (op.principal.kind !== 'group') continue;
    const removed = op.changes.filter((c) => c.action === 'remove').map((c) => c.sku.skuId);
    if (removed.length > 0) groupRemovals.set(op.principal.id, new Set(removed));
  }
  const losers = new Map<string, number>();
  const heldAfter = new Set<string>();
  return {
    heldAfter,
    add(holding) {
      for (const skuId of holding.after.keys()) heldAfter.add(skuId);
      for (const groupId of ctx.groupsOfUser.get(holding.userId) ?? []) {
        for (const skuId of groupRemovals.get(groupId) ?? []) {
          if (holds(holding.before, skuId) && !holds(holding.after, skuId)) {
            losers.set(`${groupId}/${skuId}`, (losers.get(`${groupId}/${skuId}`) ?? 0) + 1);
          }
        }
      }
    },
    removals() {
      let count = 0;
      for (const op of operations) {
        for (const change of op.changes) {
          if (change.action !== 'remove') continue;
          count += op.principal.kind === 'user' ? 1 : Math.max(1, losers.get(`${op.principal.id}/${change.sku.skuId}`) ?? 0);
        }
      }
      return count;
    },
  };
}

/**
 * The two guards against removing licenses by mistake: more removals than allowed
 * (settings.maxRemovals or `--max-removals`), and a plan that leaves no managed SKU held by
 * anyone (an emptied config with prune: true) unless `--allow-remove-all` is given.
 */
export function checkRemovalGuards(
  ctx: PlanContext,
  operations: readonly Operation[],
  tally: RemovalTally,
  affected: ReadonlySet<string>,
  forecasts: readonly SeatForecast[],
  groups: GroupChanges,
): Check[] {
  const removals = tally.removals();
  const checks: Check[] = [];
  const limit = maxRemovalsOf(ctx);
  const settingsSource = ctx.desired.settings.source === undefined ? {} : { source: ctx.desired.settings.source };
  if (removals > limit) {
    // The summary counts removals per user or group; the guard counts licenses lost, a group's
    // removal once per member who loses it. When they differ, the message says both.
    const changes = operations.reduce((sum, op) => sum + op.changes.filter((c) => c.action === 'remove').length, 0);
    const counted = changes === removals ? '' : ` (${changes} to remove in the plan; a removal from a group counts each member who loses the license)`;
    checks.push({
      code: 'removal-guard',
      severity: 'error',
      ...settingsSource,
      message: `the plan removes ${removals} ${removals === 1 ? 'license' : 'licenses'}${counted}, more than the limit of ${limit}`,
      hint: `review the removals, then raise maxRemovals or run with --max-removals ${removals}`,
    });
  }
  const removesAnything = operations.some((op) => op.changes.some((c) => c.action === 'remove'));
  if (removesAnything && ctx.options.allowRemoveAll !== true && leavesNothingHeld(ctx, forecasts, tally.heldAfter, affected, groups)) {
    checks.push({
      code: 'remove-all-guard',
      severity: 'error',
      ...settingsSource,
      message: 'the plan leaves no managed license assigned to anyone',
      hint: 'if the config was not emptied by mistake, run with --allow-remove-all',
    });
  }
  return checks;
}

/** The removal limit in force: the command line's override, else the config's setting. */
export function maxRemovalsOf(ctx: PlanContext): number {
  return ctx.options.maxRemovals ?? ctx.desired.settings.maxRemovals;
}

/**
 * True when every managed SKU ends with no holder. A SKU is empty afterwards when its
 * consumed seats drop to zero, or when the snapshot holds all of its holders (`holdersOf`)
 * and none of them keeps it — the second catches group-only holders whose members the
 * snapshot did not load, where seat counting alone would not reach zero.
 */
function leavesNothingHeld(
  ctx: PlanContext,
  forecasts: readonly SeatForecast[],
  heldByAffected: ReadonlySet<string>,
  affected: ReadonlySet<string>,
  groups: GroupChanges,
): boolean {
  const consumedAfter = new Map(forecasts.map((row) => [row.sku.skuId, row.used + row.change] as const));
  const complete = new Set(ctx.snapshot.holdersOf);
  const uncounted = ctx.managedSorted.filter((skuId) => (consumedAfter.get(skuId) ?? 0) > 0);
  // Seats still consumed and no complete list of holders: someone keeps it, no scan needed.
  if (uncounted.some((skuId) => !complete.has(skuId))) return false;
  if (uncounted.length === 0) return true;
  const heldAfter = collectHeldAfter(ctx, heldByAffected, affected, groups);
  return uncounted.every((skuId) => !heldAfter.has(skuId));
}

/** Every skuId someone in the snapshot holds after the plan: affected users, the others as they are, and groups. */
function collectHeldAfter(ctx: PlanContext, heldByAffected: ReadonlySet<string>, affected: ReadonlySet<string>, groups: GroupChanges): Set<string> {
  const held = new Set(heldByAffected);
  for (const user of ctx.userById.values()) {
    if (affected.has(user.id)) continue;
    for (const state of user.licenseAssignmentStates) if (holdsSeat(state)) held.add(state.skuId);
  }
  for (const group of ctx.groupById.values()) {
    const subject = groups.subjects.get(group.id);
    for (const license of group.assignedLicenses) {
      if (subject === undefined || !ctx.managed.has(license.skuId)) held.add(license.skuId);
    }
    for (const skuId of subject?.after.keys() ?? []) held.add(skuId);
  }
  return held;
}
