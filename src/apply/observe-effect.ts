import type { AssignmentStateProblem } from '../model/apply-result.js';
import type { Operation } from '../model/plan.js';
import { isNoError, type TenantGroup, type TenantUser } from '../model/tenant.js';

/** What one read of a principal says about one operation. */
export interface EffectObservation {
  /** Every SKU the operation touches is as the operation left it. */
  observed: boolean;
  /** Every SKU the operation touches is still as it was before (a lagging read looks like this). */
  asBefore: boolean;
  /** The SKUs that are not as the operation left them, e.g. `SPE_E5 not assigned`. */
  detail?: string;
  /** Licenses the operation added or changed whose state shows an error (users only). */
  problems: AssignmentStateProblem[];
}

/** The directly held licenses: skuId -> sorted disabled plans. */
type Held = ReadonlyMap<string, readonly string[]>;

/**
 * Compares a principal as read after the run with the operation that answered success. Only
 * the SKUs the operation touches count (other licenses may change for other reasons), and
 * only direct assignments: a user's inherited copy of a SKU is not the operation's effect.
 * Disabled plans compare as sets; Graph does not promise their order. Pure.
 */
export function observeEffect(operation: Operation, principal: TenantUser | TenantGroup | undefined): EffectObservation {
  if (principal === undefined) return { observed: false, asBefore: false, detail: `${operation.principal.kind} not found`, problems: [] };
  const held = directLicenses(principal);
  // What was sent is the effect to look for; the plan's `before` is what a lagging read shows.
  const sent = new Map(operation.request.addLicenses.map((license) => [license.skuId.toLowerCase(), [...license.disabledPlans].map(lower).sort()]));
  const missing: string[] = [];
  let asBefore = true;
  for (const change of operation.changes) {
    const name = change.sku.skuPartNumber;
    const skuId = change.sku.skuId.toLowerCase();
    const now = held.get(skuId);
    const wanted = sent.get(skuId);
    const before = change.before === null ? undefined : sortedIds(change.before.disabledPlans);
    if (!sameHolding(now, before)) asBefore = false;
    if (sameHolding(now, wanted)) continue;
    if (wanted === undefined) missing.push(`${name} still assigned`);
    else if (now === undefined) missing.push(`${name} not assigned`);
    else missing.push(`${name} has other plans switched off`);
  }
  const problems = operation.principal.kind === 'user' && 'licenseAssignmentStates' in principal ? findStateProblems(operation, principal) : [];
  if (missing.length === 0) return { observed: true, asBefore: false, problems };
  return { observed: false, asBefore, detail: missing.join('; '), problems };
}

function directLicenses(principal: TenantUser | TenantGroup): Held {
  const held = new Map<string, readonly string[]>();
  if ('licenseAssignmentStates' in principal) {
    for (const state of principal.licenseAssignmentStates) {
      if (state.assignedByGroup === null) held.set(state.skuId.toLowerCase(), [...state.disabledPlans].map(lower).sort());
    }
    return held;
  }
  for (const license of principal.assignedLicenses) held.set(license.skuId.toLowerCase(), [...license.disabledPlans].map(lower).sort());
  return held;
}

/** Direct licenses the operation added or changed that Graph reports in error (`ActiveWithError`, `Error`). */
function findStateProblems(operation: Operation, user: TenantUser): AssignmentStateProblem[] {
  const added = new Set(operation.request.addLicenses.map((license) => license.skuId.toLowerCase()));
  return user.licenseAssignmentStates
    .filter((state) => state.assignedByGroup === null && added.has(state.skuId.toLowerCase()))
    .filter((state) => state.state !== 'Active' || !isNoError(state.error))
    .map((state) => ({ skuId: state.skuId, state: state.state, error: isNoError(state.error) ? 'Other' : (state.error as string) }));
}

function sortedIds(plans: readonly { servicePlanId: string }[]): string[] {
  return plans.map((plan) => plan.servicePlanId.toLowerCase()).sort();
}

function sameHolding(held: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  if (held === undefined || wanted === undefined) return held === wanted;
  return held.length === wanted.length && held.every((plan, index) => plan === wanted[index]);
}

function lower(text: string): string {
  return text.toLowerCase();
}
