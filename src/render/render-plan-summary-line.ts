import type { Plan } from '../model/plan.js';
import { countOf } from './format-names.js';
import { checksOf, describeBlockingReasons } from './describe-check.js';
import { describeCostHeadline } from './format-money.js';

/** `3 to assign, 1 to update, 2 to remove` */
export function formatChangeCounts(plan: Plan): string {
  const { assign, update, remove } = plan.summary;
  return `${assign} to assign, ${update} to update, ${remove} to remove`;
}

/**
 * The one-line outcome of a plan, for the CLI and watch logs:
 * `Plan: 3 to assign, 1 to update, 2 to remove.` (with prices:
 * `Plan: 3 to assign, 1 to update, 2 to remove; +2 seats, +€67.50 / month.`),
 * `No changes. The tenant matches the configuration.` or
 * `Plan blocked by 2 errors: not enough seats (SPE_E5); too many removals. Held back: ...`.
 */
export function renderPlanSummaryLine(plan: Plan): string {
  if (plan.blocked) {
    const errors = countOf(checksOf(plan, 'error').length, 'error');
    return `Plan blocked by ${errors}: ${describeBlockingReasons(plan)}. Held back: ${formatChangeCounts(plan)}.`;
  }
  if (plan.operations.length === 0) return 'No changes. The tenant matches the configuration.';
  const cost = describeCostHeadline(plan);
  return `Plan: ${formatChangeCounts(plan)}${cost === undefined ? '' : `; ${cost}`}.`;
}
