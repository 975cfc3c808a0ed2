import type { DesiredPrincipal, DesiredSettings, DesiredState } from '../model/desired.js';
import { parseMinorUnits } from '../model/money.js';
import type { SourceLocation } from '../model/diagnostic.js';
import type { Check, Operation, Plan, SkuChange } from '../model/plan.js';
import type { Snapshot } from '../model/snapshot.js';
import type { TenantGroup, TenantUser } from '../model/tenant.js';
import { computePlan } from './compute-plan.js';
import { compareText, sortedUnique } from './plan-context.js';
import type { PlanOptions } from './plan-options.js';

/** What the apply command adds to a saved plan's own limits. */
export interface SavedPlanLimits {
  /** `--max-removals` of the apply: the stricter of it and the plan's `maxRemovals` applies. */
  maxRemovals?: number;
  /**
   * `--allow-remove-all` of the apply. The guard against removing every managed license is
   * recomputed against the store now, so a plan made with the flag needs it again to apply.
   */
  allowRemoveAll?: boolean;
}

/** How a saved plan compares with the store now (after its fingerprints matched). */
export type SavedPlanVerdict =
  /** Apply it. `recomputed` is the same plan computed against the store now (current seats). */
  | { kind: 'verified'; recomputed: Plan }
  /** Some principal's id now names someone else than the plan shows (renamed, or pointed elsewhere). */
  | { kind: 'renamed'; problems: string[] }
  /** The changes the plan shows are not what the store needs to reach the plan's own outcome. */
  | { kind: 'mismatch'; problems: string[] }
  /** The guards, recomputed now with the stricter limits, block it. */
  | { kind: 'blocked'; checks: Check[]; recomputed: Plan };

/**
 * Re-derives a saved plan from the store as it is now: the outcome the plan's changes lead to
 * becomes a desired state (by object id), which is planned afresh with the plan's settings
 * and the stricter limits. The saved plan is applied only if every principal id still names
 * the principal shown, the fresh plan makes exactly the changes shown, and no guard (removal
 * limit, never remove everything, seats, pre-flight) blocks it. Pure: the caller reads the
 * snapshot (principals by id, groups with members) and the SKUs.
 */
export function verifySavedPlan(plan: Plan, fresh: Snapshot, limits: SavedPlanLimits, names: Pick<PlanOptions, 'skuDisplayName' | 'servicePlanFriendlyName'> = {}): SavedPlanVerdict {
  const index = indexSnapshot(fresh);
  const renamed = findRenamed(plan, index);
  if (renamed.length > 0) return { kind: 'renamed', problems: renamed };
  const maxRemovals = Math.min(plan.settings.maxRemovals, limits.maxRemovals ?? Number.POSITIVE_INFINITY);
  const recomputed = withoutStandInSources(computePlan(desiredFromPlan(plan, index, maxRemovals), fresh, {
    storeLocation: plan.store,
    configFiles: plan.configFiles,
    maxRemovals,
    allowRemoveAll: limits.allowRemoveAll === true,
    ...names,
  }));
  const mismatches = compareOperations(plan.operations, recomputed.operations);
  if (mismatches.length > 0) return { kind: 'mismatch', problems: mismatches };
  const errors = recomputed.checks.filter((check) => check.severity === 'error');
  return errors.length > 0 ? { kind: 'blocked', checks: errors, recomputed } : { kind: 'verified', recomputed };
}

interface SnapshotIndex {
  users: ReadonlyMap<string, TenantUser>;
  groups: ReadonlyMap<string, TenantGroup>;
}

function indexSnapshot(fresh: Snapshot): SnapshotIndex {
  return { users: new Map(fresh.users.map((u) => [u.id, u] as const)), groups: new Map(fresh.groups.map((g) => [g.id, g] as const)) };
}

/**
 * Principals the config did not list (removed by prune) have no place in it; the desired
 * state needs one, so they get this stand-in, which is taken out of the recomputed plan.
 */
const STAND_IN_FILE = '';

function withoutStandInSources(plan: Plan): Plan {
  const strip = <T extends { source?: SourceLocation }>(item: T): T => {
    if (item.source?.file !== STAND_IN_FILE) return item;
    const { source: _source, ...rest } = item;
    return rest as T;
  };
  return { ...plan, operations: plan.operations.map(strip), checks: plan.checks.map(strip) };
}

/** Principals whose id names another user or group in the store than the name the plan shows. */
function findRenamed(plan: Plan, index: SnapshotIndex): string[] {
  const problems: string[] = [];
  for (const { principal } of plan.operations) {
    const now = principal.kind === 'user' ? index.users.get(principal.id)?.userPrincipalName : index.groups.get(principal.id)?.displayName;
    if (now === undefined) problems.push(`${principal.kind} ${principal.name} (${principal.id}) does not exist`);
    else if (now.toLowerCase() !== principal.name.toLowerCase()) {
      problems.push(`${principal.kind} id ${principal.id} is ${now} in the tenant, but the plan shows ${principal.name}`);
    }
  }
  return problems;
}

/** Each principal's direct managed licenses as the plan's changes leave them, keyed by object id. */
function desiredFromPlan(plan: Plan, index: SnapshotIndex, maxRemovals: number): DesiredState {
  const managed = new Set(plan.settings.managedSkus.map((sku) => sku.skuId));
  const users: DesiredPrincipal[] = [];
  const groups: DesiredPrincipal[] = [];
  const planSource: SourceLocation = { file: STAND_IN_FILE, line: 1, column: 1 };
  for (const op of plan.operations) {
    const licenses = directManaged(op, index, managed);
    for (const change of op.changes) {
      if (change.after === null) licenses.delete(change.sku.skuId);
      else licenses.set(change.sku.skuId, sortedUnique(change.after.disabledPlans.map((p) => p.servicePlanId)));
    }
    const source = op.source ?? planSource;
    const principal: DesiredPrincipal = {
      kind: op.principal.kind,
      key: op.principal.id,
      licenses: [...licenses].map(([skuId, disabledPlans]) => ({ skuId, disabledPlans: [...disabledPlans], mode: 'disabledPlans' as const, source })),
      source,
    };
    (principal.kind === 'user' ? users : groups).push(principal);
  }
  return {
    settings: {
      managedSkuIds: [...managed],
      managedSkusExplicit: true,
      prune: false,
      maxRemovals,
      seatReserve: Object.fromEntries(plan.settings.seatReserve.map((reserve) => [reserve.sku.skuId, reserve.seats])),
      graceSeatsAreFree: plan.settings.graceSeatsAreFree === true,
      ...pricesOf(plan),
    },
    users,
    groups,
    files: [...plan.configFiles],
  };
}

/**
 * The prices the plan was costed with, so the cost is computed again from the seats the store
 * has now (a price unreadable as an amount counts as no price; it is then named as such).
 */
function pricesOf(plan: Plan): Pick<DesiredSettings, 'prices' | 'currency' | 'billing'> {
  const cost = plan.cost;
  if (cost === undefined) return {};
  const prices: Record<string, bigint> = {};
  for (const row of cost.skus) {
    const price = row.unitPrice === null ? undefined : parseMinorUnits(row.unitPrice, cost.minorDigits);
    if (price !== undefined) prices[row.sku.skuId] = price;
  }
  return { prices, currency: { code: cost.currency, digits: cost.minorDigits }, ...(cost.billing === undefined ? {} : { billing: cost.billing }) };
}

/** skuId -> sorted disabled plans of the principal's direct assignments of managed SKUs now. */
function directManaged(op: Operation, index: SnapshotIndex, managed: ReadonlySet<string>): Map<string, readonly string[]> {
  const licenses = new Map<string, readonly string[]>();
  const direct = op.principal.kind === 'user'
    ? (index.users.get(op.principal.id)?.licenseAssignmentStates ?? []).filter((s) => s.assignedByGroup === null)
    : index.groups.get(op.principal.id)?.assignedLicenses ?? [];
  for (const license of direct) {
    if (managed.has(license.skuId) && !licenses.has(license.skuId)) licenses.set(license.skuId, sortedUnique(license.disabledPlans));
  }
  return licenses;
}

function compareOperations(saved: readonly Operation[], recomputed: readonly Operation[]): string[] {
  const again = new Map(recomputed.map((op) => [op.id, op] as const));
  const problems: string[] = [];
  for (const op of saved) {
    const name = `${op.principal.kind} ${op.principal.name}`;
    const fresh = again.get(op.id);
    again.delete(op.id);
    if (fresh === undefined) problems.push(`${name}: the plan shows ${describeChanges(op.changes)}, but nothing needs to change`);
    else if (canonicalChanges(op.changes) !== canonicalChanges(fresh.changes)) {
      problems.push(`${name}: the plan shows ${describeChanges(op.changes)}, but the tenant needs ${describeChanges(fresh.changes)} for the same outcome`);
    }
  }
  for (const op of again.values()) problems.push(`${op.principal.kind} ${op.principal.name}: needs ${describeChanges(op.changes)}, which the plan does not show`);
  return problems;
}

function canonicalChanges(changes: readonly SkuChange[]): string {
  const plans = (state: SkuChange['before']): readonly string[] | null => (state === null ? null : sortedUnique(state.disabledPlans.map((p) => p.servicePlanId)));
  const entries = changes.map((c) => [c.sku.skuId, c.action, plans(c.before), plans(c.after)] as const);
  return JSON.stringify(entries.sort((a, b) => compareText(a[0], b[0])));
}

function describeChanges(changes: readonly SkuChange[]): string {
  return changes.map((c) => `${c.action} ${c.sku.skuPartNumber}`).join(', ') || 'no change';
}
