import { describe, expect, it } from 'vitest';
import type { AssignedLicense } from '../../../src/model/tenant.js';
import { sameAssignedLicenses, samePlanSet } from '../../../src/stores/semantics/derive-assigned-licenses.js';
import { PLAN, SKU } from '../../support/contract-tenant.js';

const license = (skuId: string, ...disabledPlans: string[]): AssignedLicense => ({ skuId, disabledPlans });

describe('sameAssignedLicenses', () => {
  it.each<[string, AssignedLicense[], AssignedLicense[], boolean]>([
    ['the same licenses in the same order', [license(SKU.e3, PLAN.mfa), license(SKU.e5)], [license(SKU.e3, PLAN.mfa), license(SKU.e5)], true],
    ['the same licenses in another order', [license(SKU.e3, PLAN.mfa), license(SKU.e5)], [license(SKU.e5), license(SKU.e3, PLAN.mfa)], true],
    ['the same plans in another order and case', [license(SKU.e3, PLAN.mfa, PLAN.intune)], [license(SKU.e3, PLAN.intune.toUpperCase(), PLAN.mfa)], true],
    ['the same SKUs in another case and order', [license(SKU.e3.toUpperCase()), license(SKU.e5)], [license(SKU.e5), license(SKU.e3)], true],
    ['one license more', [license(SKU.e3)], [license(SKU.e3), license(SKU.e5)], false],
    ['another SKU', [license(SKU.e3)], [license(SKU.e5)], false],
    ['the first license equal, the second with a plan more', [license(SKU.e3), license(SKU.e5)], [license(SKU.e3), license(SKU.e5, PLAN.aadP2)], false],
    ['the first license equal in another order, the second with a plan more', [license(SKU.e3), license(SKU.e5)], [license(SKU.e5, PLAN.aadP2), license(SKU.e3)], false],
    ['a plan more at the end', [license(SKU.e3, PLAN.mfa)], [license(SKU.e3, PLAN.mfa, PLAN.intune)], false],
    ['a plan less at the end', [license(SKU.e3, PLAN.mfa, PLAN.intune)], [license(SKU.e3, PLAN.mfa)], false],
    ['another plan, the same count', [license(SKU.e3, PLAN.mfa)], [license(SKU.e3, PLAN.intune)], false],
    ['the first plan equal, the second another', [license(SKU.e3, PLAN.mfa, PLAN.intune)], [license(SKU.e3, PLAN.mfa, PLAN.exchange)], false],
  ])('%s: %s', (_name, a, b, expected) => {
    expect(sameAssignedLicenses(a, b)).toBe(expected);
    expect(sameAssignedLicenses(b, a)).toBe(expected);
  });

  it('finds a list equal to an identical one even when it names a SKU twice (a tenant file may)', () => {
    const twice = [license(SKU.e3, PLAN.mfa), license(SKU.e3)];
    expect(sameAssignedLicenses(twice, twice.map((entry) => ({ ...entry, disabledPlans: [...entry.disabledPlans] })))).toBe(true);
  });
});

describe('samePlanSet', () => {
  it.each<[string, string[], string[], boolean]>([
    ['no plans', [], [], true],
    ['the same plans in another order and case', [PLAN.mfa, PLAN.intune], [PLAN.intune.toUpperCase(), PLAN.mfa], true],
    ['a plan listed twice', [PLAN.mfa, PLAN.mfa], [PLAN.mfa], true],
    ['a plan more', [PLAN.mfa], [PLAN.mfa, PLAN.intune], false],
    ['another plan', [PLAN.mfa], [PLAN.intune], false],
    ['one plan against none', [PLAN.mfa], [], false],
  ])('%s: %s', (_name, a, b, expected) => {
    expect(samePlanSet(a, b)).toBe(expected);
    expect(samePlanSet(b, a)).toBe(expected);
  });
});
