import { describe, expect, it } from 'vitest';
import { countFreeSeats as forecastFreeSeats } from '../../../src/model/seat-rules.js';
import { countFreeSeats, loadTenantState } from '../../../src/stores/semantics/index.js';
import { aSku, aTenant, aUser } from '../../support/builders.js';

describe('countFreeSeats', () => {
  it.each([
    [10, 0, 4, 6],
    [10, 3, 4, 6],
    [5, 5, 5, 0],
    [5, 2, 6, -1],
  ])('with %i enabled, %i in their grace period and %i consumed, counts grace units as free: %i', (total, warning, consumedUnits, free) => {
    const sku = aSku({ skuPartNumber: 'SPE_E3', total, warning, consumedUnits });
    expect(countFreeSeats(sku)).toBe(free);
    // The plan's forecast stays on the safe side by default: there, grace units are taken.
    expect(forecastFreeSeats(sku, false)).toBe(free - warning);
  });

  it('lets a direct assignment take a seat that is only in its grace period', () => {
    const sku = aSku({ skuPartNumber: 'SPE_E5', total: 2, warning: 2, consumedUnits: 0 });
    const alice = aUser({ userPrincipalName: 'alice@contoso.com' });
    const { state } = loadTenantState({ tenant: aTenant(), subscribedSkus: [sku], users: [alice], groups: [] });
    const outcome = state.assignLicense('user', alice.id, { addLicenses: [{ skuId: sku.skuId, disabledPlans: [] }], removeLicenses: [] });
    expect(outcome).toMatchObject({ ok: true, status: 200, body: { assignedLicenses: [{ skuId: sku.skuId, disabledPlans: [] }] } });
    expect(state.freeSeats(sku.skuId)).toBe(1);
  });
});
