import { describe, expect, it } from 'vitest';
import type { OperationPhase, SkuAction } from '../../src/model/plan.js';
import type { LicenseAssignmentState, TenantUser } from '../../src/model/tenant.js';
import {
  addMembers, aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSnapshot, aUser, planId,
} from '../support/builders.js';
import { E3, E5, PBI, runPlan } from './plan-kit.js';

const SWAY = planId('SWAY');
const YAMMER = planId('YAMMER_ENTERPRISE');

interface Row {
  name: string;
  states: LicenseAssignmentState[];
  wanted: ReturnType<typeof aDesiredLicense>[];
  managed?: string[];
  changes: [SkuAction, string][];
  phase?: OperationPhase;
  add?: { skuId: string; disabledPlans: string[] }[];
  remove?: string[];
}

const rows: Row[] = [
  {
    name: 'an SKU the user lacks is assigned with its complete disabledPlans',
    states: [],
    wanted: [aDesiredLicense(E3.skuId, [SWAY, YAMMER])],
    changes: [['assign', 'SPE_E3']],
    phase: 'acquire',
    add: [{ skuId: E3.skuId, disabledPlans: [SWAY, YAMMER].sort() }],
    remove: [],
  },
  {
    name: 'other disabled plans update in place, never remove + add',
    states: [aLicenseState(E3.skuId, { disabledPlans: [YAMMER] })],
    wanted: [aDesiredLicense(E3.skuId, [SWAY])],
    changes: [['update', 'SPE_E3']],
    phase: 'update',
    add: [{ skuId: E3.skuId, disabledPlans: [SWAY] }],
    remove: [],
  },
  {
    name: 'a managed SKU held directly and not listed is removed',
    states: [aLicenseState(E3.skuId)],
    wanted: [],
    managed: [E3.skuId],
    changes: [['remove', 'SPE_E3']],
    phase: 'release',
    add: [],
    remove: [E3.skuId],
  },
  {
    name: 'a swap adds and removes in one call',
    states: [aLicenseState(E3.skuId)],
    wanted: [aDesiredLicense(E5.skuId)],
    managed: [E3.skuId, E5.skuId],
    changes: [['remove', 'SPE_E3'], ['assign', 'SPE_E5']],
    phase: 'swap',
    add: [{ skuId: E5.skuId, disabledPlans: [] }],
    remove: [E3.skuId],
  },
  {
    name: 'an update with a removal frees seats, so it is a release',
    states: [aLicenseState(E3.skuId), aLicenseState(E5.skuId)],
    wanted: [aDesiredLicense(E5.skuId, [SWAY])],
    managed: [E3.skuId, E5.skuId],
    changes: [['remove', 'SPE_E3'], ['update', 'SPE_E5']],
    phase: 'release',
  },
  {
    name: 'a SKU that stays as it is is no change next to one that is assigned',
    states: [aLicenseState(E3.skuId, { disabledPlans: [SWAY] })],
    wanted: [aDesiredLicense(E3.skuId, [SWAY]), aDesiredLicense(PBI.skuId)],
    managed: [E3.skuId, PBI.skuId],
    changes: [['assign', 'POWER_BI_PRO']],
    phase: 'acquire',
    add: [{ skuId: PBI.skuId, disabledPlans: [] }],
  },
  {
    name: 'the same disabled plans in another order are no change',
    states: [aLicenseState(E3.skuId, { disabledPlans: [YAMMER, SWAY] })],
    wanted: [aDesiredLicense(E3.skuId, [SWAY, YAMMER])],
    changes: [],
  },
  {
    name: 'an unmanaged SKU held directly is left alone',
    states: [aLicenseState(PBI.skuId)],
    wanted: [aDesiredLicense(E3.skuId)],
    managed: [E3.skuId],
    changes: [['assign', 'SPE_E3']],
  },
  {
    name: 'a listed license of an unmanaged SKU is out of scope',
    states: [],
    wanted: [aDesiredLicense(PBI.skuId)],
    managed: [E3.skuId],
    changes: [],
  },
  {
    name: 'an inherited license is never removed from the user',
    states: [aLicenseState(E3.skuId, { group: aGroup().id })],
    wanted: [],
    managed: [E3.skuId],
    changes: [],
  },
];

describe('computePlan operations for a listed user', () => {
  it.each(rows)('$name', (row) => {
    const alice = aUser({ licenseAssignmentStates: row.states });
    const desired = aDesired({
      users: [aDesiredPrincipal('user', alice.userPrincipalName, row.wanted)],
      settings: row.managed === undefined ? {} : { managedSkuIds: row.managed },
    });
    const plan = runPlan(desired, aSnapshot({ skus: [E3, E5, PBI], users: [alice], groups: [aGroup()] }));

    const changes = plan.operations.flatMap((op) => op.changes.map((c) => [c.action, c.sku.skuPartNumber]));
    expect(changes).toEqual(row.changes);
    if (row.changes.length === 0) return expect(plan.operations).toEqual([]);
    const [op] = plan.operations;
    expect(op?.id).toBe(`user:${alice.id}`);
    if (row.phase !== undefined) expect(op?.phase).toBe(row.phase);
    if (row.add !== undefined) expect(op?.request.addLicenses).toEqual(row.add);
    if (row.remove !== undefined) expect(op?.request.removeLicenses).toEqual(row.remove);
    const added = new Set(op?.request.addLicenses.map((l) => l.skuId));
    expect(op?.request.removeLicenses.filter((skuId) => added.has(skuId))).toEqual([]);
  });
});

describe('computePlan change details', () => {
  it('names SKUs and plans, and lists the plans an update switches on and off', () => {
    const alice = aUser({ licenseAssignmentStates: [aLicenseState(E3.skuId, { disabledPlans: [YAMMER] })] });
    const desired = aDesired({ users: [aDesiredPrincipal('user', alice.userPrincipalName, [aDesiredLicense(E3.skuId, [SWAY])])] });
    const plan = runPlan(desired, aSnapshot({ skus: [E3], users: [alice] }), {
      skuDisplayName: (id) => (id === E3.skuId ? 'Microsoft 365 E3' : undefined),
      servicePlanFriendlyName: (id) => (id === SWAY ? 'Sway' : undefined),
    });

    const change = plan.operations[0]?.changes[0];
    expect(change?.sku).toEqual({ skuId: E3.skuId, skuPartNumber: 'SPE_E3', displayName: 'Microsoft 365 E3' });
    expect(change?.before).toEqual({ disabledPlans: [{ servicePlanId: YAMMER, servicePlanName: 'YAMMER_ENTERPRISE' }] });
    expect(change?.after).toEqual({ disabledPlans: [{ servicePlanId: SWAY, servicePlanName: 'SWAY', friendlyName: 'Sway' }] });
    expect(change?.plansEnabled.map((p) => p.servicePlanName)).toEqual(['YAMMER_ENTERPRISE']);
    expect(change?.plansDisabled.map((p) => p.servicePlanName)).toEqual(['SWAY']);
  });

  it('lists only the plans an update switches, and every plan list by name', () => {
    const [teams, sharepoint, exchange] = [planId('TEAMS1'), planId('SHAREPOINTENTERPRISE'), planId('EXCHANGE_S_ENTERPRISE')];
    const alice = aUser({ licenseAssignmentStates: [aLicenseState(E3.skuId, { disabledPlans: [YAMMER, teams] })] });
    const wanted = aDesiredLicense(E3.skuId, [SWAY, teams, sharepoint, exchange]);
    const plan = runPlan(aDesired({ users: [aDesiredPrincipal('user', alice.userPrincipalName, [wanted])] }), aSnapshot({ skus: [E3], users: [alice] }));

    const change = plan.operations[0]?.changes[0];
    expect(change?.after?.disabledPlans.map((p) => p.servicePlanName)).toEqual(['EXCHANGE_S_ENTERPRISE', 'SHAREPOINTENTERPRISE', 'SWAY', 'TEAMS1']);
    expect(change?.plansEnabled.map((p) => p.servicePlanName)).toEqual(['YAMMER_ENTERPRISE']);
    expect(change?.plansDisabled.map((p) => p.servicePlanName)).toEqual(['EXCHANGE_S_ENTERPRISE', 'SHAREPOINTENTERPRISE', 'SWAY']);
  });

  it('plans groups from their assignedLicenses, in one operation per group', () => {
    const { group: sales, users } = addMembers(aGroup({ assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] }), [aUser({ userPrincipalName: 'm1@contoso.com' }), aUser({ userPrincipalName: 'm2@contoso.com' })]);
    const desired = aDesired({
      groups: [aDesiredPrincipal('group', 'Sales', [aDesiredLicense(E5.skuId)])],
      settings: { managedSkuIds: [E3.skuId, E5.skuId] },
    });
    const plan = runPlan(desired, aSnapshot({ skus: [E3, E5], users, groups: [sales] }));

    expect(plan.operations).toHaveLength(1);
    expect(plan.operations[0]).toMatchObject({
      id: `group:${sales.id}`,
      principal: { kind: 'group', id: sales.id, name: 'Sales' },
      phase: 'swap',
      memberCount: 2,
      request: { addLicenses: [{ skuId: E5.skuId, disabledPlans: [] }], removeLicenses: [E3.skuId] },
    });
  });

  it('orders operations by phase, users before groups, then name, and counts the summary', () => {
    const user = (upn: string, states: LicenseAssignmentState[]): TenantUser => aUser({ userPrincipalName: upn, licenseAssignmentStates: states });
    const users = [
      user('zoe@contoso.com', []),
      user('adam@contoso.com', [aLicenseState(E3.skuId)]),
      user('Bea@contoso.com', []),
      user('carl@contoso.com', [aLicenseState(E3.skuId)]),
    ];
    const group = aGroup({ displayName: 'Aardvarks' });
    const desired = aDesired({
      users: [
        aDesiredPrincipal('user', 'zoe@contoso.com', [aDesiredLicense(E3.skuId)]),
        aDesiredPrincipal('user', 'adam@contoso.com', []),
        aDesiredPrincipal('user', 'Bea@contoso.com', [aDesiredLicense(E3.skuId)]),
        aDesiredPrincipal('user', 'carl@contoso.com', [aDesiredLicense(E3.skuId, [SWAY])]),
      ],
      groups: [aDesiredPrincipal('group', 'Aardvarks', [aDesiredLicense(E3.skuId)])],
    });
    const plan = runPlan(desired, aSnapshot({ skus: [E3], users, groups: [group] }));

    expect(plan.operations.map((op) => `${op.phase} ${op.principal.name}`)).toEqual([
      'release adam@contoso.com',
      'update carl@contoso.com',
      'acquire Bea@contoso.com',
      'acquire zoe@contoso.com',
      'acquire Aardvarks',
    ]);
    expect(plan.summary).toMatchObject({ assign: 3, update: 1, remove: 1, principals: 5 });
    expect(Object.keys(plan.fingerprints.principals)).toEqual(plan.operations.map((op) => op.id));
    // Only a group operation says how many members it reaches.
    expect(plan.operations.map((op) => op.memberCount)).toEqual([undefined, undefined, undefined, undefined, 0]);
  });
});

describe('computePlan settings and summary', () => {
  it('lists the config files as given, managed SKUs, seats and reserves in part-number order, and counts warnings apart from notes', () => {
    const carl = aUser({ userPrincipalName: 'carl@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId), aLicenseState(E3.skuId, { group: aGroup().id })] });
    const desired = aDesired({
      // carl has E3 directly and through Sales: a redundant direct assignment (a warning)
      // and, as he is the only holder listed, a note about the seats held outside the config.
      users: [aDesiredPrincipal('user', 'carl@contoso.com', [aDesiredLicense(E3.skuId)])],
      settings: { managedSkuIds: [E3.skuId, PBI.skuId], seatReserve: { [E3.skuId]: 1, [PBI.skuId]: 2 } },
      files: ['licenses/b.yaml', 'licenses/a.yaml'],
    });
    const plan = runPlan(desired, aSnapshot({ skus: [{ ...E3, consumedUnits: 3 }, PBI], users: [carl], groups: [aGroup()], keepConsumed: true }));

    expect(plan.configFiles).toEqual(['licenses/b.yaml', 'licenses/a.yaml']);
    expect(plan.settings.managedSkus.map((sku) => sku.skuPartNumber)).toEqual(['POWER_BI_PRO', 'SPE_E3']);
    expect(plan.seats.map((row) => row.sku.skuPartNumber)).toEqual(['POWER_BI_PRO', 'SPE_E3']);
    expect(plan.settings.seatReserve.map((r) => [r.sku.skuPartNumber, r.seats])).toEqual([['POWER_BI_PRO', 2], ['SPE_E3', 1]]);
    expect(plan.checks.map((c) => c.severity)).toEqual(['warning', 'note']);
    expect(plan.summary).toMatchObject({ errors: 0, warnings: 1 });
  });
});
