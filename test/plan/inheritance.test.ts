import { describe, expect, it } from 'vitest';
import type { DesiredPrincipal } from '../../src/model/desired.js';
import type { AssignedLicense, LicenseAssignmentState } from '../../src/model/tenant.js';
import { addMembers, aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSnapshot, aUser, planId } from '../support/builders.js';
import { E3, PBI, runPlan } from './plan-kit.js';

const SWAY = planId('SWAY');
const YAMMER = planId('YAMMER_ENTERPRISE');
const e3 = (disabled: string[] = []): AssignedLicense => ({ skuId: E3.skuId, disabledPlans: disabled });

interface Row {
  name: string;
  /** Carol's direct states. */
  direct: LicenseAssignmentState[];
  carol: DesiredPrincipal['licenses'];
  /** The group carol is a member of. */
  group: { name: string; licenses: AssignedLicense[]; listedWith?: AssignedLicense[] };
  expected: [string, string, string][];
}

const rows: Row[] = [
  {
    name: 'carol: [] keeps E3 through a listed group: note',
    direct: [],
    carol: [],
    group: { name: 'Sales', licenses: [e3()], listedWith: [e3()] },
    expected: [['inherited-kept', 'note', 'keeps SPE_E3 through group Sales']],
  },
  {
    name: 'a group gaining the license in this plan: the user gets it',
    direct: [],
    carol: [],
    group: { name: 'Sales', licenses: [], listedWith: [e3()] },
    expected: [['inherited-kept', 'note', 'gets SPE_E3 through group Sales']],
  },
  {
    name: 'a direct removal while a group keeps the license: note',
    direct: [aLicenseState(E3.skuId)],
    carol: [],
    group: { name: 'Legacy', licenses: [e3()] },
    expected: [['inherited-kept', 'note', 'keeps SPE_E3 through group Legacy']],
  },
  {
    name: 'only inherited from a group the config does not manage: warning',
    direct: [],
    carol: [],
    group: { name: 'Legacy', licenses: [e3()] },
    expected: [
      [
        'inherited-only',
        'warning',
        'is listed without SPE_E3 but only inherits it from group Legacy, which this config does not manage; skuform cannot remove an inherited license',
      ],
    ],
  },
  {
    name: 'the group loses the license in the same plan: nothing kept',
    direct: [],
    carol: [],
    group: { name: 'Sales', licenses: [e3()], listedWith: [] },
    expected: [],
  },
  {
    name: 'a direct assignment with more plans off than the inherited one is redundant',
    direct: [aLicenseState(E3.skuId, { disabledPlans: [SWAY] })],
    carol: [aDesiredLicense(E3.skuId, [SWAY])],
    group: { name: 'Sales', licenses: [e3()] },
    expected: [['redundant-direct', 'warning', 'has SPE_E3 directly and through group Sales with the same or more plans enabled']],
  },
  {
    name: 'a direct assignment enabling more than the group is not redundant',
    direct: [aLicenseState(E3.skuId)],
    carol: [aDesiredLicense(E3.skuId)],
    group: { name: 'Sales', licenses: [e3([SWAY])] },
    expected: [],
  },
  {
    name: 'a group gaining the license in this plan makes a direct one redundant',
    direct: [aLicenseState(E3.skuId)],
    carol: [aDesiredLicense(E3.skuId)],
    group: { name: 'Sales', licenses: [], listedWith: [e3()] },
    expected: [['redundant-direct', 'warning', 'has SPE_E3 directly and through group Sales with the same or more plans enabled']],
  },
  {
    name: 'a group gaining the license while the direct one goes: the user gets it',
    direct: [aLicenseState(E3.skuId)],
    carol: [],
    group: { name: 'Sales', licenses: [], listedWith: [e3()] },
    expected: [['inherited-kept', 'note', 'gets SPE_E3 through group Sales']],
  },
  {
    name: 'a group switching off a plan the direct one switches off too makes it redundant',
    direct: [aLicenseState(E3.skuId, { disabledPlans: [SWAY, YAMMER] })],
    carol: [aDesiredLicense(E3.skuId, [SWAY, YAMMER])],
    group: { name: 'Sales', licenses: [e3([SWAY])] },
    expected: [['redundant-direct', 'warning', 'has SPE_E3 directly and through group Sales with the same or more plans enabled']],
  },
];

describe('inheritance checks', () => {
  it.each(rows)('$name', (row) => {
    const { group, users } = addMembers(aGroup({ displayName: row.group.name, assignedLicenses: row.group.licenses }), [
      aUser({ userPrincipalName: 'carol@contoso.com', licenseAssignmentStates: row.direct }),
    ]);
    const groups = row.group.listedWith === undefined ? [] : [aDesiredPrincipal('group', row.group.name, row.group.listedWith.map((l) => aDesiredLicense(l.skuId, l.disabledPlans)))];
    const desired = aDesired({ users: [aDesiredPrincipal('user', 'carol@contoso.com', row.carol)], groups, settings: { managedSkuIds: [E3.skuId] } });
    const plan = runPlan(desired, aSnapshot({ skus: [E3], users, groups: [group] }));

    const found = plan.checks.filter((c) => ['inherited-kept', 'inherited-only', 'redundant-direct'].includes(c.code));
    expect(found.map((c) => [c.code, c.severity, c.message])).toEqual(row.expected);
    for (const check of found) expect(check.principal?.name).toBe('carol@contoso.com');
  });

  // carol is in Sales (listed, keeps E3) and Legacy (not listed, also gives E3 and Power BI,
  // which the config does not manage).
  it('names every group a license comes through, and only managed licenses', () => {
    const sales = aGroup({ displayName: 'Sales', assignedLicenses: [e3()] });
    const legacy = aGroup({ displayName: 'Legacy', assignedLicenses: [e3(), { skuId: PBI.skuId, disabledPlans: [] }] });
    const carol = aUser({
      userPrincipalName: 'carol@contoso.com',
      licenseAssignmentStates: [aLicenseState(E3.skuId, { group: sales.id }), aLicenseState(E3.skuId, { group: legacy.id }), aLicenseState(PBI.skuId, { group: legacy.id })],
    });
    const desired = aDesired({
      users: [aDesiredPrincipal('user', 'carol@contoso.com', [])],
      groups: [aDesiredPrincipal('group', 'Sales', [aDesiredLicense(E3.skuId)])],
      settings: { managedSkuIds: [E3.skuId] },
    });
    const plan = runPlan(desired, aSnapshot({ skus: [E3, PBI], users: [carol], groups: [{ ...sales, members: [carol.id] }, { ...legacy, members: [carol.id] }] }));

    expect(plan.checks.map((c) => [c.code, c.message])).toEqual([['inherited-kept', 'keeps SPE_E3 through group Legacy, group Sales']]);
  });

  it('says what to do about an inherited-only or a redundant direct license', () => {
    const hints = (row: Row): (string | undefined)[] => {
      const { group, users } = addMembers(aGroup({ displayName: row.group.name, assignedLicenses: row.group.licenses }), [
        aUser({ userPrincipalName: 'carol@contoso.com', licenseAssignmentStates: row.direct }),
      ]);
      const desired = aDesired({ users: [aDesiredPrincipal('user', 'carol@contoso.com', row.carol)], settings: { managedSkuIds: [E3.skuId] } });
      return runPlan(desired, aSnapshot({ skus: [E3], users, groups: [group] })).checks.map((c) => c.hint);
    };
    const byName = (name: string): Row => rows.find((row) => row.name === name) as Row;

    expect(hints(byName('only inherited from a group the config does not manage: warning'))).toEqual(['remove SPE_E3 from group Legacy or take the user out of it']);
    expect(hints(byName('a direct assignment with more plans off than the inherited one is redundant'))).toEqual([
      "the direct assignment is a clean-up candidate: drop SPE_E3 from the user's entry in the config",
    ]);
  });

  it('never plans a change to an inherited license on the user', () => {
    const { group, users } = addMembers(aGroup({ assignedLicenses: [e3()] }), [aUser({ userPrincipalName: 'carol@contoso.com' })]);
    const desired = aDesired({ users: [aDesiredPrincipal('user', 'carol@contoso.com')], settings: { managedSkuIds: [E3.skuId], prune: true } });
    const plan = runPlan(desired, aSnapshot({ skus: [E3], users, groups: [group], holdersOf: [E3.skuId] }));
    // Prune removes the unlisted group's license; carol's inherited entry itself is never touched.
    expect(plan.operations.map((op) => op.id)).toEqual([`group:${group.id}`]);
  });
});
