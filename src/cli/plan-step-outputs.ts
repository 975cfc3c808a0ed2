import type { Plan } from '../model/plan.js';
import { renderPlanSummaryLine } from '../render/render-plan-summary-line.js';

/** The action's outputs that describe a plan (the one `plan` saved, or the one `apply` and `comment` read). */
export interface PlanStepOutputs {
  /** `true` when the plan has changes and nothing blocks them, i.e. there is something to apply. */
  'has-changes': string;
  /** `true` when a check blocks the plan; empty without a plan. */
  blocked: string;
  'to-assign': string;
  'to-update': string;
  'to-remove': string;
  /** Net monthly cost of the seat changes as an exact decimal ("288.00", "-57.00"); empty without prices. */
  'monthly-cost': string;
  /** ISO 4217 code of `monthly-cost`; empty without prices. */
  currency: string;
  /** The plan's one-line outcome, e.g. `Plan: 7 to assign, 5 to update, 4 to remove; +10 seats, +€288.00 / month.` */
  summary: string;
}

/**
 * The outputs for a plan, or for no plan (a failed step, or a command without one): then
 * `has-changes` is `false` and the rest empty, so a later `if:` never mistakes a missing
 * value for zero changes.
 */
export function planStepOutputs(plan: Plan | undefined): PlanStepOutputs {
  if (plan === undefined) {
    return { 'has-changes': 'false', blocked: '', 'to-assign': '', 'to-update': '', 'to-remove': '', 'monthly-cost': '', currency: '', summary: '' };
  }
  const { assign, update, remove } = plan.summary;
  return {
    'has-changes': String(!plan.blocked && plan.operations.length > 0),
    blocked: String(plan.blocked),
    'to-assign': String(assign),
    'to-update': String(update),
    'to-remove': String(remove),
    'monthly-cost': plan.cost?.total.net ?? '',
    currency: plan.cost?.currency ?? '',
    summary: renderPlanSummaryLine(plan),
  };
}
