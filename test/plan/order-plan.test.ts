import { describe, expect, it } from 'vitest';
import { sortChecks, sortOperations } from '../../src/plan/order-plan.js';
import { aCheck, anOperation, assignChange, aUser, SKU } from '../support/plan-fixtures.js';

/**
 * The order a reviewer reads: names compare lower-cased first (so `a_b` comes before `aab`,
 * as `_` sorts before letters), then as written; a check about no principal or no SKU comes
 * before the ones about a principal or a SKU.
 */
describe('plan order', () => {
  it('sorts operations by lower-cased name, then by the name as written', () => {
    const names = ['aab@contoso.com', 'A_B@contoso.com', 'a_b@contoso.com', 'Aab@contoso.com'];
    const sorted = sortOperations(names.map((name) => anOperation(aUser(name), [assignChange(SKU.SPE_E3)])));
    expect(sorted.map((op) => op.principal.name)).toEqual(['A_B@contoso.com', 'a_b@contoso.com', 'Aab@contoso.com', 'aab@contoso.com']);
  });

  it('sorts checks of one code by principal, lower-cased first, then by SKU, the general ones first', () => {
    const checks = [
      aCheck('seats-insufficient', 'error', 'short', { sku: SKU.SPE_E3 }),
      aCheck('seats-insufficient', 'error', 'short', { principal: aUser('aab@contoso.com') }),
      aCheck('seats-insufficient', 'error', 'short', { principal: aUser('a_b@contoso.com') }),
      aCheck('seats-insufficient', 'error', 'short', { principal: aUser('a_b@contoso.com'), sku: SKU.SPE_E3 }),
      aCheck('seats-insufficient', 'error', 'short', { sku: SKU.POWER_BI_PRO }),
      aCheck('seats-insufficient', 'error', 'short', { sku: { ...SKU.SPE_E3, skuId: '0f1e2d3c-0000-4000-a000-000000000001', skuPartNumber: 'SPEAK' } }),
      aCheck('seats-insufficient', 'error', 'short'),
    ];
    expect(sortChecks(checks).map((c) => `${c.principal?.name ?? '-'} ${c.sku?.skuPartNumber ?? '-'}`)).toEqual([
      '- -',
      '- POWER_BI_PRO',
      '- SPE_E3',
      '- SPEAK',
      'a_b@contoso.com -',
      'a_b@contoso.com SPE_E3',
      'aab@contoso.com -',
    ]);
  });
});
