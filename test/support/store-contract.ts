import { afterEach, describe, expect, it } from 'vitest';
import type { ReleaseLock, Store } from '../../src/model/store.js';
import type { TenantDocument } from '../../src/model/tenant.js';
import { GROUP, PLAN, SKU, STAMP, TENANT_ID, USER, contractTenant } from './contract-tenant.js';
import { describeGroupWriteContract } from './store-contract-groups.js';
import type { ContractHarness, MakeStore, StoreUnderTest } from './store-contract-kit.js';
import { describeUserWriteContract } from './store-contract-users.js';

export type { MakeStore, StoreUnderTest } from './store-contract-kit.js';

/**
 * The one contract every Store implementation passes (file, in-memory, Graph over HTTP
 * against the emulator): reads, key resolution, holders, members, every assignLicense rule
 * with Graph's exact status, code and message, seat counting, group fan-out, and batches.
 * Each test starts from {@link contractTenant} (or a variant) in a store of its own.
 */
export function describeStoreContract(name: string, makeStore: MakeStore): void {
  describe(`${name}: Store contract`, () => {
    const opened: StoreUnderTest[] = [];
    const locks: ReleaseLock[] = [];
    const harness: ContractHarness = {
      async open(doc?: TenantDocument): Promise<Store> {
        const made = await makeStore(doc ?? contractTenant());
        opened.push(made);
        return made.store;
      },
      async openLocked(doc?: TenantDocument): Promise<Store> {
        const store = await harness.open(doc);
        locks.push(await store.lock());
        return store;
      },
      async reopen(): Promise<Store | undefined> {
        const last = opened[opened.length - 1];
        return last?.reopen === undefined ? undefined : last.reopen();
      },
    };
    afterEach(async () => {
      for (const release of locks.splice(0)) await release();
      for (const made of opened.splice(0).reverse()) {
        await made.store.close();
        await made.cleanup();
      }
    });

    describeReadContract(harness);
    describeUserWriteContract(harness);
    describeGroupWriteContract(harness);
  });
}

function describeReadContract(harness: ContractHarness): void {
  describe('reads', () => {
    it('gives the tenant and every subscribed SKU with seats and plans', async () => {
      const store = await harness.open();
      const overview = await store.readOverview();
      expect(overview.tenant).toEqual({ id: TENANT_ID, displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com', countryLetterCode: 'NL' });
      expect(overview.skus.map((sku) => [sku.skuPartNumber, sku.consumedUnits, sku.prepaidUnits.enabled])).toEqual([
        ['SPE_E3', 3, 10], ['SPE_E5', 0, 2], ['POWER_BI_PRO', 1, 1], ['TENANT_ADDON', 0, 1],
      ]);
      const e3 = overview.skus[0];
      expect(e3?.servicePlans.map((plan) => plan.servicePlanName)).toEqual(['EXCHANGE_S_ENTERPRISE', 'INTUNE_A', 'AAD_PREMIUM', 'MFA_PREMIUM']);
      expect(overview.skus[3]?.appliesTo).toBe('Company');
    });

    it('resolves users by userPrincipalName in any case and by id; unknown keys resolve to nothing', async () => {
      const store = await harness.open();
      const snapshot = await store.readSnapshot({ users: ['ALICE@Contoso.com', USER.dave, 'nobody@contoso.com'], groups: [], holdersOf: [], members: false });
      expect(snapshot.resolved.users).toEqual(new Map([['ALICE@Contoso.com', [USER.alice]], [USER.dave, [USER.dave]], ['nobody@contoso.com', []]]));
      expect(snapshot.users.map((user) => user.id).sort()).toEqual([USER.alice, USER.dave]);
      const alice = snapshot.users.find((user) => user.id === USER.alice);
      expect(alice).toMatchObject({ userPrincipalName: 'alice@contoso.com', accountEnabled: true, usageLocation: 'NL', assignedLicenses: [{ skuId: SKU.e3, disabledPlans: [PLAN.intune] }] });
      expect(alice?.licenseAssignmentStates).toEqual([
        { skuId: SKU.e3, assignedByGroup: null, state: 'Active', error: null, disabledPlans: [PLAN.intune], lastUpdatedDateTime: STAMP },
      ]);
      expect(snapshot.groups).toEqual([]);
    });

    it('resolves groups by display name in any case and by id; a shared name resolves to every group', async () => {
      const store = await harness.open();
      const snapshot = await store.readSnapshot({ users: [], groups: ['sales', GROUP.engineering, 'Marketing', 'Nobody'], holdersOf: [], members: false });
      expect(snapshot.resolved.groups.get('sales')).toEqual([GROUP.sales]);
      expect(snapshot.resolved.groups.get(GROUP.engineering)).toEqual([GROUP.engineering]);
      expect([...(snapshot.resolved.groups.get('Marketing') ?? [])].sort()).toEqual([GROUP.marketingA, GROUP.marketingB]);
      expect(snapshot.resolved.groups.get('Nobody')).toEqual([]);
      expect(snapshot.groups.map((group) => group.id).sort()).toEqual([GROUP.sales, GROUP.engineering, GROUP.marketingA, GROUP.marketingB].sort());
      const sales = snapshot.groups.find((group) => group.id === GROUP.sales);
      expect(sales).toMatchObject({ displayName: 'Sales', securityEnabled: true, assignedLicenses: [{ skuId: SKU.e3, disabledPlans: [PLAN.mfa] }], members: [] });
      expect(snapshot.users).toEqual([]);
    });

    it('walks the holders of SKUs: direct assignees and assigning groups, not inherited-only users', async () => {
      const store = await harness.open();
      const snapshot = await store.readSnapshot({ users: [], groups: [], holdersOf: [SKU.e3, SKU.e5], members: false });
      expect(snapshot.users.map((user) => user.id).sort()).toEqual([USER.alice, USER.dave]);
      expect(snapshot.groups.map((group) => group.id)).toEqual([GROUP.sales]);
      expect([...snapshot.holdersOf].sort()).toEqual([SKU.e3, SKU.e5].sort());
    });

    it('lists the user members of returned groups and includes them among the users, each object once', async () => {
      const store = await harness.open();
      const snapshot = await store.readSnapshot({ users: ['carol@contoso.com', USER.carol], groups: ['Sales', GROUP.sales], holdersOf: [SKU.e3], members: true });
      expect(snapshot.groups).toHaveLength(1);
      expect([...(snapshot.groups[0]?.members ?? [])].sort()).toEqual([USER.carol, USER.dave]);
      expect(snapshot.users.map((user) => user.id).sort()).toEqual([USER.alice, USER.carol, USER.dave]);
      const carol = snapshot.users.find((user) => user.id === USER.carol);
      expect(carol?.licenseAssignmentStates).toEqual([
        { skuId: SKU.e3, assignedByGroup: GROUP.sales, state: 'Active', error: null, disabledPlans: [PLAN.mfa], lastUpdatedDateTime: STAMP },
      ]);
    });

    it('returns snapshots that later writes do not change', async () => {
      const store = await harness.openLocked();
      const before = await store.readSnapshot({ users: ['alice@contoso.com'], groups: [], holdersOf: [], members: false });
      const copy = structuredClone(before);
      await store.applyBatch([{ principal: { kind: 'user', id: USER.alice }, addLicenses: [], removeLicenses: [SKU.e3] }]);
      expect(before).toEqual(copy);
    });

    it('returns snapshots that later updates in place and group fan-out do not change', async () => {
      const store = await harness.openLocked();
      const before = await store.readSnapshot({ users: ['alice@contoso.com', 'dave@contoso.com'], groups: ['Sales'], holdersOf: [SKU.e3], members: true });
      const copy = structuredClone(before);
      const results = await store.applyBatch([
        { principal: { kind: 'user', id: USER.alice }, addLicenses: [{ skuId: SKU.e3, disabledPlans: [PLAN.exchange] }], removeLicenses: [] },
        { principal: { kind: 'group', id: GROUP.sales }, addLicenses: [{ skuId: SKU.e3, disabledPlans: [] }], removeLicenses: [] },
      ]);
      expect(results.map((result) => result.ok)).toEqual([true, true]);
      const after = await store.readSnapshot({ users: ['alice@contoso.com', 'dave@contoso.com'], groups: ['Sales'], holdersOf: [SKU.e3], members: true });
      expect(after).not.toEqual(copy);
      expect(before).toEqual(copy);
    });
  });
}
