import type { DesiredState } from '../model/desired.js';
import type { Check, Operation, Plan, PlanSummary, SeatForecast } from '../model/plan.js';
import { PLAN_FORMAT_VERSION } from '../model/plan.js';
import type { Snapshot } from '../model/snapshot.js';
import type { LicenseAssignmentState } from '../model/tenant.js';
import { buildOperation } from './build-operation.js';
import { createDataLossCollector } from './check-data-loss.js';
import { checkInheritance } from './check-inheritance.js';
import { checkPreflight } from './check-preflight.js';
import { checkRemovalGuards, createRemovalTally, maxRemovalsOf } from './check-removal-guards.js';
import { computeHolding, indexGroupChanges } from './compute-holdings.js';
import { fingerprintSkus } from './fingerprint.js';
import { checkSeats, createSeatTally, forecastSeats } from './forecast-seats.js';
import type { SeatMovement } from './forecast-seats.js';
import { computeCost } from './compute-cost.js';
import { checkLifecycle, describeLifecycle } from './license-lifecycle.js';
import { sortChecks, sortOperations } from './order-plan.js';
import type { PlanContext } from './plan-context.js';
import { compareSkuIds, createPlanContext } from './plan-context.js';
import type { PlanOptions } from './plan-options.js';
import { noteUnmanagedHolders, prunePrincipals } from './prune-principals.js';
import { resolvePrincipals } from './resolve-principals.js';
import type { Subject } from './subject.js';
import { indexOperations } from './subject.js';

/**
 * Computes the plan that makes the tenant match the desired state: one operation per
 * principal whose direct managed assignments change, the seat forecast per managed SKU, and
 * every pre-flight check. Pure and deterministic: no I/O, no clock, and the same inputs give
 * byte-identical `JSON.stringify` output whatever the order of the snapshot's arrays.
 */
export function computePlan(desired: DesiredState, snapshot: Snapshot, options: PlanOptions): Plan {
  const ctx = createPlanContext(desired, snapshot, options);
  const resolution = resolvePrincipals(ctx);
  const pruned = prunePrincipals(ctx, resolution);
  const subjects = [...resolution.subjects, ...pruned.subjects];
  const operations = sortOperations(buildOperations(ctx, subjects));
  const groups = indexGroupChanges(subjects.filter((s) => s.kind === 'group'));
  const listedGroups = new Set(resolution.byId.group.keys());
  const index = indexOperations(operations);
  const seats = createSeatTally(ctx, operations, index);
  const dataLoss = createDataLossCollector(ctx, index);
  const removals = createRemovalTally(ctx, operations);
  const inheritance: Check[] = [];
  const prunedUsers = new Map(pruned.subjects.filter((s) => s.kind === 'user').map((s) => [s.id, s] as const));
  const affected = collectAffectedUsers(ctx, resolution.byId.user, operations);
  // One pass, one holding at a time: holdings are never kept, which keeps memory flat.
  for (const userId of affected) {
    const subject = resolution.byId.user.get(userId) ?? prunedUsers.get(userId);
    const holding = computeHolding(ctx, userId, subject, groups);
    seats.add(holding);
    dataLoss.add(holding);
    removals.add(holding);
    if (subject?.listed === true) inheritance.push(...checkInheritance(ctx, subject, holding, listedGroups));
  }
  const forecast = forecastSeats(ctx, seats.finish());
  const checks = sortChecks([
    ...resolution.checks,
    ...pruned.checks,
    ...noteUnmanagedHolders(ctx, resolution),
    ...checkSeats(forecast),
    ...checkPreflight(ctx, operations, subjects),
    ...inheritance,
    ...dataLoss.finish(),
    ...checkRemovalGuards(ctx, operations, removals, affected, forecast, groups),
    ...checkLifecycle(ctx, resolution.timeBound),
  ]);
  return assemblePlan(ctx, operations, forecast, checks, removals.removals(), seats.movement());
}

/** The operations of the subjects that change, in subject order. */
function buildOperations(ctx: PlanContext, subjects: readonly Subject[]): Operation[] {
  const operations: Operation[] = [];
  for (const subject of subjects) {
    const operation = buildOperation(ctx, subject);
    if (operation !== undefined) operations.push(operation);
  }
  return operations;
}

/**
 * Every user whose holdings the plan reads: users with an operation of their own, listed
 * users holding anything through a group (inheritance checks), and the members of (and
 * anyone inheriting from) the groups whose licenses change. A listed user with neither an
 * operation nor an inherited license can gain or lose nothing, so is skipped: in a plan with
 * few changes that is nearly everyone.
 */
function collectAffectedUsers(ctx: PlanContext, listedUsers: ReadonlyMap<string, Subject>, operations: readonly Operation[]): Set<string> {
  const changedGroups = new Set(operations.filter((op) => op.principal.kind === 'group').map((op) => op.principal.id));
  const userIds = new Set(operations.filter((op) => op.principal.kind === 'user').map((op) => op.principal.id));
  for (const subject of listedUsers.values()) {
    if (subject.user?.licenseAssignmentStates.some(isInherited) === true) userIds.add(subject.id);
  }
  for (const groupId of changedGroups) for (const memberId of ctx.groupById.get(groupId)?.members ?? []) userIds.add(memberId);
  if (changedGroups.size > 0) {
    for (const user of ctx.userById.values()) {
      if (user.licenseAssignmentStates.some((s) => s.assignedByGroup !== null && changedGroups.has(s.assignedByGroup))) userIds.add(user.id);
    }
  }
  return userIds;
}

function isInherited(state: LicenseAssignmentState): boolean {
  return state.assignedByGroup !== null;
}

function assemblePlan(
  ctx: PlanContext, operations: Operation[], seats: SeatForecast[], checks: Check[], removals: number, movement: ReadonlyMap<string, SeatMovement>,
): Plan {
  const { tenant } = ctx.snapshot;
  const settings = ctx.desired.settings;
  const principals: Record<string, string> = {};
  // Operations are already in their deterministic plan order.
  for (const op of operations) principals[op.id] = op.fingerprint;
  const blocked = checks.some((c) => c.severity === 'error');
  const plan: Plan = {
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
      graceSeatsAreFree: settings.graceSeatsAreFree ?? false,
    },
    operations,
    seats,
    checks,
    summary: summarize(operations, checks, removals),
    blocked,
    fingerprints: { skus: fingerprintSkus(ctx.snapshot.skus, ctx.managedSorted), principals },
  };
  const cost = computeCost(ctx, movement);
  if (cost !== undefined) plan.cost = cost;
  const lifecycle = describeLifecycle(ctx);
  if (lifecycle !== undefined) plan.lifecycle = lifecycle;
  return plan;
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

