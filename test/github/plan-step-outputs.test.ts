import { describe, expect, it } from 'vitest';
import { planStepOutputs } from '../../src/cli/plan-step-outputs.js';
import { aDesired, aDesiredLicense, aDesiredPrincipal, aLicenseState, aSnapshot, aUser } from '../support/builders.js';
import { RENDER_SCENARIOS } from '../support/render-scenarios.js';
import { E3, E5, PBI, runPlan } from '../plan/plan-kit.js';

const scenario = (name: string) => {
  const make = RENDER_SCENARIOS[name];
  if (make === undefined) throw new Error(`no scenario ${name}`);
  return make();
};

/** Ann swaps E3 for E5 and Bob gets E5 (and, where priced, Power BI). */
function pricedPlan(prices: Record<string, bigint>) {
  const desired = aDesired({
    users: [
      aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E5.skuId)]),
      aDesiredPrincipal('user', 'bob@contoso.com', [aDesiredLicense(E5.skuId), aDesiredLicense(PBI.skuId)]),
    ],
    settings: { managedSkuIds: [E3.skuId, E5.skuId, PBI.skuId], currency: { code: 'EUR', digits: 2 }, prices },
  });
  const users = [aUser({ userPrincipalName: 'ann@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId)] }), aUser({ userPrincipalName: 'bob@contoso.com' })];
  return runPlan(desired, aSnapshot({ skus: [E3, E5, PBI], users }));
}

describe('planStepOutputs', () => {
  it.each([
    ['no changes', 'no-changes', { 'has-changes': 'false', blocked: 'false', 'to-assign': '0', 'to-update': '0', 'to-remove': '0', summary: 'No changes. The tenant matches the configuration.' }],
    ['changes', 'simple-assign-update-remove', { 'has-changes': 'true', blocked: 'false', 'to-assign': '3', 'to-update': '1', 'to-remove': '2', summary: 'Plan: 3 to assign, 1 to update, 2 to remove.' }],
    ['a blocked plan: nothing to apply', 'blocked-by-seats', { 'has-changes': 'false', blocked: 'true', 'to-assign': '2', 'to-update': '0', 'to-remove': '0' }],
  ])('%s', (_name, name, expected) => {
    expect(planStepOutputs(scenario(name))).toMatchObject({ ...expected, 'monthly-cost': '', currency: '' });
  });

  it('a blocked plan says why in its summary', () => {
    expect(planStepOutputs(scenario('blocked-by-seats')).summary).toMatch(/^Plan blocked by 2 errors: .*not enough seats/);
  });

  it('with prices: the net monthly cost as an exact decimal, its currency, and the cost in the summary', () => {
    const outputs = planStepOutputs(pricedPlan({ [E3.skuId]: 3370n, [E5.skuId]: 5470n, [PBI.skuId]: 1310n }));
    expect(outputs).toMatchObject({ 'has-changes': 'true', 'to-assign': '3', 'to-remove': '1', 'monthly-cost': '88.80', currency: 'EUR' });
    expect(outputs.summary).toBe('Plan: 3 to assign, 0 to update, 1 to remove; +2 seats, +€88.80 / month.');
  });

  it('a plan that frees more than it adds has a negative cost; SKUs without a price are named, not guessed', () => {
    const outputs = planStepOutputs(pricedPlan({ [E3.skuId]: 20000n, [E5.skuId]: 5470n }));
    expect(outputs['monthly-cost']).toBe('-90.60');
    expect(outputs.summary).toContain('(POWER_BI_PRO has no price)');
  });

  it('without a plan: has-changes false and every other value empty, never a count of 0', () => {
    expect(planStepOutputs(undefined)).toEqual({
      'has-changes': 'false', blocked: '', 'to-assign': '', 'to-update': '', 'to-remove': '', 'monthly-cost': '', currency: '', summary: '',
    });
  });
});
