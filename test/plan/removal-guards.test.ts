import { describe, expect, it } from 'vitest';
import type { PlanOptions } from '../../src/plan/plan-options.js';
import type { DesiredState } from '../../src/model/desired.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { TenantGroup } from '../../src/model/tenant.js';
import { addMembers, aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSnapshot, aUser } from '../support/builders.js';
import { E3, PBI, runPlan } from './plan-kit.js';

const e3 = { skuId: E3.skuId, disabledPlans: [] };
const holder = (n: string) => aUser({ userPrincipalName: `${n}@contoso.com`, licenseAssignmentStates: [aLicenseState(E3.skuId)] });
/** A member of `group` holding E3 through it. */
const holderThrough = (group: TenantGroup, n: string) => aUser({ userPrincipalName: `${n}@contoso.com`, licenseAssignmentStates: [aLicenseState(E3.skuId, { group: group.id })] });
const unlist = (names: string[]) => names.map((n) => aDesiredPrincipal('user', `${n}@contoso.com`));

interface Row {
  name: string;
  build: () => { desired: DesiredState; snapshot: Snapshot };
  options?: Partial<PlanOptions>;
  removals: number;
  errors: string[];
}

const rows: Row[] = [
  {
    name: 'direct removals over the limit',
    build: () => ({
      desired: aDesired({ users: [...unlist(['a', 'b', 'c']), aDesiredPrincipal('user', 'keep@contoso.com', [aDesiredLicense(E3.skuId)])], settings: { maxRemovals: 2 } }),
      snapshot: aSnapshot({ skus: [E3], users: ['a', 'b', 'c', 'keep'].map(holder) }),
    }),
    removals: 3,
    errors: ['removal-guard: the plan removes 3 licenses, more than the limit of 2'],
  },
  {
    name: '--max-removals replaces the setting',
    build: () => ({
      desired: aDesired({ users: [...unlist(['a', 'b', 'c']), aDesiredPrincipal('user', 'keep@contoso.com', [aDesiredLicense(E3.skuId)])], settings: { maxRemovals: 2 } }),
      snapshot: aSnapshot({ skus: [E3], users: ['a', 'b', 'c', 'keep'].map(holder) }),
    }),
    options: { maxRemovals: 3 },
    removals: 3,
    errors: [],
  },
  {
    name: 'a group removal counts the members who lose the SKU entirely',
    build: () => {
      const { group, users } = addMembers(aGroup({ assignedLicenses: [e3] }), [aUser({ userPrincipalName: 'x@contoso.com' }), aUser({ userPrincipalName: 'y@contoso.com' }), holder('z')]);
      return {
        desired: aDesired({ groups: [aDesiredPrincipal('group', 'Sales')], settings: { managedSkuIds: [E3.skuId], maxRemovals: 1 } }),
        snapshot: aSnapshot({ skus: [E3], users, groups: [group] }),
      };
    },
    removals: 2,
    errors: ['removal-guard: the plan removes 2 licenses (1 to remove in the plan; a removal from a group counts each member who loses the license), more than the limit of 1'],
  },
  {
    // Ben's share of the group license failed (CountViolation): he holds no seat to lose.
    name: 'a group removal counts only members who held the SKU before',
    build: () => {
      const sales = aGroup({ assignedLicenses: [e3] });
      const ann = holderThrough(sales, 'ann');
      const ben = aUser({ userPrincipalName: 'ben@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId, { group: sales.id, state: 'Error', error: 'CountViolation' })] });
      return {
        desired: aDesired({ groups: [aDesiredPrincipal('group', 'Sales')], users: [aDesiredPrincipal('user', 'keep@contoso.com', [aDesiredLicense(E3.skuId)])], settings: { maxRemovals: 1 } }),
        snapshot: aSnapshot({ skus: [E3], users: [ann, ben, holder('keep')], groups: [{ ...sales, members: [ann.id, ben.id] }] }),
      };
    },
    removals: 1,
    errors: [],
  },
  {
    name: 'removing a license from an empty group counts one',
    build: () => ({
      desired: aDesired({ groups: [aDesiredPrincipal('group', 'Sales')], users: [aDesiredPrincipal('user', 'keep@contoso.com', [aDesiredLicense(E3.skuId)])] }),
      snapshot: aSnapshot({ skus: [E3], users: [holder('keep')], groups: [aGroup({ assignedLicenses: [e3] })] }),
    }),
    removals: 1,
    errors: [],
  },
  {
    name: 'an emptied config with prune removes everything',
    build: () => ({
      desired: aDesired({ settings: { managedSkuIds: [E3.skuId], prune: true } }),
      snapshot: aSnapshot({ skus: [E3], users: ['a', 'b'].map(holder), holdersOf: [E3.skuId] }),
    }),
    removals: 2,
    errors: ['remove-all-guard: the plan leaves no managed license assigned to anyone'],
  },
  {
    name: '--allow-remove-all lets it through',
    build: () => ({
      desired: aDesired({ settings: { managedSkuIds: [E3.skuId], prune: true } }),
      snapshot: aSnapshot({ skus: [E3], users: ['a', 'b'].map(holder), holdersOf: [E3.skuId] }),
    }),
    options: { allowRemoveAll: true },
    removals: 2,
    errors: [],
  },
  {
    name: 'removing the last holders without prune',
    build: () => ({
      desired: aDesired({ users: unlist(['a', 'b']), settings: { managedSkuIds: [E3.skuId] } }),
      snapshot: aSnapshot({ skus: [E3], users: ['a', 'b'].map(holder) }),
    }),
    removals: 2,
    errors: ['remove-all-guard: the plan leaves no managed license assigned to anyone'],
  },
  {
    name: 'someone outside the config still holds the SKU',
    build: () => ({
      desired: aDesired({ users: unlist(['a', 'b']), settings: { managedSkuIds: [E3.skuId] } }),
      snapshot: aSnapshot({ skus: [{ ...E3, consumedUnits: 3 }], users: ['a', 'b'].map(holder), keepConsumed: true }),
    }),
    removals: 2,
    errors: [],
  },
  {
    // Every holder is known (holdersOf) and the pruned one loses E3, but keep@ is listed with
    // E3 and untouched by the plan: an ordinary prune, not an emptied config.
    name: 'a holder the plan does not touch keeps the SKU when another is pruned',
    build: () => ({
      desired: aDesired({ users: [aDesiredPrincipal('user', 'keep@contoso.com', [aDesiredLicense(E3.skuId)])], settings: { prune: true } }),
      snapshot: aSnapshot({ skus: [E3], users: ['gone', 'keep'].map(holder), holdersOf: [E3.skuId] }),
    }),
    removals: 1,
    errors: [],
  },
  {
    // Group Other holds E3 for members the snapshot did not read; the plan does not touch it.
    name: 'a group outside the config keeps the SKU when the last direct holder loses it',
    build: () => ({
      desired: aDesired({ users: unlist(['gone']), settings: { managedSkuIds: [E3.skuId] } }),
      snapshot: aSnapshot({ skus: [{ ...E3, consumedUnits: 4 }], users: [holder('gone')], groups: [aGroup({ displayName: 'Other', assignedLicenses: [e3] })], holdersOf: [E3.skuId], keepConsumed: true }),
    }),
    removals: 1,
    errors: [],
  },
  {
    name: 'a group the config keeps licensed keeps the SKU when the last direct holder is pruned',
    build: () => ({
      desired: aDesired({ groups: [aDesiredPrincipal('group', 'Other', [aDesiredLicense(E3.skuId)])], settings: { prune: true } }),
      snapshot: aSnapshot({ skus: [{ ...E3, consumedUnits: 4 }], users: [holder('gone')], groups: [aGroup({ displayName: 'Other', assignedLicenses: [e3] })], holdersOf: [E3.skuId], keepConsumed: true }),
    }),
    removals: 1,
    errors: [],
  },
  {
    name: 'a pruned group whose members were not read still empties the SKU',
    build: () => ({
      desired: aDesired({ settings: { managedSkuIds: [E3.skuId], prune: true } }),
      snapshot: aSnapshot({ skus: [{ ...E3, consumedUnits: 10 }], groups: [aGroup({ assignedLicenses: [e3] })], holdersOf: [E3.skuId], keepConsumed: true }),
    }),
    removals: 1,
    errors: ['remove-all-guard: the plan leaves no managed license assigned to anyone'],
  },
  {
    name: 'assignments do not count as removals',
    build: () => ({
      desired: aDesired({ users: [...unlist(['gone']), ...['new1', 'new2', 'keep'].map((n) => aDesiredPrincipal('user', `${n}@contoso.com`, [aDesiredLicense(E3.skuId)]))], settings: { maxRemovals: 1 } }),
      snapshot: aSnapshot({ skus: [E3], users: [holder('gone'), holder('keep'), aUser({ userPrincipalName: 'new1@contoso.com' }), aUser({ userPrincipalName: 'new2@contoso.com' })] }),
    }),
    removals: 1,
    errors: [],
  },
  {
    name: 'the guard\'s message counts the removals of the plan, not the assignments beside them',
    build: () => ({
      desired: aDesired({ users: [...unlist(['gone']), ...['new1', 'new2', 'keep'].map((n) => aDesiredPrincipal('user', `${n}@contoso.com`, [aDesiredLicense(E3.skuId)]))], settings: { maxRemovals: 0 } }),
      snapshot: aSnapshot({ skus: [E3], users: [holder('gone'), holder('keep'), aUser({ userPrincipalName: 'new1@contoso.com' }), aUser({ userPrincipalName: 'new2@contoso.com' })] }),
    }),
    removals: 1,
    errors: ['removal-guard: the plan removes 1 license, more than the limit of 0'],
  },
  {
    name: 'one removal over a limit of none',
    build: () => ({
      desired: aDesired({ users: [...unlist(['gone']), aDesiredPrincipal('user', 'keep@contoso.com', [aDesiredLicense(E3.skuId)])], settings: { maxRemovals: 0 } }),
      snapshot: aSnapshot({ skus: [E3], users: ['gone', 'keep'].map(holder) }),
    }),
    removals: 1,
    errors: ['removal-guard: the plan removes 1 license, more than the limit of 0'],
  },
  {
    // The last direct holder and a group whose members were not read are both pruned: seats
    // stay consumed until Graph processes the group, but nobody holds E3 afterwards.
    name: 'a pruned group and the last direct holder empty the SKU together',
    build: () => ({
      desired: aDesired({ settings: { managedSkuIds: [E3.skuId], prune: true } }),
      snapshot: aSnapshot({ skus: [{ ...E3, consumedUnits: 5 }], users: [holder('gone')], groups: [aGroup({ assignedLicenses: [e3] })], holdersOf: [E3.skuId], keepConsumed: true }),
    }),
    removals: 2,
    errors: ['remove-all-guard: the plan leaves no managed license assigned to anyone'],
  },
  {
    name: 'one managed SKU emptied while another stays held is no emptied config',
    build: () => ({
      desired: aDesired({ users: [aDesiredPrincipal('user', 'keep@contoso.com', [aDesiredLicense(PBI.skuId)])], settings: { managedSkuIds: [E3.skuId, PBI.skuId], prune: true } }),
      snapshot: aSnapshot({
        skus: [{ ...E3, consumedUnits: 5 }, { ...PBI, consumedUnits: 1 }],
        users: [aUser({ userPrincipalName: 'keep@contoso.com', licenseAssignmentStates: [aLicenseState(PBI.skuId)] })],
        groups: [aGroup({ assignedLicenses: [e3] })],
        holdersOf: [E3.skuId, PBI.skuId],
        keepConsumed: true,
      }),
    }),
    removals: 1,
    errors: [],
  },
  {
    // A snapshot is untrusted input: a member listed twice is still one member losing one license.
    name: 'a group member the snapshot lists twice counts once',
    build: () => {
      const sales = aGroup({ assignedLicenses: [e3] });
      const ann = holderThrough(sales, 'ann');
      return {
        desired: aDesired({ groups: [aDesiredPrincipal('group', 'Sales')], users: [aDesiredPrincipal('user', 'keep@contoso.com', [aDesiredLicense(E3.skuId)])], settings: { managedSkuIds: [E3.skuId] } }),
        snapshot: aSnapshot({ skus: [E3], users: [ann, holder('keep')], groups: [{ ...sales, members: [ann.id, ann.id] }] }),
      };
    },
    removals: 1,
    errors: [],
  },
];

describe('removal guards', () => {
  it.each(rows)('$name', ({ build, options, removals, errors }) => {
    const { desired, snapshot } = build();
    const plan = runPlan(desired, snapshot, options);
    expect(plan.summary.removals).toBe(removals);
    expect(plan.checks.filter((c) => c.severity === 'error').map((c) => `${c.code}: ${c.message}`)).toEqual(errors);
    expect(plan.blocked).toBe(errors.length > 0);
    expect(plan.settings.maxRemovals).toBe(options?.maxRemovals ?? desired.settings.maxRemovals);
  });

  it('points both guards at the settings when the config has them, and nowhere otherwise', () => {
    const settings = { managedSkuIds: [E3.skuId], maxRemovals: 1 };
    const source = { file: 'skuform.yaml', line: 3, column: 1 };
    const snapshot = aSnapshot({ skus: [E3], users: ['a', 'b'].map(holder) });
    const located = runPlan(aDesired({ users: unlist(['a', 'b']), settings: { ...settings, source } }), snapshot);
    const unlocated = runPlan(aDesired({ users: unlist(['a', 'b']), settings }), snapshot);

    expect(located.checks.filter((c) => c.severity === 'error').map((c) => [c.code, c.source])).toEqual([['removal-guard', source], ['remove-all-guard', source]]);
    expect(unlocated.checks.filter((c) => c.severity === 'error').map((c) => [c.code, 'source' in c])).toEqual([['removal-guard', false], ['remove-all-guard', false]]);
  });

  it('tells how to override each guard', () => {
    const desired = aDesired({ users: unlist(['a', 'b']), settings: { managedSkuIds: [E3.skuId], maxRemovals: 1 } });
    const plan = runPlan(desired, aSnapshot({ skus: [E3], users: ['a', 'b'].map(holder) }));
    expect(plan.checks.filter((c) => c.severity === 'error').map((c) => c.hint)).toEqual([
      'review the removals, then raise maxRemovals or run with --max-removals 2',
      'if the config was not emptied by mistake, run with --allow-remove-all',
    ]);
  });
});
