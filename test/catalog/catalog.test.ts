import { describe, expect, it } from 'vitest';
import { catalogAsSubscribedSkus, createCatalog, describePlan, describeSku, loadCatalog, planFriendlyName, skuDisplayName } from '../../src/catalog/index.js';

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const SWAY = 'a23b959c-7ce8-4e57-9140-b90eb88a9e97';

describe('the bundled catalogue', () => {
  const catalog = loadCatalog();

  it('looks SKUs up by id, part number (any case) and product name (any case and spacing)', () => {
    expect(catalog.skuById(E3.toUpperCase())?.skuPartNumber).toBe('SPE_E3');
    expect(catalog.skusByPartNumber('spe_e3').map((s) => s.skuId)).toEqual([E3]);
    expect(catalog.skusByDisplayName('  microsoft 365\u00a0E3 ').map((s) => s.skuPartNumber)).toEqual(['SPE_E3']);
  });

  it('keeps every GUID of a part number that has several (MCOPSTN5)', () => {
    expect(catalog.skusByPartNumber('MCOPSTN5').map((s) => s.skuId).sort()).toEqual(['54a152dc-90de-4996-93d2-bc47e670fc06', 'd43177b5-475b-4880-92d4-d54c27b5efbd']);
  });

  it('looks plans up by id, name and friendly name, and lists each SKU\'s plans', () => {
    expect(catalog.planById(SWAY)?.servicePlanName).toBe('SWAY');
    expect(catalog.plansByName('sway').map((p) => p.servicePlanId)).toEqual([SWAY]);
    expect(catalog.plansByFriendlyName('SWAY').map((p) => p.servicePlanId)).toEqual([SWAY]);
    expect(catalog.skuById(E3)?.servicePlans.map((p) => p.servicePlanName)).toContain('SWAY');
  });

  it('names the plan that the CSV glued to another one', () => {
    expect(catalog.planById('a64b30ba-f310-4065-b444-2670ef146db0')?.servicePlanName).toBe('PBI_PREMIUM_EM1_ADDON');
  });

  it('gives friendly names for renderers', () => {
    expect(skuDisplayName(catalog, E3)).toBe('Microsoft 365 E3');
    expect(planFriendlyName(catalog, SWAY)).toBe('Sway');
    expect(skuDisplayName(catalog, '00000000-0000-0000-0000-000000000000')).toBeUndefined();
    expect(describeSku(catalog, { skuId: E3, skuPartNumber: 'SPE_E3' })).toBe('Microsoft 365 E3 (SPE_E3)');
    expect(describeSku(catalog, { skuId: '00000000-0000-0000-0000-000000000000', skuPartNumber: 'CUSTOM' })).toBe('CUSTOM');
    expect(describePlan(catalog, { servicePlanId: SWAY, servicePlanName: 'SWAY' })).toBe('Sway (SWAY)');
  });

  it('turns into subscribed SKUs with no seats for offline validation', () => {
    const skus = catalogAsSubscribedSkus(catalog);
    expect(skus).toHaveLength(catalog.skus.length);
    const e3 = skus.find((s) => s.skuId === E3);
    expect(e3).toMatchObject({ skuPartNumber: 'SPE_E3', appliesTo: 'User', consumedUnits: 0, prepaidUnits: { enabled: 0 } });
    expect(e3?.servicePlans.find((p) => p.servicePlanId === SWAY)).toEqual({ servicePlanId: SWAY, servicePlanName: 'SWAY', provisioningStatus: 'Success', appliesTo: 'User' });
  });
});

describe('createCatalog', () => {
  it('rejects data whose SKUs point at plans that do not exist', () => {
    expect(() => createCatalog({ format: 1, source: 't', plans: [], skus: [[E3, 'SPE_E3', 'E3', [0]]] })).toThrow(/missing plan/u);
  });
});
