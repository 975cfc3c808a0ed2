import { describe, expect, it } from 'vitest';
import { validateSavedPlan } from '../../src/config/validate-saved-plan.js';
import { generatePlanWorkload } from '../../bench/plan-workload.js';
import { aSource } from '../support/builders.js';
import { runPlan } from './plan-kit.js';

describe('computePlan output', () => {
  it('is a plan the saved-plan schema accepts, blocking checks included', () => {
    const { desired, snapshot } = generatePlanWorkload(200);
    const reserve = { [snapshot.skus[0]?.skuId ?? '']: 1_000 };
    const plan = runPlan(
      { ...desired, tenant: { value: 'fabrikam.onmicrosoft.com', source: aSource() }, settings: { ...desired.settings, maxRemovals: 1, seatReserve: reserve } },
      snapshot,
      { skuDisplayName: () => 'Product', servicePlanFriendlyName: () => 'Plan' },
    );
    expect(new Set(plan.checks.map((c) => c.severity))).toEqual(new Set(['error', 'warning', 'note']));
    expect(validateSavedPlan(JSON.parse(JSON.stringify(plan)))).toEqual({ plan: JSON.parse(JSON.stringify(plan)) });
  });
});
