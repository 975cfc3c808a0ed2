import type { Check, Plan } from '../model/plan.js';
import type { Store } from '../model/store.js';
import { checkPlanConsistency } from '../plan/check-plan-consistency.js';
import type { PlanOptions } from '../plan/plan-options.js';
import { verifySavedPlan, type SavedPlanLimits } from '../plan/verify-saved-plan.js';
import { compareWithSnapshot, readPlanSnapshot, type StaleDifference } from './check-plan-is-current.js';

/** Whether a saved plan may be applied to the store now, and if not, why. */
export type SavedPlanCheck =
  /**
   * Apply `plan`: the saved plan's operations, re-derived from the store (so every name shown,
   * the seats and the checks are the store's truth, not the file's), after they were found to
   * make exactly the changes the file shows.
   */
  | { kind: 'applicable'; plan: Plan }
  /** The plan contradicts itself or the store: it was edited after skuform wrote it (exit 1). */
  | { kind: 'altered'; problems: string[] }
  /** The store changed since the plan was made (exit 4). */
  | { kind: 'stale'; differences: StaleDifference[] }
  /** Blocked when made, or by the guards recomputed now (exit 3); `plan` shows why. */
  | { kind: 'blocked'; plan: Plan; checks: Check[]; whenMade: boolean };

/**
 * Everything `apply --plan` checks before it changes anything, in order: the plan agrees with
 * itself (requests follow from the changes shown, only managed SKUs, ids and counts); it was
 * not blocked; nothing it touches changed since (fingerprints); every principal id still names
 * the principal shown; the store needs exactly the changes shown; and the guards, recomputed
 * against the store now with the stricter of the plan's and the command line's limits, pass.
 * Call it under the store's lock, so nothing changes between the check and the apply.
 */
export async function checkSavedPlan(plan: Plan, store: Store, limits: SavedPlanLimits, names: Pick<PlanOptions, 'skuDisplayName' | 'servicePlanFriendlyName'> = {}): Promise<SavedPlanCheck> {
  const problems = checkPlanConsistency(plan);
  if (problems.length > 0) return { kind: 'altered', problems };
  const madeBlocked = plan.checks.filter((check) => check.severity === 'error');
  if (plan.blocked || madeBlocked.length > 0) return { kind: 'blocked', plan: { ...plan, blocked: true }, checks: madeBlocked, whenMade: true };
  const fresh = await readPlanSnapshot(plan, store);
  const differences = compareWithSnapshot(plan, fresh, store.location);
  if (differences.length > 0) return { kind: 'stale', differences };
  const verdict = verifySavedPlan(plan, fresh, limits, names);
  switch (verdict.kind) {
    case 'renamed':
      return { kind: 'stale', differences: verdict.problems.map((message) => ({ kind: 'principal-changed', message })) };
    case 'mismatch':
      return { kind: 'altered', problems: verdict.problems };
    case 'blocked':
      return { kind: 'blocked', plan: planToShow(plan, verdict.recomputed), checks: verdict.checks, whenMade: false };
    case 'verified':
      return { kind: 'applicable', plan: planToShow(plan, verdict.recomputed) };
  }
}

/**
 * The plan as apply shows and runs it: the saved plan's identity (tenant, store, files,
 * settings, fingerprints) with everything a person reads or the engine sends taken from the
 * re-derivation against the store (the cost too, at the plan's prices). Notes about principals
 * outside the plan are left out: a saved plan does not know the rest of the config.
 */
function planToShow(saved: Plan, recomputed: Plan): Plan {
  const checks = recomputed.checks.filter((check) => check.code !== 'unmanaged-holders');
  const count = (severity: Check['severity']): number => checks.filter((check) => check.severity === severity).length;
  // The cost, like the seats, is what the changes cost with the store's seats now.
  const { cost: _savedCost, ...identity } = saved;
  return {
    ...identity,
    ...(recomputed.cost === undefined ? {} : { cost: recomputed.cost }),
    // The SKUs by the store's names, and the limit in force: the stricter one.
    settings: { ...recomputed.settings, prune: saved.settings.prune },
    operations: recomputed.operations,
    seats: recomputed.seats,
    checks,
    summary: { ...recomputed.summary, errors: count('error'), warnings: count('warning') },
    blocked: recomputed.blocked,
  };
}
