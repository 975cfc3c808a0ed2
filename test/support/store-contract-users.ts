import { describe, expect, it } from 'vitest';
import { PLAN, SKU, USER, contractTenant } from './contract-tenant.js';
import {
  add,
  applyOne,
  expectFailure,
  licensesOf,
  readSku,
  readUser,
  request,
  statesOf,
  type ContractHarness,
} from './store-contract-kit.js';

const BAD = 'Request_BadRequest';

/** Direct assignLicense on users: effects, seats and every refusal. */
export function describeUserWriteContract(harness: ContractHarness): void {
  describe('user assignLicense', () => {
    it('assigns a SKU with its disabled plans and takes one seat', async () => {
      const store = await harness.openLocked();
      expect(await applyOne(store, request('user', USER.frank, [add(SKU.e5, [PLAN.defender])]))).toMatchObject({ ok: true, status: 200 });
      const frank = await readUser(store, USER.frank);
      expect(licensesOf(frank)).toEqual([{ skuId: SKU.e5, disabledPlans: [PLAN.defender] }]);
      expect(statesOf(frank)).toEqual([{ skuId: SKU.e5, group: null, state: 'Active', error: null, disabledPlans: [PLAN.defender] }]);
      expect((await readSku(store, SKU.e5)).consumedUnits).toBe(1);
    });

    it('re-adding an assigned SKU replaces its disabled plans in place without another seat', async () => {
      const store = await harness.openLocked();
      expect(await applyOne(store, request('user', 'alice@contoso.com', [add(SKU.e3, [PLAN.mfa, PLAN.exchange])]))).toMatchObject({ ok: true, status: 200 });
      const alice = await readUser(store, USER.alice);
      expect(statesOf(alice)).toEqual([{ skuId: SKU.e3, group: null, state: 'Active', error: null, disabledPlans: [PLAN.exchange, PLAN.mfa].sort() }]);
      expect(licensesOf(alice)).toEqual([{ skuId: SKU.e3, disabledPlans: [PLAN.exchange, PLAN.mfa].sort() }]);
      expect((await readSku(store, SKU.e3)).consumedUnits).toBe(3);
    });

    it('removes a direct SKU and frees its seat', async () => {
      const store = await harness.openLocked();
      expect(await applyOne(store, request('user', USER.alice, [], [SKU.e3]))).toMatchObject({ ok: true, status: 200 });
      expect((await readUser(store, USER.alice)).assignedLicenses).toEqual([]);
      expect((await readSku(store, SKU.e3)).consumedUnits).toBe(2);
    });

    it('swaps SKUs in one call (remove, then add)', async () => {
      const store = await harness.openLocked();
      expect(await applyOne(store, request('user', USER.alice, [add(SKU.e5)], [SKU.e3]))).toMatchObject({ ok: true });
      expect(licensesOf(await readUser(store, USER.alice))).toEqual([{ skuId: SKU.e5, disabledPlans: [] }]);
      expect((await readSku(store, SKU.e3)).consumedUnits).toBe(2);
      expect((await readSku(store, SKU.e5)).consumedUnits).toBe(1);
    });

    it('refuses every rule with Graph status, code and message, changing nothing', async () => {
      const store = await harness.openLocked();
      const cases: [ReturnType<typeof request>, number, string, string][] = [
        [request('user', USER.nobody, [add(SKU.e5)]), 404, 'Request_ResourceNotFound', `Resource '${USER.nobody}' does not exist or one of its queried reference-property objects are not present.`],
        [request('user', USER.frank, [add(SKU.unknown)]), 400, BAD, `License ${SKU.unknown} does not correspond to a valid company License.`],
        [request('user', USER.alice, [], [SKU.unknown]), 400, BAD, `License ${SKU.unknown} does not correspond to a valid company License.`],
        [request('user', USER.frank, [add(SKU.addon)]), 400, BAD, `License ${SKU.addon} cannot be assigned to a user.`],
        [request('user', USER.frank, [add(SKU.e5, [PLAN.mfa])]), 400, BAD, `Service plan ${PLAN.mfa} does not belong to the subscription of license ${SKU.e5}.`],
        [request('user', USER.bob, [add(SKU.e5)]), 400, BAD, 'License assignment cannot be done for user with invalid usage location.'],
        [request('user', USER.bob, [], [SKU.e3]), 400, BAD, 'User does not have a corresponding license.'],
        [request('user', USER.frank, [], [SKU.e3]), 400, BAD, 'User does not have a corresponding license.'],
        [request('user', USER.carol, [], [SKU.e3]), 400, BAD, 'User license is inherited from a group membership and it cannot be removed directly from the user.'],
        [request('user', USER.alice, [add(SKU.powerBi)]), 400, BAD, `Subscription with SKU ${SKU.powerBi} does not have any available licenses.`],
        [request('user', USER.alice, [add(SKU.e3)], [SKU.e3]), 400, BAD, `License ${SKU.e3} cannot be both added and removed in the same request.`],
        [request('user', USER.alice, [add('not-a-guid')]), 400, BAD, "Cannot convert a primitive value to the expected type 'Edm.Guid'. See the inner exception for more details."],
        [request('user', USER.alice, [add(SKU.e5, ['E5-PLAN'])]), 400, BAD, "Cannot convert a primitive value to the expected type 'Edm.Guid'. See the inner exception for more details."],
      ];
      const before = await store.readSnapshot({ users: [USER.alice, USER.bob, USER.carol, USER.frank], groups: [], holdersOf: [], members: false });
      const results = await store.applyBatch(cases.map(([one]) => one));
      cases.forEach(([, status, code, message], i) => expectFailure(results[i] ?? { ok: true, status: 0 }, status, code, message));
      const after = await store.readSnapshot({ users: [USER.alice, USER.bob, USER.carol, USER.frank], groups: [], holdersOf: [], members: false });
      expect(after).toEqual(before);
    });

    it('is all or nothing: one refused part leaves the valid parts undone', async () => {
      const store = await harness.openLocked();
      const result = await applyOne(store, request('user', USER.alice, [add(SKU.e5)], [SKU.powerBi]));
      expectFailure(result, 400, BAD, 'User does not have a corresponding license.');
      expect(licensesOf(await readUser(store, USER.alice))).toEqual([{ skuId: SKU.e3, disabledPlans: [PLAN.intune] }]);
      expect((await readSku(store, SKU.e5)).consumedUnits).toBe(0);
    });
  });

  describe('seats across sources', () => {
    it('keeps the seat and the inherited license when the direct assignment of an overlapping SKU goes', async () => {
      const store = await harness.openLocked();
      const before = await readUser(store, USER.dave);
      expect(licensesOf(before)).toEqual([{ skuId: SKU.e3, disabledPlans: [PLAN.mfa] }]);
      expect(await applyOne(store, request('user', USER.dave, [], [SKU.e3]))).toMatchObject({ ok: true });
      const dave = await readUser(store, USER.dave);
      expect(statesOf(dave).map((state) => state.group)).toEqual([expect.any(String)]);
      expect(licensesOf(dave)).toEqual([{ skuId: SKU.e3, disabledPlans: [PLAN.mfa] }]);
      expect((await readSku(store, SKU.e3)).consumedUnits).toBe(3);
    });

    it('lets a user who inherits a full SKU get it directly too, without another seat; enabled plans are the union', async () => {
      const doc = contractTenant();
      const e3 = doc.subscribedSkus[0];
      if (e3 !== undefined) e3.prepaidUnits.enabled = 3;
      const store = await harness.openLocked(doc);
      expect(await applyOne(store, request('user', USER.carol, [add(SKU.e3, [PLAN.intune])]))).toMatchObject({ ok: true, status: 200 });
      expect(licensesOf(await readUser(store, USER.carol))).toEqual([{ skuId: SKU.e3, disabledPlans: [] }]);
      expect((await readSku(store, SKU.e3)).consumedUnits).toBe(3);
      expectFailure(await applyOne(store, request('user', USER.frank, [add(SKU.e3)])), 400, BAD, `Subscription with SKU ${SKU.e3} does not have any available licenses.`);
    });

    it('refuses the seat after the last one and gives it out again once freed', async () => {
      const store = await harness.openLocked();
      const results = await store.applyBatch([
        request('user', USER.alice, [add(SKU.e5)]),
        request('user', USER.frank, [add(SKU.e5)]),
        request('user', USER.erin, [add(SKU.e5)]),
        request('user', USER.alice, [], [SKU.e5]),
        request('user', USER.erin, [add(SKU.e5)]),
      ]);
      expect(results.map((result) => result.ok)).toEqual([true, true, false, true, true]);
      expectFailure(results[2] ?? { ok: true, status: 0 }, 400, BAD, `Subscription with SKU ${SKU.e5} does not have any available licenses.`);
      expect((await readSku(store, SKU.e5)).consumedUnits).toBe(2);
    });
  });
}
