import { describe, expect, it } from 'vitest';
import { GROUP, PLAN, SKU, USER, contractTenant } from './contract-tenant.js';
import {
  add,
  applyOne,
  expectFailure,
  licensesOf,
  readGroup,
  readSku,
  readUser,
  request,
  statesOf,
  waitForGroupProcessing,
  type ContractHarness,
} from './store-contract-kit.js';

const BAD = 'Request_BadRequest';

/** Group assignLicense with member fan-out and its errors, then batches and re-reads. */
export function describeGroupWriteContract(harness: ContractHarness): void {
  describe('group assignLicense', () => {
    it('answers 202 and licenses every direct user member, using the tenant location for members without one', async () => {
      const store = await harness.openLocked();
      expect(await applyOne(store, request('group', GROUP.engineering, [add(SKU.e5, [PLAN.defender])]))).toMatchObject({ ok: true, status: 202 });
      expect(await waitForGroupProcessing(store, [GROUP.engineering])).toEqual([{ groupId: GROUP.engineering, state: 'ProcessingComplete', membersWithErrors: [] }]);
      const { group } = await readGroup(store, 'Engineering');
      expect(group.assignedLicenses).toEqual([{ skuId: SKU.e5, disabledPlans: [PLAN.defender] }]);
      for (const id of [USER.bob, USER.frank]) {
        const member = await readUser(store, id);
        expect(statesOf(member)).toEqual([{ skuId: SKU.e5, group: GROUP.engineering, state: 'Active', error: null, disabledPlans: [PLAN.defender] }]);
        expect(licensesOf(member)).toEqual([{ skuId: SKU.e5, disabledPlans: [PLAN.defender] }]);
      }
      expect((await readSku(store, SKU.e5)).consumedUnits).toBe(2);
    });

    it('records CountViolation for members beyond the free seats and reports them', async () => {
      const store = await harness.openLocked();
      expect(await applyOne(store, request('group', GROUP.analysts, [add(SKU.e5)]))).toMatchObject({ ok: true, status: 202 });
      const [processing] = await waitForGroupProcessing(store, [GROUP.analysts]);
      expect(processing?.membersWithErrors).toHaveLength(2);
      for (const error of processing?.membersWithErrors ?? []) {
        expect(error).toMatchObject({ skuId: SKU.e5, error: 'CountViolation' });
        const member = await readUser(store, error.userId);
        expect(statesOf(member).find((state) => state.skuId === SKU.e5)).toMatchObject({ state: 'Error', error: 'CountViolation' });
        expect(licensesOf(member).some((license) => license.skuId === SKU.e5)).toBe(false);
      }
      expect((await readSku(store, SKU.e5)).consumedUnits).toBe(2);
    });

    it('is all or nothing per member: one SKU failing puts every SKU of that group in error for that member', async () => {
      const store = await harness.openLocked();
      await applyOne(store, request('group', GROUP.analysts, [add(SKU.e3), add(SKU.powerBi)]));
      const [processing] = await waitForGroupProcessing(store, [GROUP.analysts]);
      const errors = (processing?.membersWithErrors ?? []).map((entry) => [entry.userId, entry.skuId, entry.error]).sort();
      const expected = [USER.alice, USER.bob, USER.frank].flatMap((user) => [[user, SKU.e3, 'Other'], [user, SKU.powerBi, 'CountViolation']]);
      expect(errors).toEqual(expected.sort());
      // erin already holds POWER_BI_PRO, so both SKUs of the group apply to her.
      expect(licensesOf(await readUser(store, USER.erin))).toEqual([{ skuId: SKU.e3, disabledPlans: [] }, { skuId: SKU.powerBi, disabledPlans: [] }].sort((a, b) => a.skuId.localeCompare(b.skuId)));
      // alice keeps her direct E3 although the group's E3 is in error for her.
      expect(licensesOf(await readUser(store, USER.alice))).toEqual([{ skuId: SKU.e3, disabledPlans: [PLAN.intune] }]);
      expect((await readSku(store, SKU.e3)).consumedUnits).toBe(4);
      expect((await readSku(store, SKU.powerBi)).consumedUnits).toBe(1);
    });

    it('records ProhibitedInUsageLocationViolation only when neither the member nor the tenant has a location', async () => {
      const store = await harness.openLocked(contractTenant({ countryLetterCode: null }));
      await applyOne(store, request('group', GROUP.engineering, [add(SKU.e5)]));
      const [processing] = await waitForGroupProcessing(store, [GROUP.engineering]);
      expect(processing?.membersWithErrors).toEqual([expect.objectContaining({ userId: USER.bob, skuId: SKU.e5, error: 'ProhibitedInUsageLocationViolation' })]);
      expect(licensesOf(await readUser(store, USER.frank))).toEqual([{ skuId: SKU.e5, disabledPlans: [] }]);
      expect((await readSku(store, SKU.e5)).consumedUnits).toBe(1);
    });

    it('removing a group license takes it from members who hold it only through the group', async () => {
      const store = await harness.openLocked();
      expect(await applyOne(store, request('group', GROUP.sales, [], [SKU.e3]))).toMatchObject({ ok: true, status: 202 });
      await waitForGroupProcessing(store, [GROUP.sales]);
      expect(statesOf(await readUser(store, USER.carol))).toEqual([]);
      expect(licensesOf(await readUser(store, USER.dave))).toEqual([{ skuId: SKU.e3, disabledPlans: [PLAN.intune, PLAN.mfa].sort() }]);
      expect((await readSku(store, SKU.e3)).consumedUnits).toBe(2);
    });

    it('updating the group disabled plans updates every member, intersecting with direct assignments', async () => {
      const store = await harness.openLocked();
      await applyOne(store, request('group', GROUP.sales, [add(SKU.e3, [PLAN.intune])]));
      await waitForGroupProcessing(store, [GROUP.sales]);
      expect(licensesOf(await readUser(store, USER.carol))).toEqual([{ skuId: SKU.e3, disabledPlans: [PLAN.intune] }]);
      expect(licensesOf(await readUser(store, USER.dave))).toEqual([{ skuId: SKU.e3, disabledPlans: [PLAN.intune] }]);
      expect((await readSku(store, SKU.e3)).consumedUnits).toBe(3);
    });

    it('refuses unknown groups, unknown SKUs and removal of a license the group does not have', async () => {
      const store = await harness.openLocked();
      const results = await store.applyBatch([
        request('group', GROUP.sales.replace('20', '29'), [add(SKU.e5)]),
        request('group', GROUP.sales, [add(SKU.unknown)]),
        request('group', GROUP.engineering, [], [SKU.e3]),
        request('group', GROUP.sales, [add(SKU.e5)], [SKU.e5]),
      ]);
      expectFailure(results[0] ?? { ok: true, status: 0 }, 404, 'Request_ResourceNotFound', `Resource '${GROUP.sales.replace('20', '29')}' does not exist or one of its queried reference-property objects are not present.`);
      expectFailure(results[1] ?? { ok: true, status: 0 }, 400, BAD, `License ${SKU.unknown} does not correspond to a valid company License.`);
      expectFailure(results[2] ?? { ok: true, status: 0 }, 400, BAD, 'Group does not have a corresponding license.');
      expectFailure(results[3] ?? { ok: true, status: 0 }, 400, BAD, `License ${SKU.e5} cannot be both added and removed in the same request.`);
      expect((await readGroup(store, GROUP.sales)).group.assignedLicenses).toEqual([{ skuId: SKU.e3, disabledPlans: [PLAN.mfa] }]);
    });
  });

  describe('batches', () => {
    it('aligns results with requests by index when some fail, applying the others in order', async () => {
      const store = await harness.openLocked();
      const results = await store.applyBatch([
        request('user', USER.frank, [add(SKU.e5)]),
        request('user', USER.bob, [add(SKU.e5)]),
        request('group', GROUP.marketingA, [add(SKU.e3)]),
        request('user', USER.erin, [add(SKU.e5)]),
      ]);
      expect(results.map((result) => [result.ok, result.status])).toEqual([[true, 200], [false, 400], [true, 202], [true, 200]]);
      expect((await readSku(store, SKU.e5)).consumedUnits).toBe(2);
    });

    it('shows the changes on re-reading, also through a fresh instance over the same data', async () => {
      const store = await harness.openLocked();
      await store.applyBatch([request('user', USER.frank, [add(SKU.e5)]), request('group', GROUP.engineering, [add(SKU.e3)])]);
      await waitForGroupProcessing(store, [GROUP.engineering]);
      for (const reader of [store, await harness.reopen()]) {
        if (reader === undefined) continue;
        expect(licensesOf(await readUser(reader, 'frank@contoso.com'))).toEqual([{ skuId: SKU.e3, disabledPlans: [] }, { skuId: SKU.e5, disabledPlans: [] }].sort((a, b) => a.skuId.localeCompare(b.skuId)));
        expect(statesOf(await readUser(reader, USER.bob))).toEqual([{ skuId: SKU.e3, group: GROUP.engineering, state: 'Active', error: null, disabledPlans: [] }]);
        expect((await readSku(reader, SKU.e3)).consumedUnits).toBe(5);
      }
    });
  });
}
