import { describe, expect, it } from 'vitest';
import type { AssignedLicense, LicenseAssignmentState, TenantDocument, TenantGroup, TenantUser } from '../../../src/model/tenant.js';
import { normalizeTenant } from '../../../src/stores/semantics/normalize-tenant.js';
import { aGroup, aLicenseState, aSku, aTenant, aUser, guidFor, planId, skuIdOf } from '../../support/builders.js';
import { NOW_STAMP, aTenantContext } from '../../support/semantics-context.js';

const E3 = skuIdOf('SPE_E3');
const E5 = skuIdOf('SPE_E5');
const SWAY = planId('SWAY');
const TEAMS = planId('TEAMS1');
const UNSUBSCRIBED = guidFor('sku:not subscribed');
const GHOST = guidFor('group:deleted');
const NOBODY = guidFor('user:nobody');

/**
 * A tenant with E3 (10 seats) and E5 (1 seat), each `consumedUnits` as given. Every test
 * writes the file's derived values (consumedUnits, assignedLicenses) as the repair will
 * leave them, unless the derived value is what it is about, so that the warnings listed are
 * only the ones the test is about.
 */
function tenant(consumed: { e3?: number; e5?: number }, users: TenantUser[], groups: TenantGroup[] = []): TenantDocument {
  return {
    tenant: aTenant(),
    subscribedSkus: [
      aSku({ skuPartNumber: 'SPE_E3', plans: ['EXCHANGE_S_ENTERPRISE', 'SWAY', 'TEAMS1'], total: 10, consumedUnits: consumed.e3 ?? 0 }),
      aSku({ skuPartNumber: 'SPE_E5', plans: ['EXCHANGE_S_ENTERPRISE', 'TEAMS1'], total: 1, consumedUnits: consumed.e5 ?? 0 }),
    ],
    users,
    groups,
  };
}

function alice(states: LicenseAssignmentState[] = [], assignedLicenses?: AssignedLicense[]): TenantUser {
  return aUser({ userPrincipalName: 'alice@contoso.com', licenseAssignmentStates: states, assignedLicenses });
}

function bob(states: LicenseAssignmentState[] = [], assignedLicenses?: AssignedLicense[]): TenantUser {
  return aUser({ userPrincipalName: 'bob@contoso.com', licenseAssignmentStates: states, assignedLicenses });
}

const BOB = bob().id;
const SALES = aGroup({ displayName: 'Sales' }).id;
const MARKETING = aGroup({ displayName: 'Marketing' }).id;

function sales(licenses: AssignedLicense[], members: string[], extra: Partial<TenantGroup> = {}): TenantGroup {
  return aGroup({ displayName: 'Sales', assignedLicenses: licenses, members, ...extra });
}

function viaSales(skuId: string, disabledPlans: string[] = [], extra: { state?: string; error?: string } = {}): LicenseAssignmentState {
  return aLicenseState(skuId, { group: SALES, disabledPlans, ...extra });
}

/** A group license that failed for the member: no seat was free. */
function failedViaSales(skuId: string): LicenseAssignmentState {
  return viaSales(skuId, [], { state: 'Error', error: 'CountViolation' });
}

/** Alice holds the only E5 seat, so a group cannot give E5 to anyone else. */
const aliceHoldsE5 = () => alice([aLicenseState(E5)]);

/** Sales gives E5 to Bob, which fails while Alice holds its only seat. */
const salesFailingE5 = (hasMembersWithLicenseErrors = true) => sales([{ skuId: E5, disabledPlans: [] }], [BOB], { hasMembersWithLicenseErrors });

/** Bob inherits E3 from Sales with other plans switched off than Sales has. */
const inheritedWithOtherPlans = () =>
  tenant({ e3: 1 }, [bob([viaSales(E3, [SWAY])], [{ skuId: E3, disabledPlans: [TEAMS] }])], [sales([{ skuId: E3, disabledPlans: [TEAMS] }], [BOB])]);

/** Bob is a member of Sales and lacks its E5, which he cannot get. */
const memberWithoutFreeSeat = () => tenant({ e5: 1 }, [aliceHoldsE5(), bob()], [salesFailingE5()]);

/** Bob's E5 from Sales failed, but Sales says none of its members has errors. */
const failureNotFlagged = () => tenant({ e5: 1 }, [aliceHoldsE5(), bob([failedViaSales(E5)])], [salesFailingE5(false)]);

/** Sales says some member has errors, but its only member holds its E3. */
const flaggedWithoutFailure = () => tenant({ e3: 1 }, [bob([viaSales(E3)])], [sales([{ skuId: E3, disabledPlans: [] }], [BOB], { hasMembersWithLicenseErrors: true })]);

/** Normalizes `doc` in place, as a store does on load, and returns the warnings. */
function normalize(doc: TenantDocument, limitPerKind?: number): string[] {
  return normalizeTenant(aTenantContext(doc).ctx, limitPerKind);
}

interface WarningCase {
  rule: string;
  build: () => TenantDocument;
  warning: string;
  /** What the warnings of this kind are about, in the line that counts those beyond the limit. */
  summary: string;
}

/** One document per kind of repair, each wrong in that one way. */
const WARNINGS: WarningCase[] = [
  {
    rule: 'a SKU takes the number of users holding it as consumedUnits',
    build: () => tenant({ e3: 5 }, [alice([aLicenseState(E3)])]),
    warning: 'SKU SPE_E3: consumedUnits is 5 in the file but 1 users hold it; using 1',
    summary: 'SKUs with a wrong consumedUnits',
  },
  {
    rule: "a user's assignedLicenses are recomputed from the states",
    build: () => tenant({ e3: 1 }, [alice([aLicenseState(E3)], [])]),
    warning: 'user alice@contoso.com: assignedLicenses disagree with licenseAssignmentStates; using the recomputed list',
    summary: 'users whose assignedLicenses disagree with their licenseAssignmentStates',
  },
  {
    rule: 'a direct license of a SKU the tenant does not subscribe to is kept, and named',
    build: () => tenant({}, [alice([aLicenseState(UNSUBSCRIBED)])]),
    warning: `user alice@contoso.com: has a license for ${UNSUBSCRIBED}, which is not a subscribed SKU`,
    summary: 'licenses of SKUs that are not subscribed',
  },
  {
    rule: 'an inherited license from a group that does not exist is dropped',
    build: () => tenant({}, [bob([aLicenseState(E3, { group: GHOST })], [])]),
    warning: `user bob@contoso.com: inherited license ${E3} from group ${GHOST} dropped because that group does not exist`,
    summary: 'inherited licenses dropped',
  },
  {
    rule: 'an inherited license the group does not assign is dropped',
    build: () => tenant({}, [bob([aLicenseState(E3, { group: MARKETING })], [])], [aGroup({ displayName: 'Marketing', members: [BOB] })]),
    warning: `user bob@contoso.com: inherited license ${E3} from group ${MARKETING} dropped because the group does not assign it`,
    summary: 'inherited licenses dropped',
  },
  {
    rule: 'an inherited license of a user who is not a member of the group is dropped',
    build: () => tenant({}, [bob([viaSales(E3)], [])], [sales([{ skuId: E3, disabledPlans: [] }], [])]),
    warning: `user bob@contoso.com: inherited license ${E3} from group ${SALES} dropped because the user is not a member of the group`,
    summary: 'inherited licenses dropped',
  },
  {
    rule: "an inherited license takes the group's disabled plans",
    build: inheritedWithOtherPlans,
    warning: `user bob@contoso.com: inherited license ${E3} from group Sales had other disabled plans than the group; using the group's`,
    summary: 'inherited licenses with other disabled plans than their group',
  },
  {
    rule: 'a group member that is not a user in the file is ignored',
    build: () => tenant({}, [], [sales([], [NOBODY])]),
    warning: `group Sales: member ${NOBODY} is not a user in the file; ignored`,
    summary: 'group members that are not users in the file',
  },
  {
    rule: "a member lacking the group's inherited license gets it",
    build: () => tenant({ e3: 1 }, [bob([], [{ skuId: E3, disabledPlans: [TEAMS] }])], [sales([{ skuId: E3, disabledPlans: [TEAMS] }], [BOB])]),
    warning: 'user bob@contoso.com: member of group Sales but lacked its inherited licenses; processed now',
    summary: 'members given their missing inherited licenses',
  },
  {
    rule: "a member lacking the group's inherited license gets it in error when no seat is free",
    build: memberWithoutFreeSeat,
    warning: 'user bob@contoso.com: member of group Sales but lacked its inherited licenses; processed now (with errors)',
    summary: 'members given their missing inherited licenses',
  },
  {
    rule: 'a group with a failed member has members with license errors',
    build: failureNotFlagged,
    warning: 'group Sales: hasMembersWithLicenseErrors was false; using true',
    summary: 'groups with a wrong hasMembersWithLicenseErrors',
  },
  {
    rule: 'a group without failed members has no members with license errors',
    build: flaggedWithoutFailure,
    warning: 'group Sales: hasMembersWithLicenseErrors was true; using false',
    summary: 'groups with a wrong hasMembersWithLicenseErrors',
  },
];

describe('normalizeTenant warnings', () => {
  it.each(WARNINGS)('$rule', ({ build, warning }) => {
    expect(normalize(build())).toEqual([warning]);
  });

  it.each(WARNINGS)('beyond the limit, counts under its own description: $rule', ({ build, summary }) => {
    expect(normalize(build(), 0)).toEqual([`... and 1 more ${summary}`]);
  });

  it('keeps a consistent document as it is, without warnings', () => {
    const doc = tenant(
      { e3: 2, e5: 1 },
      [alice([aLicenseState(E3, { disabledPlans: [SWAY] }), aLicenseState(E5)]), bob([viaSales(E3, [TEAMS]), failedViaSales(E5)])],
      [
        sales([{ skuId: E3, disabledPlans: [TEAMS] }, { skuId: E5, disabledPlans: [] }], [BOB], { hasMembersWithLicenseErrors: true }),
        aGroup({ displayName: 'Marketing', members: [BOB] }),
      ],
    );
    const before = structuredClone(doc);
    expect(normalize(doc)).toEqual([]);
    expect(doc).toEqual(before);
    expect(doc.groups[1]).not.toHaveProperty('hasMembersWithLicenseErrors');
  });
});

describe('normalizeTenant repairs', () => {
  it("gives an inherited state the group's disabled plans, and the user's list follows", () => {
    const doc = inheritedWithOtherPlans();
    normalize(doc);
    expect(doc.users[0]?.licenseAssignmentStates).toEqual([viaSales(E3, [TEAMS])]);
    expect(doc.users[0]?.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [TEAMS] }]);
  });

  it('gives a member the group cannot license an Error state, holding no seat', () => {
    const doc = memberWithoutFreeSeat();
    normalize(doc);
    expect(doc.users[1]).toMatchObject({
      licenseAssignmentStates: [{ skuId: E5, assignedByGroup: SALES, state: 'Error', error: 'CountViolation', disabledPlans: [], lastUpdatedDateTime: NOW_STAMP }],
      assignedLicenses: [],
    });
    expect(doc.subscribedSkus[1]?.consumedUnits).toBe(1);
  });

  it.each([
    { members: 'a failed member', build: failureNotFlagged, expected: true },
    { members: 'no failed member', build: flaggedWithoutFailure, expected: false },
  ])('sets hasMembersWithLicenseErrors to $expected for a group with $members', ({ build, expected }) => {
    const doc = build();
    normalize(doc);
    expect(doc.groups[0]?.hasMembersWithLicenseErrors).toBe(expected);
  });

  it("does not count a member's error from another group against a group", () => {
    const doc = tenant(
      { e3: 1, e5: 1 },
      [aliceHoldsE5(), bob([viaSales(E3), aLicenseState(E5, { group: MARKETING, state: 'Error', error: 'CountViolation' })])],
      [
        sales([{ skuId: E3, disabledPlans: [] }], [BOB], { hasMembersWithLicenseErrors: false }),
        aGroup({ displayName: 'Marketing', assignedLicenses: [{ skuId: E5, disabledPlans: [] }], members: [BOB], hasMembersWithLicenseErrors: true }),
      ],
    );
    const before = structuredClone(doc);
    expect(normalize(doc)).toEqual([]);
    expect(doc).toEqual(before);
  });

  it("gives a member who holds the SKU directly the group's state too, and an unchanged list is no disagreement", () => {
    const doc = tenant({ e3: 1 }, [bob([aLicenseState(E3, { disabledPlans: [TEAMS] })])], [sales([{ skuId: E3, disabledPlans: [TEAMS] }], [BOB])]);
    expect(normalize(doc)).toEqual(['user bob@contoso.com: member of group Sales but lacked its inherited licenses; processed now']);
    expect(doc.users[0]?.licenseAssignmentStates).toEqual([
      aLicenseState(E3, { disabledPlans: [TEAMS] }),
      { ...viaSales(E3, [TEAMS]), lastUpdatedDateTime: NOW_STAMP },
    ]);
    expect(doc.users[0]?.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [TEAMS] }]);
    expect(doc.subscribedSkus[0]?.consumedUnits).toBe(1);
  });

  it("gives a member who has one of the group's licenses the others", () => {
    const licenses = [{ skuId: E3, disabledPlans: [] }, { skuId: E5, disabledPlans: [] }];
    const doc = tenant({ e3: 1, e5: 1 }, [bob([viaSales(E3)], licenses)], [sales(licenses, [BOB])]);
    expect(normalize(doc)).toEqual(['user bob@contoso.com: member of group Sales but lacked its inherited licenses; processed now']);
    expect(doc.users[0]?.licenseAssignmentStates).toEqual([viaSales(E3), { ...viaSales(E5), lastUpdatedDateTime: NOW_STAMP }]);
  });

  it('lower-cases the service plan ids of the SKU list', () => {
    const doc = tenant({}, []);
    for (const plan of doc.subscribedSkus[0]!.servicePlans) plan.servicePlanId = plan.servicePlanId.toUpperCase();
    expect(normalize(doc)).toEqual([]);
    expect(doc.subscribedSkus[0]?.servicePlans.map((plan) => plan.servicePlanId)).toEqual([planId('EXCHANGE_S_ENTERPRISE'), SWAY, TEAMS]);
  });
});

describe("normalizeTenant and a user's assignedLicenses", () => {
  it('keeps a list that names the same licenses in another order as the file wrote it', () => {
    const written = [{ skuId: E5, disabledPlans: [] }, { skuId: E3, disabledPlans: [TEAMS, SWAY] }];
    const doc = tenant({ e3: 1, e5: 1 }, [alice([aLicenseState(E3, { disabledPlans: [SWAY, TEAMS] }), aLicenseState(E5)], written)]);
    expect(normalize(doc)).toEqual([]);
    expect(doc.users[0]?.assignedLicenses).toEqual(written);
  });

  it.each([
    { rule: 'names a SKU that only a failed group assignment gives', direct: [], written: [{ skuId: E5, disabledPlans: [] }], derived: [] },
    {
      rule: 'switches off fewer plans than the state',
      direct: [aLicenseState(E3, { disabledPlans: [SWAY, TEAMS] })],
      written: [{ skuId: E3, disabledPlans: [SWAY] }],
      derived: [{ skuId: E3, disabledPlans: [SWAY, TEAMS] }],
    },
    {
      rule: 'switches off more plans than the state',
      direct: [aLicenseState(E3, { disabledPlans: [SWAY] })],
      written: [{ skuId: E3, disabledPlans: [SWAY, TEAMS] }],
      derived: [{ skuId: E3, disabledPlans: [SWAY] }],
    },
    {
      rule: 'switches off other plans than the state',
      direct: [aLicenseState(E3, { disabledPlans: [SWAY] })],
      written: [{ skuId: E3, disabledPlans: [TEAMS] }],
      derived: [{ skuId: E3, disabledPlans: [SWAY] }],
    },
  ])('recomputes a list that $rule', ({ direct, written, derived }) => {
    // Bob also inherits E5 from Sales, in error: Alice holds its only seat.
    const doc = tenant({ e3: direct.length, e5: 1 }, [aliceHoldsE5(), bob([...direct, failedViaSales(E5)], written)], [salesFailingE5()]);
    expect(normalize(doc)).toEqual(['user bob@contoso.com: assignedLicenses disagree with licenseAssignmentStates; using the recomputed list']);
    expect(doc.users[1]?.assignedLicenses).toEqual(derived);
  });
});
