import type { AssignmentStateProblem } from '../model/apply-result.js';
import type { Operation, SkuChange } from '../model/plan.js';
import { isNoError, samePlanSet, type TenantGroup, type TenantUser } from '../model/tenant.js';

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

/**
 * Compares a principal as read after the run with the operation that answered success. Only
 * the SKUs the operation touches count (other licenses may change for other reasons), and
 * only direct assignments: a user's inherited copy of a SKU is not the operation's effect.
 * What was sent is the effect looked for; the plan's `before` is what a lagging read shows.
 * Disabled plans compare as sets (Graph does not promise their order), ids in any case.
 * Pure; runs once per applied operation, so besides the plan sets it compares it allocates only for what it finds.
 */
export function observeEffect(operation: Operation, principal: TenantUser | TenantGroup | undefined): EffectObservation {
  if (principal === undefined) return { observed: false, asBefore: false, detail: `${operation.principal.kind} not found`, problems: [] };
  let missing: string[] | undefined;
  for (const change of operation.changes) {
    const held = directPlans(principal, change.sku.skuId);
    const sent = operation.request.addLicenses.find((license) => sameId(license.skuId, change.sku.skuId))?.disabledPlans;
    if (samePlansOrBothUnheld(held, sent)) continue;
    const name = change.sku.skuPartNumber;
    (missing ??= []).push(sent === undefined ? `${name} still assigned` : held === undefined ? `${name} not assigned` : `${name} has other plans switched off`);
  }
  // Only a user has assignment states; a group's licenses have no per-license state.
  const problems = 'licenseAssignmentStates' in principal ? findStateProblems(operation, principal) : [];
  if (missing === undefined) return { observed: true, asBefore: false, problems };
  const asBefore = operation.changes.every((change) => samePlansOrBothUnheld(directPlans(principal, change.sku.skuId), beforePlans(change)));
  return { observed: false, asBefore, detail: missing.join('; '), problems };
}

/** The disabled plans of the principal's direct assignment of the SKU; undefined when it has none. */
function directPlans(principal: TenantUser | TenantGroup, skuId: string): readonly string[] | undefined {
  if ('licenseAssignmentStates' in principal) {
    return principal.licenseAssignmentStates.find((state) => state.assignedByGroup === null && sameId(state.skuId, skuId))?.disabledPlans;
  }
  return principal.assignedLicenses.find((license) => sameId(license.skuId, skuId))?.disabledPlans;
}

function beforePlans(change: SkuChange): string[] | undefined {
  return change.before === null ? undefined : change.before.disabledPlans.map((plan) => plan.servicePlanId);
}

/** Direct licenses the operation added or changed that Graph reports in error (`ActiveWithError`, `Error`). */
function findStateProblems(operation: Operation, user: TenantUser): AssignmentStateProblem[] {
  const problems: AssignmentStateProblem[] = [];
  for (const state of user.licenseAssignmentStates) {
    if (state.assignedByGroup !== null || (state.state === 'Active' && isNoError(state.error))) continue;
    if (!operation.request.addLicenses.some((license) => sameId(license.skuId, state.skuId))) continue;
    problems.push({ skuId: state.skuId, state: state.state, error: isNoError(state.error) ? 'Other' : (state.error as string) });
  }
  return problems;
}

/** Equal as sets (both absent counts as equal: the SKU is not held, and is not wanted). */
function samePlansOrBothUnheld(held: readonly string[] | undefined, wanted: readonly string[] | undefined): boolean {
  if (held === undefined || wanted === undefined) return held === wanted;
  return samePlanSet(held, wanted);
}

function sameId(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}
