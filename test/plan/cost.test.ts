import { describe, expect, it } from 'vitest';
import type { DesiredSettings } from '../../src/model/desired.js';
import type { TenantUser } from '../../src/model/tenant.js';
import { addMembers, aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSku, aSnapshot, aUser } from '../support/builders.js';
import { E3, E5, PBI, runPlan } from './plan-kit.js';

const EUR = { code: 'EUR', digits: 2 };
const person = (name: string, states: TenantUser['licenseAssignmentStates'] = []): TenantUser =>
  aUser({ userPrincipalName: `${name}@contoso.com`, licenseAssignmentStates: states });
const priced = (prices: Record<string, bigint>, extra: Partial<DesiredSettings> = {}): Partial<DesiredSettings> => ({ currency: EUR, prices, ...extra });

describe('the cost of a plan', () => {
  it('is absent without prices, so plans of configs without prices do not change', () => {
    const plan = runPlan(aDesired({ users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E3.skuId)])] }), aSnapshot({ skus: [E3], users: [person('ann')] }));
    expect(plan.cost).toBeUndefined();
  });

  it('prices the seats a swap adds and frees, per SKU and in total, in exact decimals', () => {
    const ann = person('ann', [aLicenseState(E3.skuId)]);
    const desired = aDesired({
      users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E5.skuId)]), aDesiredPrincipal('user', 'bob@contoso.com', [aDesiredLicense(E5.skuId)])],
      settings: { managedSkuIds: [E3.skuId, E5.skuId], ...priced({ [E3.skuId]: 3370n, [E5.skuId]: 5470n }, { billing: 'annual' }) },
    });
    const plan = runPlan(desired, aSnapshot({ skus: [E3, E5], users: [ann, person('bob')] }));
    expect(plan.cost).toEqual({
      currency: 'EUR', minorDigits: 2, billing: 'annual',
      skus: [
        { sku: expect.objectContaining({ skuPartNumber: 'SPE_E3' }), unitPrice: '33.70', seatsAdded: 0, seatsFreed: 1, added: '0.00', freed: '33.70', net: '-33.70' },
        { sku: expect.objectContaining({ skuPartNumber: 'SPE_E5' }), unitPrice: '54.70', seatsAdded: 2, seatsFreed: 0, added: '109.40', freed: '0.00', net: '109.40' },
      ],
      total: { seatsAdded: 2, seatsFreed: 1, added: '109.40', freed: '33.70', net: '75.70' },
      unpriced: [],
    });
  });

  it('counts group fan-out exactly like the seat forecast: once per member who does not hold the SKU yet', () => {
    const holder = person('has-it', [aLicenseState(PBI.skuId)]);
    const { group, users } = addMembers(aGroup({ displayName: 'Analysts' }), [person('a'), person('b'), person('c'), holder]);
    const desired = aDesired({
      groups: [aDesiredPrincipal('group', 'Analysts', [aDesiredLicense(PBI.skuId)])],
      settings: priced({ [PBI.skuId]: 1310n }),
    });
    const plan = runPlan(desired, aSnapshot({ skus: [PBI], users, groups: [group] }));
    const seatChange = plan.seats.find((row) => row.sku.skuId === PBI.skuId)?.change;
    expect(seatChange).toBe(3);
    expect(plan.cost?.skus[0]).toMatchObject({ seatsAdded: 3, seatsFreed: 0, added: '39.30', net: '39.30' });
  });

  it('names a SKU without a price instead of guessing, and leaves it out of the total', () => {
    const desired = aDesired({
      users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E3.skuId), aDesiredLicense(PBI.skuId)])],
      settings: priced({ [E3.skuId]: 3370n }),
    });
    const plan = runPlan(desired, aSnapshot({ skus: [E3, PBI], users: [person('ann')] }));
    expect(plan.cost?.unpriced.map((s) => s.skuPartNumber)).toEqual(['POWER_BI_PRO']);
    expect(plan.cost?.skus.find((r) => r.sku.skuId === PBI.skuId)).toMatchObject({ unitPrice: null, seatsAdded: 1, added: null, net: null });
    expect(plan.cost?.total).toEqual({ seatsAdded: 1, seatsFreed: 0, added: '33.70', freed: '0.00', net: '33.70' });
  });

  // Only SKUs whose seats move need a price: one that only frees seats does, one the plan
  // leaves alone does not, and a managed SKU the tenant does not subscribe to has no row.
  it('asks for the prices of SKUs whose seats move, freeing included, and rows only subscribed SKUs', () => {
    const GONE = aSku({ skuPartNumber: 'GONE' });
    const ann = person('ann', [aLicenseState(PBI.skuId), aLicenseState(E5.skuId)]);
    const desired = aDesired({
      users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E5.skuId)])],
      settings: { managedSkuIds: [E3.skuId, E5.skuId, PBI.skuId, GONE.skuId], ...priced({ [E3.skuId]: 3370n }) },
    });
    const plan = runPlan(desired, aSnapshot({ skus: [E3, E5, PBI], users: [ann] }));
    expect(plan.cost?.unpriced.map((s) => s.skuPartNumber)).toEqual(['POWER_BI_PRO']);
    expect(plan.cost?.skus.map((r) => [r.sku.skuPartNumber, r.seatsAdded, r.seatsFreed])).toEqual([['POWER_BI_PRO', 0, 1], ['SPE_E3', 0, 0], ['SPE_E5', 0, 0]]);
  });

  it.each([
    ['JPY', 0, 4500n, '4500'],
    ['BHD', 3, 12345n, '12.345'],
  ])('follows the minor unit of %s (%i decimals)', (code, digits, price, text) => {
    const desired = aDesired({ users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E3.skuId)])], settings: { currency: { code, digits }, prices: { [E3.skuId]: price } } });
    const plan = runPlan(desired, aSnapshot({ skus: [E3], users: [person('ann')] }));
    expect(plan.cost).toMatchObject({ currency: code, minorDigits: digits, total: { added: text, net: text } });
  });
});
