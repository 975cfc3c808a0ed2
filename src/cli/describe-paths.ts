import type { Plan } from '../model/plan.js';

/** The config a plan is for, as the user named it: one sticky comment, drift issue and summary per config. */
export function configPathOf(plan: Pick<Plan, 'configFiles'>): string {
  return plan.configFiles.join(' ') || 'skuform';
}
