import type { DesiredState } from '../../src/model/desired.js';
import type { Plan } from '../../src/model/plan.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { computePlan } from '../../src/plan/compute-plan.js';
import type { PlanOptions } from '../../src/plan/plan-options.js';
import { aSku } from '../support/builders.js';

/** SKUs shaped like Microsoft's (plan names real, ids derived), shared by the planner tests. */
export const E3 = aSku({ skuPartNumber: 'SPE_E3', plans: ['EXCHANGE_S_ENTERPRISE', 'SHAREPOINTENTERPRISE', 'TEAMS1', 'SWAY', 'YAMMER_ENTERPRISE'] });
export const E5 = aSku({ skuPartNumber: 'SPE_E5', plans: ['EXCHANGE_S_ENTERPRISE', 'SHAREPOINTENTERPRISE', 'TEAMS1', 'SWAY', 'MCOEV'] });
export const PBI = aSku({ skuPartNumber: 'POWER_BI_PRO', plans: ['BI_AZURE_P2', 'EXCHANGE_S_FOUNDATION'] });
export const F3 = aSku({ skuPartNumber: 'SPE_F1', plans: ['EXCHANGE_S_DESKLESS', 'SHAREPOINTDESKLESS', 'TEAMS1'] });

export function runPlan(desired: DesiredState, snapshot: Snapshot, options: Partial<PlanOptions> = {}): Plan {
  return computePlan(desired, snapshot, { storeLocation: 'memory:test', configFiles: desired.files, ...options });
}

/** The checks with one code, in plan order. */
export function checksOf(plan: Plan, code: string): Plan['checks'] {
  return plan.checks.filter((c) => c.code === code);
}
