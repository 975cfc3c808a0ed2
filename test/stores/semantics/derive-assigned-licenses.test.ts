import { describe, expect, it } from 'vitest';
import { samePlanSet, type AssignedLicense } from '../../../src/model/tenant.js';
import { sameAssignedLicenses } from '../../../src/stores/semantics/derive-assigned-licenses.js';
import { PLAN, SKU } from '../../support/contract-tenant.js';

const license = (skuId: string, ...disabledPlans: string[]): AssignedLicense => ({ skuId, disabledPlans });

describe('sameAssignedLicenses', () => {
  it.each<[string, boolean, AssignedLicense[], AssignedLicense[]]>([
    ['the same licenses in the same order', true, [license(SKU.e3, PLAN.mfa), license(SKU.e5)], [license(SKU.e3, PLAN.mfa), license(SKU.e5)]],
    ['the same licenses in another order', true, [license(SKU.e3, PLAN.mfa), license(SKU.e5)], [license(SKU.e5), license(SKU.e3, PLAN.mfa)]],
    ['the same plans in another order and case', true, [license(SKU.e3, PLAN.mfa, PLAN.intune)], [license(SKU.e3, PLAN.intune.toUpperCase(), PLAN.mfa)]],
    ['the same SKUs in another case and order', true, [license(SKU.e3.toUpperCase()), license(SKU.e5)], [license(SKU.e5), license(SKU.e3)]],
    ['one license more', false, [license(SKU.e3)], [license(SKU.e3), license(SKU.e5)]],
    ['another SKU', false, [license(SKU.e3)], [license(SKU.e5)]],
    ['the first license equal, the second with a plan more', false, [license(SKU.e3), license(SKU.e5)], [license(SKU.e3), license(SKU.e5, PLAN.aadP2)]],
    ['the first license equal in another order, the second with a plan more', false, [license(SKU.e3), license(SKU.e5)], [license(SKU.e5, PLAN.aadP2), license(SKU.e3)]],
    ['a plan more at the end', false, [license(SKU.e3, PLAN.mfa)], [license(SKU.e3, PLAN.mfa, PLAN.intune)]],
    ['a plan less at the end', false, [license(SKU.e3, PLAN.mfa, PLAN.intune)], [license(SKU.e3, PLAN.mfa)]],
    ['another plan, the same count', false, [license(SKU.e3, PLAN.mfa)], [license(SKU.e3, PLAN.intune)]],
    ['the first plan equal, the second another', false, [license(SKU.e3, PLAN.mfa, PLAN.intune)], [license(SKU.e3, PLAN.mfa, PLAN.exchange)]],
  ])('%s: equal is %s', (_name, expected, a, b) => {
    expect(sameAssignedLicenses(a, b)).toBe(expected);
    expect(sameAssignedLicenses(b, a)).toBe(expected);
  });

  it('finds a list equal to an identical one even when it names a SKU twice (a tenant file may)', () => {
    const twice = [license(SKU.e3, PLAN.mfa), license(SKU.e3)];
    expect(sameAssignedLicenses(twice, twice.map((entry) => ({ ...entry, disabledPlans: [...entry.disabledPlans] })))).toBe(true);
  });
});

describe('samePlanSet', () => {
  it.each<[string, boolean, string[], string[]]>([
    ['no plans', true, [], []],
    ['the same plans in another order and case', true, [PLAN.mfa, PLAN.intune], [PLAN.intune.toUpperCase(), PLAN.mfa]],
    ['a plan listed twice', true, [PLAN.mfa, PLAN.mfa], [PLAN.mfa]],
    ['a plan more', false, [PLAN.mfa], [PLAN.mfa, PLAN.intune]],
    ['another plan', false, [PLAN.mfa], [PLAN.intune]],
    ['one plan against none', false, [PLAN.mfa], []],
  ])('%s: equal is %s', (_name, expected, a, b) => {
    expect(samePlanSet(a, b)).toBe(expected);
    expect(samePlanSet(b, a)).toBe(expected);
  });
});
