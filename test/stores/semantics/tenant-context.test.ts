import { describe, expect, it } from 'vitest';
import type { LicenseAssignmentState, TenantDocument } from '../../../src/model/tenant.js';
import { formatTimestamp, replaceUserStates, userHoldsSeat } from '../../../src/stores/semantics/tenant-context.js';
import { aGroup, aLicenseState, aSku, aTenant, aUser, guidFor, planId, skuIdOf } from '../../support/builders.js';
import { aTenantContext } from '../../support/semantics-context.js';

const E3 = skuIdOf('SPE_E3');
const E5 = skuIdOf('SPE_E5');
const UNSUBSCRIBED = guidFor('sku:not subscribed');
const SALES = aGroup({ displayName: 'Sales' }).id;
const SWAY = planId('SWAY');

const direct = (skuId: string, disabledPlans: string[] = []) => aLicenseState(skuId, { disabledPlans });
const viaSales = (skuId: string, state = 'Active') => aLicenseState(skuId, { group: SALES, state, error: state === 'Error' ? 'CountViolation' : null });

/** Alice with the given states, E3 and E5 with 3 and 1 seats taken, and the changes notified. */
function setUp(states: LicenseAssignmentState[]) {
  const user = aUser({ userPrincipalName: 'alice@contoso.com', licenseAssignmentStates: states });
  const doc: TenantDocument = {
    tenant: aTenant(),
    subscribedSkus: [aSku({ skuPartNumber: 'SPE_E3', consumedUnits: 3 }), aSku({ skuPartNumber: 'SPE_E5', consumedUnits: 1 })],
    users: [user],
    groups: [],
  };
  const { ctx, changes } = aTenantContext(doc);
  const consumed = () => doc.subscribedSkus.map((sku) => sku.consumedUnits);
  return { ctx, user, changes, consumed };
}

describe('userHoldsSeat', () => {
  it.each([
    { holding: 'a direct assignment', states: [direct(E3)], expected: true },
    { holding: 'a group assignment', states: [viaSales(E3)], expected: true },
    { holding: 'a failed group assignment only', states: [viaSales(E3, 'Error')], expected: false },
    { holding: 'a failed and a working source', states: [viaSales(E3, 'Error'), direct(E3)], expected: true },
    { holding: 'another SKU only', states: [direct(E5)], expected: false },
    { holding: 'nothing', states: [], expected: false },
  ])('is $expected for a user holding E3 through $holding', ({ states, expected }) => {
    expect(userHoldsSeat(aUser({ licenseAssignmentStates: states }), E3)).toBe(expected);
  });
});

describe('replaceUserStates', () => {
  it.each([
    { change: 'gaining a SKU takes a seat', before: [direct(E3)], after: [direct(E3), direct(E5)], consumed: [3, 2] },
    { change: 'losing a SKU frees its seat', before: [direct(E3), direct(E5)], after: [direct(E3)], consumed: [3, 0] },
    { change: 'a second source of a held SKU takes no seat', before: [direct(E3)], after: [direct(E3), viaSales(E3)], consumed: [3, 1] },
    { change: 'losing one of two sources keeps the seat', before: [direct(E3), viaSales(E3)], after: [viaSales(E3)], consumed: [3, 1] },
    { change: 'a group assignment failing frees the seat', before: [viaSales(E3)], after: [viaSales(E3, 'Error')], consumed: [2, 1] },
    { change: 'a SKU the tenant does not subscribe to counts nowhere', before: [], after: [direct(UNSUBSCRIBED)], consumed: [3, 1] },
  ])('keeps consumedUnits exact: $change', ({ before, after, consumed: expected }) => {
    const { ctx, user, consumed } = setUp(before);
    replaceUserStates(ctx, user, after);
    expect(consumed()).toEqual(expected);
  });

  it("sets the states, derives assignedLicenses and notifies, leaving the old arrays as they were", () => {
    const { ctx, user, changes } = setUp([direct(E3)]);
    const oldStates = user.licenseAssignmentStates;
    const oldAssigned = user.assignedLicenses;
    const next = [direct(E3, [SWAY]), viaSales(E5, 'Error')];
    replaceUserStates(ctx, user, next);
    expect(user.licenseAssignmentStates).toBe(next);
    expect(user.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [SWAY] }]);
    expect(changes).toEqual([{ kind: 'user', id: user.id }]);
    expect(oldStates).toEqual([direct(E3)]);
    expect(oldAssigned).toEqual([{ skuId: E3, disabledPlans: [] }]);
  });
});

describe('formatTimestamp', () => {
  it("writes Graph's form: UTC to the whole second, with Z", () => {
    expect(formatTimestamp(new Date('2026-02-03T04:05:06.789Z'))).toBe('2026-02-03T04:05:06Z');
  });
});
