import type { Check, Operation, SeatForecast } from '../model/plan.js';
import type { GroupChanges, Holding } from './compute-holdings.js';
import { holds, holdsSeat } from './compute-holdings.js';
import type { PlanContext } from './plan-context.js';

/**
 * Licences lost, as the removal guard counts them: each direct removal from a user is one;
 * a removal from a group counts the members who lose the SKU entirely (no other source
 * keeps it), and at least one, so removing a licence from an empty group still counts.
 */
export function countRemovals(ctx: PlanContext, operations: readonly Operation[], holdingOf: (userId: string) => Holding | undefined): number {
  let removals = 0;
  for (const op of operations) {
    for (const change of op.changes) {
      if (change.action !== 'remove') continue;
      if (op.principal.kind === 'user') {
        removals += 1;
        continue;
      }
      let losers = 0;
      for (const memberId of ctx.groupById.get(op.principal.id)?.members ?? []) {
        const holding = holdingOf(memberId);
        if (holding !== undefined && holds(holding.before, change.sku.skuId) && !holds(holding.after, change.sku.skuId)) losers += 1;
      }
      removals += Math.max(1, losers);
    }
  }
  return removals;
}

/**
 * The two guards against removing licences by mistake: more removals than allowed
 * (settings.maxRemovals or `--max-removals`), and a plan that leaves no managed SKU held by
 * anyone (an emptied config with prune: true) unless `--allow-remove-all` is given.
 */
export function checkRemovalGuards(
  ctx: PlanContext,
  operations: readonly Operation[],
  removals: number,
  forecasts: readonly SeatForecast[],
  holdings: ReadonlyMap<string, Holding>,
  groups: GroupChanges,
): Check[] {
  const checks: Check[] = [];
  const limit = maxRemovalsOf(ctx);
  const settingsSource = ctx.desired.settings.source === undefined ? {} : { source: ctx.desired.settings.source };
  if (removals > limit) {
    checks.push({
      code: 'removal-guard',
      severity: 'error',
      ...settingsSource,
      message: `the plan removes ${removals} ${removals === 1 ? 'licence' : 'licences'}, more than the limit of ${limit}`,
      hint: `review the removals, then raise maxRemovals or run with --max-removals ${removals}`,
    });
  }
  const removesAnything = operations.some((op) => op.changes.some((c) => c.action === 'remove'));
  if (removesAnything && ctx.options.allowRemoveAll !== true && leavesNothingHeld(ctx, forecasts, holdings, groups)) {
    checks.push({
      code: 'remove-all-guard',
      severity: 'error',
      ...settingsSource,
      message: 'the plan leaves no managed licence assigned to anyone',
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
function leavesNothingHeld(ctx: PlanContext, forecasts: readonly SeatForecast[], holdings: ReadonlyMap<string, Holding>, groups: GroupChanges): boolean {
  const consumedAfter = new Map(forecasts.map((row) => [row.sku.skuId, row.used + row.change] as const));
  const complete = new Set(ctx.snapshot.holdersOf);
  const heldAfter = collectHeldAfter(ctx, holdings, groups);
  return ctx.managedSorted.every((skuId) => {
    const consumed = consumedAfter.get(skuId);
    if (consumed === undefined || consumed <= 0) return true;
    return complete.has(skuId) && !heldAfter.has(skuId);
  });
}

function collectHeldAfter(ctx: PlanContext, holdings: ReadonlyMap<string, Holding>, groups: GroupChanges): Set<string> {
  const held = new Set<string>();
  for (const user of ctx.userById.values()) {
    const holding = holdings.get(user.id);
    if (holding !== undefined) {
      for (const [skuId, sources] of holding.after) if (sources.length > 0) held.add(skuId);
    } else {
      for (const state of user.licenseAssignmentStates) if (holdsSeat(state)) held.add(state.skuId);
    }
  }
  for (const group of ctx.groupById.values()) {
    const subject = groups.subjects.get(group.id);
    const managedAfter = subject?.after ?? new Map<string, string[]>();
    for (const license of group.assignedLicenses) {
      if (subject === undefined || !ctx.managed.has(license.skuId)) held.add(license.skuId);
    }
    for (const skuId of managedAfter.keys()) held.add(skuId);
  }
  return held;
}
