import { describe, expect, it } from 'vitest';
import { holdsSeat as plannerHoldsSeat } from '../../../src/plan/compute-holdings.js';
import { checkConsistency, holdsSeat, loadTenantState, type TenantChange } from '../../../src/stores/semantics/index.js';
import type { TenantDocument } from '../../../src/model/tenant.js';
import { aGroup, aLicenseState, aSku, aTenant, aUser, guidFor } from '../../support/builders.js';
import { GROUP, PLAN, SKU, USER, contractTenant } from '../../support/contract-tenant.js';

const clock = () => new Date('2026-02-03T04:05:06.789Z');

function load(options: Parameters<typeof loadTenantState>[1] = {}) {
  return loadTenantState(contractTenant(), { now: clock, ...options });
}

describe('loading', () => {
  it('accepts the consistent contract tenant without warnings', () => {
    expect(checkConsistency(contractTenant())).toEqual([]);
  });

  it('warns about every derived field that disagrees and uses the recomputed values', () => {
    const doc = contractTenant();
    doc.subscribedSkus[0]!.consumedUnits = 7;
    doc.users[0]!.assignedLicenses = [];
    doc.users[2]!.licenseAssignmentStates = []; // carol lost her inherited E3
    doc.users[5]!.licenseAssignmentStates.push({ skuId: SKU.e5, assignedByGroup: GROUP.sales, state: 'Active', error: null, disabledPlans: [], lastUpdatedDateTime: 'x' });
    const before = structuredClone(doc);
    const warnings = checkConsistency(doc);
    expect(doc).toEqual(before);
    expect(warnings).toEqual(expect.arrayContaining([
      expect.stringContaining('SKU SPE_E3: consumedUnits is 7 in the file but 3 users hold it; using 3'),
      expect.stringContaining('user alice@contoso.com: assignedLicenses disagree'),
      expect.stringContaining('user carol@contoso.com: member of group Sales but lacked its inherited licenses'),
      expect.stringContaining(`user frank@contoso.com: inherited license ${SKU.e5} from group ${GROUP.sales} dropped because the group does not assign it`),
    ]));

    const { state } = loadTenantState(doc, { now: clock });
    expect(state.overview().skus.find((sku) => sku.skuId === SKU.e3)?.consumedUnits).toBe(3);
    expect(state.getUser('carol@contoso.com')?.licenseAssignmentStates).toEqual([
      { skuId: SKU.e3, assignedByGroup: GROUP.sales, state: 'Active', error: null, disabledPlans: [PLAN.mfa], lastUpdatedDateTime: '2026-02-03T04:05:06Z' },
    ]);
    expect(checkConsistency(state.document)).toEqual([]);
  });

  it('lowers upper-case SKU and plan GUIDs wherever they are, known to the SKU list or not', () => {
    const doc = contractTenant();
    const stranger = 'A0A0A0A0-0000-4000-8000-00000000ABCD';
    for (const sku of doc.subscribedSkus) {
      sku.skuId = sku.skuId.toUpperCase();
      for (const plan of sku.servicePlans) plan.servicePlanId = plan.servicePlanId.toUpperCase();
    }
    for (const group of doc.groups) for (const license of group.assignedLicenses) license.disabledPlans = license.disabledPlans.map((id) => id.toUpperCase());
    const alice = doc.users[0]!;
    alice.licenseAssignmentStates = alice.licenseAssignmentStates.map((state) => ({ ...state, skuId: state.skuId.toUpperCase(), disabledPlans: [...state.disabledPlans.map((id) => id.toUpperCase()), stranger] }));
    alice.assignedLicenses = [{ skuId: SKU.e3, disabledPlans: [PLAN.intune, stranger.toLowerCase()] }];

    const { state, warnings } = loadTenantState(doc, { now: clock });
    expect(warnings).toEqual([]);
    expect(state.overview().skus.map((sku) => sku.skuId)).toEqual(Object.values(SKU).filter((id) => id !== SKU.unknown));
    expect(state.getUser(USER.alice)?.licenseAssignmentStates.map((s) => [s.skuId, s.disabledPlans])).toEqual([[SKU.e3, [PLAN.intune, stranger.toLowerCase()]]]);
    expect(state.getGroup(GROUP.sales)?.assignedLicenses[0]?.disabledPlans).toEqual([PLAN.mfa]);
  });

  it('summarises warnings of one kind beyond the limit', () => {
    const doc = contractTenant();
    for (const user of doc.users) user.assignedLicenses = [{ skuId: SKU.e5, disabledPlans: [] }];
    const { warnings } = loadTenantState(doc, { warningsPerKind: 2 });
    expect(warnings.filter((w) => w.startsWith('user ') && w.includes('assignedLicenses disagree'))).toHaveLength(2);
    expect(warnings).toContain('... and 4 more users whose assignedLicenses disagree with their licenseAssignmentStates');
  });
});

describe('deferred group processing', () => {
  it('steps a group through Queued, InProgress and Complete, licensing members only at the end', () => {
    const changes: TenantChange[] = [];
    const { state } = load({ groupProcessing: 'deferred', onChange: (change) => changes.push(change) });
    const outcome = state.assignLicense('group', GROUP.engineering, { addLicenses: [{ skuId: SKU.e5, disabledPlans: [] }], removeLicenses: [] });
    expect(outcome).toMatchObject({ ok: true, status: 202, body: { assignedLicenses: [{ skuId: SKU.e5, disabledPlans: [] }], licenseProcessingState: { state: 'QueuedForProcessing' } } });
    expect(state.groupProcessing(GROUP.engineering)?.state).toBe('QueuedForProcessing');
    expect(state.pendingGroupProcessing()).toEqual([GROUP.engineering]);
    expect(state.freeSeats(SKU.e5)).toBe(2);

    expect(state.advanceGroupProcessing(GROUP.engineering)).toBe('ProcessingInProgress');
    expect(state.getUser(USER.frank)?.assignedLicenses).toEqual([]);
    expect(state.advanceGroupProcessing(GROUP.engineering)).toBe('ProcessingComplete');
    expect(state.advanceGroupProcessing(GROUP.engineering)).toBeUndefined();
    expect(state.freeSeats(SKU.e5)).toBe(0);
    expect(state.getUser(USER.bob)?.assignedLicenses).toEqual([{ skuId: SKU.e5, disabledPlans: [] }]);
    expect(state.groupProcessing(GROUP.engineering)).toEqual({ groupId: GROUP.engineering, state: 'ProcessingComplete', membersWithErrors: [] });
    expect(changes).toEqual(expect.arrayContaining([{ kind: 'user', id: USER.bob }, { kind: 'user', id: USER.frank }, { kind: 'group', id: GROUP.engineering }]));
  });

  it('completes every pending group at once', () => {
    const { state } = load({ groupProcessing: 'deferred' });
    state.assignLicense('group', GROUP.engineering, { addLicenses: [{ skuId: SKU.e5 }], removeLicenses: [] });
    state.assignLicense('group', GROUP.sales, { addLicenses: [], removeLicenses: [SKU.e3] });
    state.completeGroupProcessing();
    expect(state.pendingGroupProcessing()).toEqual([]);
    expect(state.getUser(USER.carol)?.licenseAssignmentStates).toEqual([]);
    expect(state.freeSeats(SKU.e3)).toBe(8);
    expect(checkConsistency(state.document)).toEqual([]);
  });
});

describe('queries', () => {
  it('finds holders by direct assignment only, and groups assigning the SKU', () => {
    const { state } = load();
    const holders = state.holdersOf([SKU.e3.toUpperCase()]);
    expect(holders.users.map((user) => user.id)).toEqual([USER.alice, USER.dave]);
    expect(holders.groups.map((group) => group.id)).toEqual([GROUP.sales]);
  });

  it('lists the groups of a member and the user members of a group', () => {
    const { state } = load();
    expect(state.groupsOf(USER.alice).map((group) => group.displayName)).toEqual(['Marketing', 'Analysts']);
    expect(state.userMembersOf(GROUP.sales)).toEqual([USER.carol, USER.dave]);
    expect(state.findGroups('MARKETING').map((group) => group.id)).toEqual([GROUP.marketingA, GROUP.marketingB]);
  });
});

describe('the seat rule and usage locations shared with the planner', () => {
  it('counts Active, ActiveWithError and Disabled states as holding a seat, Error not, as the planner does', () => {
    const doc = contractTenant();
    const frank = doc.users.find((user) => user.id === USER.frank);
    const bob = doc.users.find((user) => user.id === USER.bob);
    if (frank === undefined || bob === undefined) throw new Error('contract tenant changed');
    // frank holds E5 in a Disabled state, bob has a direct E5 that failed (Error).
    frank.licenseAssignmentStates = [{ skuId: SKU.e5, assignedByGroup: null, state: 'Disabled', error: null, disabledPlans: [], lastUpdatedDateTime: 'x' }];
    bob.licenseAssignmentStates = [{ skuId: SKU.e5, assignedByGroup: null, state: 'Error', error: 'Other', disabledPlans: [], lastUpdatedDateTime: 'x' }];
    const { state } = loadTenantState(doc, { now: clock });
    expect(state.overview().skus.find((sku) => sku.skuId === SKU.e5)?.consumedUnits).toBe(1);
    expect(state.getUser(USER.frank)?.assignedLicenses.map((license) => license.skuId)).toEqual([SKU.e5]);
    expect(state.getUser(USER.bob)?.assignedLicenses).toEqual([]);
    expect(['Active', 'ActiveWithError', 'Disabled', 'Error'].map((value) => holdsSeat({ state: value }))).toEqual([true, true, true, false]);
    expect(plannerHoldsSeat).toBe(holdsSeat);
  });

  it('refuses a direct assignment to a user whose usage location is not a country code, as Graph does', () => {
    const doc = contractTenant();
    const frank = doc.users.find((user) => user.id === USER.frank);
    if (frank === undefined) throw new Error('contract tenant changed');
    frank.usageLocation = 'XY';
    const { state } = loadTenantState(doc, { now: clock });
    expect(state.assignLicense('user', USER.frank, { addLicenses: [{ skuId: SKU.e5, disabledPlans: [] }], removeLicenses: [] })).toMatchObject({
      ok: false, status: 400, message: 'License assignment cannot be done for user with invalid usage location.',
    });
  });
});

describe('load warnings', () => {
  it('are handed out once', () => {
    const doc = contractTenant();
    doc.subscribedSkus[0]!.consumedUnits = 7;
    const { state, warnings } = loadTenantState(doc, { now: clock });
    expect(warnings).toEqual(['SKU SPE_E3: consumedUnits is 7 in the file but 3 users hold it; using 3']);
    expect(state.takeLoadWarnings()).toEqual([]);
  });
});

describe('a document saved while a group was processing', () => {
  function savedWhile(processing: string) {
    const doc = contractTenant();
    doc.groups.find((group) => group.id === GROUP.engineering)!.licenseProcessingState = { state: processing };
    return doc;
  }

  it.each([
    ['QueuedForProcessing', [GROUP.engineering], 'QueuedForProcessing'],
    // Where it stood in processing is lost with the process: it starts over.
    ['ProcessingInProgress', [GROUP.engineering], 'QueuedForProcessing'],
    ['ProcessingComplete', [], 'ProcessingComplete'],
  ])('with the group %s is queued again under deferred processing', (saved, pending, resumed) => {
    const { state } = loadTenantState(savedWhile(saved), { now: clock, groupProcessing: 'deferred' });
    expect(state.pendingGroupProcessing()).toEqual(pending);
    expect(state.groupProcessing(GROUP.engineering)?.state).toBe(resumed);
    expect(state.getGroup(GROUP.engineering)?.licenseProcessingState).toEqual({ state: resumed });
  });

  it.each(['QueuedForProcessing', 'ProcessingInProgress'])('with the group %s is processed at once under immediate processing', (saved) => {
    const { state } = loadTenantState(savedWhile(saved), { now: clock });
    expect(state.pendingGroupProcessing()).toEqual([]);
    expect(state.getGroup(GROUP.engineering)).toMatchObject({ licenseProcessingState: { state: 'ProcessingComplete' }, hasMembersWithLicenseErrors: false });
  });
});

describe('deferred processing of one group among several', () => {
  it('processes a group given a new assignment while in progress once, with its latest licenses, without queueing it again', () => {
    const { state } = load({ groupProcessing: 'deferred' });
    state.assignLicense('group', GROUP.engineering, { addLicenses: [{ skuId: SKU.e5, disabledPlans: [] }], removeLicenses: [] });
    expect(state.advanceGroupProcessing(GROUP.engineering)).toBe('ProcessingInProgress');
    const again = state.assignLicense('group', GROUP.engineering, { addLicenses: [{ skuId: SKU.e5, disabledPlans: [PLAN.defender] }], removeLicenses: [] });
    expect(again).toMatchObject({ ok: true, body: { licenseProcessingState: { state: 'ProcessingInProgress' } } });
    expect(state.groupProcessing(GROUP.engineering)?.state).toBe('ProcessingInProgress');
    expect(state.advanceGroupProcessing(GROUP.engineering)).toBe('ProcessingComplete');
    expect(state.pendingGroupProcessing()).toEqual([]);
    expect(state.getUser(USER.bob)?.assignedLicenses).toEqual([{ skuId: SKU.e5, disabledPlans: [PLAN.defender] }]);
  });

  it('completes only the group named', () => {
    const { state } = load({ groupProcessing: 'deferred' });
    state.assignLicense('group', GROUP.engineering, { addLicenses: [{ skuId: SKU.e5, disabledPlans: [] }], removeLicenses: [] });
    state.assignLicense('group', GROUP.sales, { addLicenses: [], removeLicenses: [SKU.e3] });
    state.completeGroupProcessing(GROUP.sales);
    expect(state.pendingGroupProcessing()).toEqual([GROUP.engineering]);
    expect(state.groupProcessing(GROUP.sales)?.state).toBe('ProcessingComplete');
    expect(state.getUser(USER.carol)?.licenseAssignmentStates).toEqual([]);
    expect(state.getUser(USER.bob)?.assignedLicenses).toEqual([]);
  });
});

describe('snapshots handed out before a write', () => {
  const query = { users: [USER.alice], groups: [], holdersOf: [], members: false };
  const aliceE5 = { addLicenses: [{ skuId: SKU.e5, disabledPlans: [] }], removeLicenses: [] };

  it('keep what they saw, every one of them', () => {
    const { state } = load();
    const first = state.snapshot(query);
    const second = state.snapshot(query);
    const seen = structuredClone(first.users);
    expect(state.assignLicense('user', USER.alice, aliceE5)).toMatchObject({ ok: true });
    expect(first.users).toEqual(seen);
    expect(second.users).toEqual(seen);
    expect(state.snapshot(query).users[0]?.assignedLicenses.map((license) => license.skuId)).toEqual([SKU.e3, SKU.e5]);
  });

  it('keep the sign-in activity they were asked for', () => {
    const doc = contractTenant();
    const signIns = { lastSignInDateTime: '2026-01-02T03:04:05Z', lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: '2026-01-02T03:04:05Z' };
    doc.users[0]!.signInActivity = signIns;
    const { state } = loadTenantState(doc, { now: clock });
    const snapshot = state.snapshot({ ...query, signInActivity: true });
    const seen = structuredClone(snapshot.users);
    expect(seen[0]?.signInActivity).toEqual(signIns);
    expect(state.assignLicense('user', USER.alice, aliceE5)).toMatchObject({ ok: true });
    expect(snapshot.users).toEqual(seen);
  });
});

describe('ids with letters, in any case', () => {
  // The contract tenant's ids are all digits, where lower and upper case are the same.
  const e3 = aSku({ skuPartNumber: 'SPE_E3', total: 10 });
  const other = aGroup({ displayName: 'Other', assignedLicenses: [{ skuId: e3.skuId, disabledPlans: [] }] });
  const sales = aGroup({ displayName: 'Sales', assignedLicenses: [{ skuId: e3.skuId, disabledPlans: [] }] });
  const failed = aUser({
    userPrincipalName: 'failed@contoso.com',
    licenseAssignmentStates: [
      aLicenseState(e3.skuId, { group: sales.id, state: 'Error', error: 'CountViolation' }),
      aLicenseState(e3.skuId, { group: other.id, state: 'Error', error: 'Other' }),
    ],
  });
  const partly = aUser({
    userPrincipalName: 'partly@contoso.com',
    licenseAssignmentStates: [
      aLicenseState(e3.skuId),
      aLicenseState(e3.skuId, { group: sales.id, state: 'ActiveWithError', error: null }),
    ],
  });
  const fine = aUser({ userPrincipalName: 'fine@contoso.com', licenseAssignmentStates: [aLicenseState(e3.skuId, { group: sales.id })] });
  function letteredTenant(): TenantDocument {
    return {
      tenant: aTenant(),
      subscribedSkus: [{ ...e3, consumedUnits: 2 }],
      users: [failed, partly, fine].map((user) => structuredClone(user)),
      groups: [
        { ...sales, members: [failed.id.toUpperCase(), partly.id, fine.id] },
        { ...other, members: [failed.id] },
      ],
    };
  }

  it('has letters in its ids', () => {
    expect([failed.id, partly.id, sales.id].map((id) => /[a-f]/.test(id))).toEqual([true, true, true]);
  });

  it('finds the groups of a member and the user members of a group', () => {
    const { state, warnings } = loadTenantState(letteredTenant(), { now: clock });
    expect(warnings).toEqual([]);
    expect(state.groupsOf(failed.id.toUpperCase()).map((group) => group.id)).toEqual([sales.id, other.id]);
    expect(state.groupsOf(partly.id).map((group) => group.id)).toEqual([sales.id]);
    expect(state.userMembersOf(sales.id.toUpperCase())).toEqual([failed.id, partly.id, fine.id]);
    expect(state.userMembersOf(guidFor('group:nobody'))).toEqual([]);
  });

  it("lists the members in error through this group's licenses only, a failure without a code as Other", () => {
    const { state } = loadTenantState(letteredTenant(), { now: clock });
    expect(state.groupProcessing(sales.id)).toEqual({
      groupId: sales.id,
      state: 'ProcessingComplete',
      membersWithErrors: [
        { userId: failed.id, userPrincipalName: 'failed@contoso.com', skuId: e3.skuId, error: 'CountViolation', state: 'Error' },
        { userId: partly.id, userPrincipalName: 'partly@contoso.com', skuId: e3.skuId, error: 'Other', state: 'ActiveWithError' },
      ],
    });
  });
});
