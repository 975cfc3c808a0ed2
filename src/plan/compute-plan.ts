import type { DesiredState } from '../model/desired.js';
import type { Check, Operation, Plan, PlanSummary, SeatForecast } from '../model/plan.js';
import { PLAN_FORMAT_VERSION } from '../model/plan.js';
import type { Snapshot } from '../model/snapshot.js';
import { buildOperation } from './build-operation.js';
import { checkDataLoss } from './check-data-loss.js';
import { checkInheritance } from './check-inheritance.js';
import { checkPreflight } from './check-preflight.js';
import { checkRemovalGuards, countRemovals, maxRemovalsOf } from './check-removal-guards.js';
import type { GroupChanges, Holding } from './compute-holdings.js';
import { computeHolding, indexGroupChanges } from './compute-holdings.js';
import { fingerprintSkus } from './fingerprint.js';
import { attributeSeats, checkSeats, forecastSeats } from './forecast-seats.js';
import { compareChecks, compareOperations } from './order-plan.js';
import type { PlanContext } from './plan-context.js';
import { compareSkuIds, compareText, createPlanContext } from './plan-context.js';
import type { PlanOptions } from './plan-options.js';
import { noteUnmanagedHolders, prunePrincipals } from './prune-principals.js';
import { resolvePrincipals } from './resolve-principals.js';
import type { Subject } from './subject.js';

/**
 * Computes the plan that makes the tenant match the desired state: one operation per
 * principal whose direct managed assignments change, the seat forecast per managed SKU, and
 * every pre-flight check. Pure and deterministic: no I/O, no clock, and the same inputs give
 * byte-identical `JSON.stringify` output whatever the order of the snapshot's arrays.
 */
export function computePlan(desired: DesiredState, snapshot: Snapshot, options: PlanOptions): Plan {
  const ctx = createPlanContext(desired, snapshot, options);
  const resolution = resolvePrincipals(ctx);
  const pruned = prunePrincipals(ctx, resolution.claimed);
  const subjects = [...resolution.subjects, ...pruned.subjects];
  const operations = subjects
    .map((subject) => buildOperation(ctx, subject))
    .filter((op): op is Operation => op !== undefined)
    .sort(compareOperations);
  const groups = indexGroupChanges(subjects.filter((s) => s.kind === 'group'));
  const holdings = computeAffectedHoldings(ctx, subjects, operations, groups);
  const holdingOf = (userId: string): Holding => holdings.get(userId) ?? computeHolding(ctx, userId, undefined, groups);
  const seats = forecastSeats(ctx, attributeSeats(ctx, holdings.values(), operations));
  const removals = countRemovals(ctx, operations, (id) => holdings.get(id));
  const listedGroups = new Set(resolution.subjects.filter((s) => s.kind === 'group').map((s) => s.id));
  const checks = [
    ...resolution.checks,
    ...pruned.checks,
    ...noteUnmanagedHolders(ctx, resolution.claimed),
    ...checkSeats(seats),
    ...checkPreflight(ctx, operations, subjects),
    ...checkInheritance(ctx, resolution.subjects.filter((s) => s.kind === 'user'), holdingOf, listedGroups),
    ...checkDataLoss(ctx, holdings.values(), operations),
    ...checkRemovalGuards(ctx, operations, removals, seats, holdings, groups),
  ].sort(compareChecks);
  return assemblePlan(ctx, operations, seats, checks, removals);
}

/**
 * Holdings of every user the plan can affect: the planned users themselves, and the members
 * of (and anyone inheriting from) the groups whose licences change.
 */
function computeAffectedHoldings(
  ctx: PlanContext,
  subjects: readonly Subject[],
  operations: readonly Operation[],
  groups: GroupChanges,
): Map<string, Holding> {
  const own = new Map(subjects.filter((s) => s.kind === 'user').map((s) => [s.id, s] as const));
  const changedGroups = new Set(operations.filter((op) => op.principal.kind === 'group').map((op) => op.principal.id));
  const userIds = new Set(own.keys());
  for (const groupId of changedGroups) for (const memberId of ctx.groupById.get(groupId)?.members ?? []) userIds.add(memberId);
  if (changedGroups.size > 0) {
    for (const user of ctx.userById.values()) {
      if (user.licenseAssignmentStates.some((s) => s.assignedByGroup !== null && changedGroups.has(s.assignedByGroup))) userIds.add(user.id);
    }
  }
  const holdings = new Map<string, Holding>();
  for (const userId of userIds) holdings.set(userId, computeHolding(ctx, userId, own.get(userId), groups));
  return holdings;
}

function assemblePlan(ctx: PlanContext, operations: Operation[], seats: SeatForecast[], checks: Check[], removals: number): Plan {
  const { tenant } = ctx.snapshot;
  const settings = ctx.desired.settings;
  const principals: Record<string, string> = {};
  for (const op of [...operations].sort((a, b) => compareText(a.id, b.id))) principals[op.id] = op.fingerprint;
  const blocked = checks.some((c) => c.severity === 'error');
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tenant: { id: tenant.id, displayName: tenant.displayName, defaultDomain: tenant.defaultDomain },
    store: ctx.options.storeLocation,
    configFiles: [...ctx.options.configFiles],
    settings: {
      managedSkus: ctx.managedSorted.map((skuId) => ctx.skuRef(skuId)),
      prune: settings.prune,
      maxRemovals: maxRemovalsOf(ctx),
      seatReserve: Object.entries(settings.seatReserve)
        .map(([skuId, seats]) => ({ sku: ctx.skuRef(skuId), seats }))
        .sort((a, b) => compareSkuIds(a.sku, b.sku)),
    },
    operations,
    seats,
    checks,
    summary: summarize(operations, checks, removals),
    blocked,
    fingerprints: { skus: fingerprintSkus(ctx.snapshot.skus, ctx.managedSorted), principals },
  };
}

function summarize(operations: readonly Operation[], checks: readonly Check[], removals: number): PlanSummary {
  const summary: PlanSummary = { assign: 0, update: 0, remove: 0, principals: operations.length, removals, errors: 0, warnings: 0 };
  for (const op of operations) for (const change of op.changes) summary[change.action] += 1;
  for (const check of checks) {
    if (check.severity === 'error') summary.errors += 1;
    else if (check.severity === 'warning') summary.warnings += 1;
  }
  return summary;
}

