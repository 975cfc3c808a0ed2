import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { CATEGORIES_WITH_OPERATION, WORKLOAD_CATEGORIES, generatePlanWorkload } from '../../bench/plan-workload.js';
import { runPlan } from './plan-kit.js';

const USERS = 100_000;

function countCodes(plan: Plan): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const check of plan.checks) counts[check.code] = (counts[check.code] ?? 0) + 1;
  return counts;
}

describe('planning 100,000 listed users against a 100,000-user snapshot', () => {
  it('plans every user by its category', () => {
    const { desired, snapshot } = generatePlanWorkload(USERS);
    const plan = runPlan(desired, snapshot);
    const perCategory = USERS / WORKLOAD_CATEGORIES;

    const userOps = plan.operations.filter((op) => op.principal.kind === 'user');
    expect(userOps).toHaveLength(CATEGORIES_WITH_OPERATION.length * perCategory);
    const categories = new Set(userOps.map((op) => Number(op.principal.name.slice(4, 10)) % WORKLOAD_CATEGORIES));
    expect([...categories].sort()).toEqual([...CATEGORIES_WITH_OPERATION]);
    const groupOps = plan.operations.filter((op) => op.principal.kind === 'group');
    expect(groupOps.map((op) => [op.principal.name, op.phase, op.memberCount])).toEqual([['Team-0', 'acquire', USERS / 5]]);

    // assign: cat 2, 4 (E5), 5 + Team-0; update: cat 1, 9; remove: cat 3, 4 (E3).
    expect(plan.summary).toEqual({ assign: 3 * perCategory + 1, update: 2 * perCategory, remove: 2 * perCategory, principals: 6 * perCategory + 1, removals: 2 * perCategory, errors: 0, warnings: 3 * perCategory });
    expect(plan.blocked).toBe(false);
    expect(plan.seats.map((row) => [row.sku.skuPartNumber, row.change])).toEqual([
      ['POWER_BI_PRO', perCategory],
      ['SPE_E3', 0],
      ['SPE_E5', perCategory],
    ]);
    // inherited-kept: cat 7 keeps E3, cat 0 gets POWER_BI_PRO through Team-0; redundant-direct:
    // cat 8 (E3) and cat 5 (POWER_BI_PRO through Team-0); data-loss-risk: cat 3.
    expect(countCodes(plan)).toEqual({ 'inherited-kept': 2 * perCategory, 'redundant-direct': 2 * perCategory, 'data-loss-risk': perCategory });

    const summed: Record<string, number> = {};
    for (const op of plan.operations) for (const [skuId, delta] of Object.entries(op.seatDelta)) summed[skuId] = (summed[skuId] ?? 0) + delta;
    for (const row of plan.seats) expect(summed[row.sku.skuId] ?? 0).toBe(row.change);
  });
});
