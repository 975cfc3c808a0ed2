import { describe, expect, it } from 'vitest';
import type { DesiredPrincipal } from '../../src/model/desired.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { TenantUser } from '../../src/model/tenant.js';
import { computeFreeSeats } from '../../src/plan/forecast-seats.js';
import { addMembers, aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSku, aSnapshot, aUser, planId } from '../support/builders.js';
import { E3, PBI, runPlan } from './plan-kit.js';

const e3 = { skuId: E3.skuId, disabledPlans: [] };
const person = (name: string, states = [] as TenantUser['licenseAssignmentStates']): TenantUser =>
  aUser({ userPrincipalName: `${name}@contoso.com`, licenseAssignmentStates: states });

interface Row {
  name: string;
  setup: () => { snapshot: Snapshot; users?: DesiredPrincipal[]; groups?: DesiredPrincipal[] };
  change: number;
  /** operation principal name -> seatDelta of E3 */
  deltas: Record<string, number>;
}

const rows: Row[] = [
  {
    name: 'a direct assign consumes a seat',
    setup: () => ({ snapshot: aSnapshot({ skus: [E3], users: [person('ann')] }), users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E3.skuId)])] }),
    change: 1,
    deltas: { 'ann@contoso.com': 1 },
  },
  {
    name: 'a direct assign of an SKU the user inherits costs nothing',
    setup: () => {
      const { group, users } = addMembers(aGroup({ assignedLicenses: [e3] }), [person('ann')]);
      return { snapshot: aSnapshot({ skus: [E3], users, groups: [group] }), users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E3.skuId)])] };
    },
    change: 0,
    deltas: { 'ann@contoso.com': 0 },
  },
  {
    name: 'a failed group assignment (state Error) holds no seat',
    setup: () => {
      const ann = person('ann', [aLicenseState(E3.skuId, { group: aGroup().id, state: 'Error', error: 'CountViolation' })]);
      const group = aGroup({ assignedLicenses: [e3], members: [ann.id] });
      return { snapshot: aSnapshot({ skus: [E3], users: [ann], groups: [group] }), users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E3.skuId)])] };
    },
    change: 1,
    deltas: { 'ann@contoso.com': 1 },
  },
  {
    name: 'a group assign fans out to members who do not hold the SKU yet',
    setup: () => {
      const { group, users } = addMembers(aGroup(), [person('ann', [aLicenseState(E3.skuId)]), person('ben'), person('cat')]);
      return { snapshot: aSnapshot({ skus: [E3], users, groups: [group] }), groups: [aDesiredPrincipal('group', 'Sales', [aDesiredLicense(E3.skuId)])] };
    },
    change: 2,
    deltas: { Sales: 2 },
  },
  {
    name: 'a group removal frees seats only for members with no other source',
    setup: () => {
      const other = aGroup({ displayName: 'Other', assignedLicenses: [e3] });
      const viaOther = addMembers(other, [person('cat')]);
      const { group, users } = addMembers(aGroup({ assignedLicenses: [e3] }), [person('ann', [aLicenseState(E3.skuId)]), person('ben'), ...viaOther.users]);
      return {
        snapshot: aSnapshot({ skus: [E3], users, groups: [group, viaOther.group] }),
        groups: [aDesiredPrincipal('group', 'Sales', [])],
      };
    },
    change: -1,
    deltas: { Sales: -1 },
  },
  {
    name: 'a user and their group in one plan are counted per user, not per operation',
    setup: () => {
      const { group, users } = addMembers(aGroup(), [person('ann', [aLicenseState(E3.skuId)]), person('ben')]);
      return {
        snapshot: aSnapshot({ skus: [E3], users, groups: [group] }),
        users: [aDesiredPrincipal('user', 'ann@contoso.com', [])],
        groups: [aDesiredPrincipal('group', 'Sales', [aDesiredLicense(E3.skuId)])],
      };
    },
    change: 1,
    deltas: { 'ann@contoso.com': 0, Sales: 1 },
  },
  {
    name: 'a group member the snapshot lacks is counted as gaining a seat',
    setup: () => ({
      snapshot: aSnapshot({ skus: [E3], groups: [aGroup({ members: ['cccccccc-0000-4000-8000-000000000001'] })] }),
      groups: [aDesiredPrincipal('group', 'Sales', [aDesiredLicense(E3.skuId)])],
    }),
    change: 1,
    deltas: { Sales: 1 },
  },
  {
    // Ann is in both groups: one seat, credited to the group first in plan order
    // (Engineering), not to the one her memberships list first (Finance, by id), so the
    // deltas add up to the forecast and stay put when the snapshot's order changes.
    name: 'a member two assigning groups share is credited to the first group operation',
    setup: () => {
      const finance = addMembers(aGroup({ displayName: 'Finance' }), [person('ann'), person('cat')]);
      const engineering = addMembers(aGroup({ displayName: 'Engineering' }), [person('ann'), person('ben')]);
      const ann = finance.users[0] as TenantUser;
      return {
        snapshot: aSnapshot({ skus: [E3], users: [ann, ...engineering.users.slice(1), ...finance.users.slice(1)], groups: [finance.group, engineering.group] }),
        groups: ['Finance', 'Engineering'].map((name) => aDesiredPrincipal('group', name, [aDesiredLicense(E3.skuId)])),
      };
    },
    change: 3,
    deltas: { Engineering: 2, Finance: 1 },
  },
  {
    // The same with the memberships listing the first group in plan order first (Audit, by
    // id too): the seat stays with it, not with the group visited last.
    name: 'a shared member is credited to the first group operation whatever the memberships list last',
    setup: () => {
      const audit = addMembers(aGroup({ displayName: 'Audit' }), [person('ann'), person('cat')]);
      const board = addMembers(aGroup({ displayName: 'Board' }), [person('ann'), person('ben')]);
      const ann = audit.users[0] as TenantUser;
      return {
        snapshot: aSnapshot({ skus: [E3], users: [ann, ...board.users.slice(1), ...audit.users.slice(1)], groups: [audit.group, board.group] }),
        groups: ['Audit', 'Board'].map((name) => aDesiredPrincipal('group', name, [aDesiredLicense(E3.skuId)])),
      };
    },
    change: 3,
    deltas: { Audit: 2, Board: 1 },
  },
  {
    // Members the snapshot did not read hold what the group gives them, so removing it frees their seats.
    name: 'a group removal frees the seats of members the snapshot lacks',
    setup: () => ({
      snapshot: aSnapshot({
        skus: [{ ...E3, consumedUnits: 2 }],
        groups: [aGroup({ assignedLicenses: [e3], members: ['cccccccc-0000-4000-8000-000000000001', 'cccccccc-0000-4000-8000-000000000002'] })],
        keepConsumed: true,
      }),
      groups: [aDesiredPrincipal('group', 'Sales', [])],
    }),
    change: -2,
    deltas: { Sales: -2 },
  },
  {
    // Only a license the group gains fans out; changing the plans of one it has takes no seat,
    // also from a member whose assignment of it failed.
    name: 'a group changing the plans of its license adds no seat, also for a member whose assignment failed',
    setup: () => {
      const sales = aGroup({ assignedLicenses: [e3] });
      const ann = person('ann', [aLicenseState(E3.skuId, { group: sales.id, state: 'Error', error: 'CountViolation' })]);
      const { group, users } = addMembers(sales, [person('ben')]);
      return {
        snapshot: aSnapshot({ skus: [E3], users: [ann, ...users], groups: [{ ...group, members: [...group.members, ann.id] }] }),
        groups: [aDesiredPrincipal('group', 'Sales', [aDesiredLicense(E3.skuId, [planId('SWAY')])])],
      };
    },
    change: 0,
    deltas: { Sales: 0 },
  },
  {
    // A user who left the group keeps its license until Graph reprocesses the group, so the
    // group no longer lists them; removing the license from the group frees their seat too.
    name: 'a group removal frees the seats of everyone inheriting it, also users it no longer lists',
    setup: () => {
      const { group, users } = addMembers(aGroup({ assignedLicenses: [e3] }), [person('ann')]);
      const ben = person('ben', [aLicenseState(PBI.skuId), aLicenseState(E3.skuId, { group: group.id })]);
      return { snapshot: aSnapshot({ skus: [E3, PBI], users: [...users, ben], groups: [group] }), groups: [aDesiredPrincipal('group', 'Sales', [])] };
    },
    change: -2,
    deltas: { Sales: -2 },
  },
];

describe('seat forecast', () => {
  it.each(rows)('$name', ({ setup, change, deltas }) => {
    const { snapshot, users = [], groups = [] } = setup();
    const plan = runPlan(aDesired({ users, groups, settings: { managedSkuIds: [E3.skuId] } }), snapshot);

    expect(plan.seats.map((row) => [row.sku.skuPartNumber, row.change])).toEqual([['SPE_E3', change]]);
    const perOp = Object.fromEntries(plan.operations.map((op) => [op.principal.name, op.seatDelta[E3.skuId]]));
    expect(perOp).toEqual(deltas);
    expect(Object.values(perOp).reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(change);
  });

  // A seat change is credited to the user's own operation only when that operation changes
  // the SKU; otherwise to the group operation that does. seatDelta lists the operation's
  // SKUs by id, so that saved plans are byte-identical.
  it('credits each SKU\'s seats to the operation that changes that SKU', () => {
    const { group, users } = addMembers(aGroup({ assignedLicenses: [e3] }), [person('ann')]);
    const ben = person('ben', [aLicenseState(E3.skuId)]);
    const desired = aDesired({
      users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(PBI.skuId)]), aDesiredPrincipal('user', 'ben@contoso.com', [aDesiredLicense(PBI.skuId)])],
      groups: [aDesiredPrincipal('group', 'Sales', [])],
      settings: { managedSkuIds: [E3.skuId, PBI.skuId] },
    });
    const plan = runPlan(desired, aSnapshot({ skus: [E3, PBI], users: [...users, ben], groups: [group] }));
    const deltas = (name: string) => Object.entries(plan.operations.find((op) => op.principal.name === name)?.seatDelta ?? {});
    expect(deltas('ann@contoso.com')).toEqual([[PBI.skuId, 1]]);
    // By id E3 comes first, by name (the order of the changes) Power BI.
    expect(E3.skuId < PBI.skuId).toBe(true);
    expect(deltas('ben@contoso.com')).toEqual([[E3.skuId, -1], [PBI.skuId, 1]]);
    expect(deltas('Sales')).toEqual([[E3.skuId, -1]]);
  });

  it.each([
    { name: 'enough seats', total: 10, used: 5, reserve: 0, assigns: 2, free: 5, freeAfter: 3, short: false },
    { name: 'the reserve is kept', total: 10, used: 5, reserve: 3, assigns: 3, free: 5, freeAfter: 2, short: true },
    { name: 'exactly down to the reserve', total: 10, used: 5, reserve: 3, assigns: 2, free: 5, freeAfter: 3, short: false },
    { name: 'over-assigned tenant', total: 4, used: 5, reserve: 0, assigns: 1, free: -1, freeAfter: -2, short: true },
    { name: 'down to the last free seat', total: 10, used: 8, reserve: 0, assigns: 2, free: 2, freeAfter: 0, short: false },
    { name: 'one seat free for two', total: 10, used: 9, reserve: 0, assigns: 2, free: 1, freeAfter: -1, short: true },
  ])('forecast row and seats-insufficient: $name', ({ total, used, reserve, assigns, free, freeAfter, short }) => {
    const sku = aSku({ skuPartNumber: 'SPE_E3', total, consumedUnits: used, warning: 2 });
    const names = Array.from({ length: assigns }, (_, i) => `u${i}`);
    const snapshot = aSnapshot({ skus: [sku], users: names.map((n) => person(n)), keepConsumed: true });
    const desired = aDesired({
      users: names.map((n) => aDesiredPrincipal('user', `${n}@contoso.com`, [aDesiredLicense(sku.skuId)])),
      // The grace-period units count as free here, so the rows read as total - used.
      settings: { seatReserve: reserve > 0 ? { [sku.skuId]: reserve } : {}, graceSeatsAreFree: true },
    });
    const plan = runPlan(desired, snapshot);

    expect(plan.seats[0]).toEqual({ sku: { skuId: sku.skuId, skuPartNumber: 'SPE_E3' }, total, used, free, change: assigns, freeAfter, reserve, warningUnits: 2, short });
    const checks = plan.checks.filter((c) => c.code === 'seats-insufficient');
    expect(checks.map((c) => c.message)).toEqual(
      short ? [`SPE_E3: the plan needs ${assigns} more ${assigns === 1 ? 'seat' : 'seats'}, ${free} ${free === 1 ? 'is' : 'are'} free and ${reserve} must stay free (seatReserve)`] : [],
    );
    expect(checks.map((c) => c.hint)).toEqual(short ? ['buy more seats, free some first, or lower seatReserve for this SKU'] : []);
    expect(plan.blocked).toBe(short);
  });

  // Only a plan that consumes seats can run a SKU short: an in-place update (delta 0) of a
  // SKU already under its reserve changes nothing about the shortage.
  it('does not block an update on a SKU already under its reserve', () => {
    const sku = aSku({ skuPartNumber: 'SPE_E3', plans: ['EXCHANGE_S_ENTERPRISE', 'SWAY'], total: 10, consumedUnits: 9 });
    const ann = person('ann', [aLicenseState(sku.skuId)]);
    const desired = aDesired({
      users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(sku.skuId, [planId('SWAY')])])],
      settings: { seatReserve: { [sku.skuId]: 3 } },
    });
    const plan = runPlan(desired, aSnapshot({ skus: [sku], users: [ann], keepConsumed: true }));
    expect(plan.operations.map((op) => op.changes.map((c) => c.action))).toEqual([['update']]);
    expect(plan.seats[0]).toMatchObject({ change: 0, free: 1, freeAfter: 1, reserve: 3, short: false });
    expect(plan.blocked).toBe(false);
  });

  it('does not block a plan that frees seats on an over-assigned tenant', () => {
    const sku = aSku({ skuPartNumber: 'SPE_E3', total: 1, consumedUnits: 3 });
    const ann = person('ann', [aLicenseState(sku.skuId)]);
    const plan = runPlan(aDesired({ users: [aDesiredPrincipal('user', 'ann@contoso.com')], settings: { managedSkuIds: [sku.skuId] } }), aSnapshot({ skus: [sku], users: [ann, person('ben', [aLicenseState(sku.skuId)])], keepConsumed: true }));
    expect(plan.seats[0]).toMatchObject({ change: -1, free: -2, freeAfter: -1, short: false });
    expect(plan.checks.filter((c) => c.code === 'seats-insufficient')).toEqual([]);
  });

  it('does not count seats in their renewal grace period as free unless settings.graceSeatsAreFree, and says which rule it used', () => {
    const sku = aSku({ skuPartNumber: 'X', total: 25, consumedUnits: 20, warning: 3 });
    expect(computeFreeSeats(sku)).toBe(2);
    expect(computeFreeSeats(sku, true)).toBe(5);

    const names = ['u0', 'u1', 'u2'];
    const snapshot = aSnapshot({ skus: [sku], users: names.map((n) => person(n)), keepConsumed: true });
    const users = names.map((n) => aDesiredPrincipal('user', `${n}@contoso.com`, [aDesiredLicense(sku.skuId)]));
    const strict = runPlan(aDesired({ users }), snapshot);
    expect(strict.settings.graceSeatsAreFree).toBe(false);
    expect(strict.seats[0]).toMatchObject({ free: 2, freeAfter: -1, warningUnits: 3, short: true });
    expect(strict.blocked).toBe(true);
    const lenient = runPlan(aDesired({ users, settings: { graceSeatsAreFree: true } }), snapshot);
    expect(lenient.settings.graceSeatsAreFree).toBe(true);
    expect(lenient.seats[0]).toMatchObject({ free: 5, freeAfter: 2, short: false });
  });
});
