import { describe, expect, it } from 'vitest';
import { judgeGroupProcessing, membersShowGroupChange } from '../../src/apply/judge-group-processing.js';
import { observeEffect } from '../../src/apply/observe-effect.js';
import type { Operation, SkuChange } from '../../src/model/plan.js';
import { aGroup, aLicenseState, aUser, planId, skuIdOf } from '../support/builders.js';

const E3 = skuIdOf('SPE_E3');
const E5 = skuIdOf('SPE_E5');
const VISIO = skuIdOf('VISIOCLIENT');
const SWAY = planId('SWAY');
const TEAMS = planId('TEAMS1');
const FORMS = planId('FORMS_PLAN_E5');

/** An operation on alice: `changes` as [part number, before disabled plans | null, after | null]. */
function anOperation(kind: 'user' | 'group', changes: [string, string[] | null, string[] | null][]): Operation {
  const plans = (ids: string[] | null) => (ids === null ? null : { disabledPlans: ids.map((servicePlanId) => ({ servicePlanId, servicePlanName: servicePlanId })) });
  const skuChanges: SkuChange[] = changes.map(([part, before, after]) => ({
    action: before === null ? 'assign' : after === null ? 'remove' : 'update',
    sku: { skuId: skuIdOf(part), skuPartNumber: part },
    before: plans(before),
    after: plans(after),
    plansEnabled: [],
    plansDisabled: [],
  }));
  return {
    id: `${kind}:x`,
    principal: { kind, id: 'x', name: 'x' },
    phase: 'acquire',
    changes: skuChanges,
    request: {
      addLicenses: changes.filter(([, , after]) => after !== null).map(([part, , after]) => ({ skuId: skuIdOf(part), disabledPlans: after ?? [] })),
      removeLicenses: changes.filter(([, , after]) => after === null).map(([part]) => skuIdOf(part)),
    },
    seatDelta: {},
    fingerprint: 'fp',
  };
}

const swap = anOperation('user', [['SPE_E5', null, [SWAY]], ['SPE_E3', [], null]]);

describe('observeEffect', () => {
  it.each([
    ['the swap done', [aLicenseState(E5, { disabledPlans: [SWAY.toUpperCase()] })], { observed: true, asBefore: false }],
    ['the state from before', [aLicenseState(E3)], { observed: false, asBefore: true, detail: 'SPE_E5 not assigned; SPE_E3 still assigned' }],
    ['half of it', [aLicenseState(E5, { disabledPlans: [SWAY] }), aLicenseState(E3)], { observed: false, asBefore: false, detail: 'SPE_E3 still assigned' }],
    ['other plans switched off', [aLicenseState(E5)], { observed: false, asBefore: false, detail: 'SPE_E5 has other plans switched off' }],
    ['only an inherited copy', [aLicenseState(E5, { group: 'g', disabledPlans: [SWAY] })], { observed: false, asBefore: false, detail: 'SPE_E5 not assigned' }],
  ])('reads %s', (_name, states, expected) => {
    expect(observeEffect(swap, aUser({ licenseAssignmentStates: states }))).toEqual({ problems: [], ...expected });
  });

  // Graph does not promise the case of the GUIDs it returns; an upper-cased read is the same SKU.
  it('matches SKU ids in any case, for a user, a user state problem and a group', () => {
    const upper = aUser({ licenseAssignmentStates: [aLicenseState(E5.toUpperCase(), { disabledPlans: [SWAY], state: 'Error', error: 'CountViolation' })] });
    const add = anOperation('user', [['SPE_E5', null, [SWAY]]]);
    expect(observeEffect(add, upper)).toEqual({ observed: true, asBefore: false, problems: [{ skuId: E5.toUpperCase(), state: 'Error', error: 'CountViolation' }] });
    const group = aGroup({ assignedLicenses: [{ skuId: E5.toUpperCase(), disabledPlans: [SWAY] }] });
    expect(observeEffect(anOperation('group', [['SPE_E5', null, [SWAY]]]), group)).toEqual({ observed: true, asBefore: false, problems: [] });
  });

  it('reports a license the operation added that is active with errors, or in error', () => {
    const user = aUser({ licenseAssignmentStates: [aLicenseState(E5, { disabledPlans: [SWAY], state: 'ActiveWithError', error: 'DependencyViolation' })] });
    expect(observeEffect(swap, user)).toEqual({ observed: true, asBefore: false, problems: [{ skuId: E5, state: 'ActiveWithError', error: 'DependencyViolation' }] });
  });

  it('compares switched-off plans as a set, in any order', () => {
    const operation = anOperation('user', [['SPE_E5', null, [SWAY, TEAMS]]]);
    expect(observeEffect(operation, aUser({ licenseAssignmentStates: [aLicenseState(E5, { disabledPlans: [TEAMS, SWAY] })] })).observed).toBe(true);
    expect(observeEffect(operation, aUser({ licenseAssignmentStates: [aLicenseState(E5, { disabledPlans: [SWAY, FORMS] })] })).observed).toBe(false);
    // As many entries, fewer plans: a repeated plan does not stand in for a missing one.
    expect(observeEffect(operation, aUser({ licenseAssignmentStates: [aLicenseState(E5, { disabledPlans: [SWAY, SWAY] })] })).observed).toBe(false);
  });

  // Only the operation's own direct licenses count: not an inherited copy, not another SKU.
  it.each([
    ['an inherited copy in error', [aLicenseState(E5, { disabledPlans: [SWAY] }), aLicenseState(E5, { group: 'g', state: 'Error', error: 'CountViolation' })], []],
    ['another SKU in error', [aLicenseState(E5, { disabledPlans: [SWAY] }), aLicenseState(VISIO, { state: 'Error', error: 'CountViolation' })], []],
    ['in error without an error code', [aLicenseState(E5, { disabledPlans: [SWAY], state: 'Error', error: 'None' })], [{ skuId: E5, state: 'Error', error: 'Other' }]],
    ['active, reporting an error', [aLicenseState(E5, { disabledPlans: [SWAY], error: 'CountViolation' })], [{ skuId: E5, state: 'Active', error: 'CountViolation' }]],
  ])('reports state problems: %s', (_name, states, problems) => {
    expect(observeEffect(swap, aUser({ licenseAssignmentStates: states })).problems).toEqual(problems);
  });

  it('reports a problem with any of the licenses the operation added', () => {
    const operation = anOperation('user', [['SPE_E5', null, []], ['VISIOCLIENT', null, []]]);
    const user = aUser({ licenseAssignmentStates: [aLicenseState(E5), aLicenseState(VISIO, { state: 'Error', error: 'MutuallyExclusiveViolation' })] });
    expect(observeEffect(operation, user).problems).toEqual([{ skuId: VISIO, state: 'Error', error: 'MutuallyExclusiveViolation' }]);
  });

  it('reads a group by its own assignedLicenses, and a missing principal as not observed', () => {
    const operation = anOperation('group', [['SPE_E3', null, []]]);
    expect(observeEffect(operation, aGroup({ assignedLicenses: [{ skuId: E3, disabledPlans: [] }] })).observed).toBe(true);
    expect(observeEffect(operation, aGroup({ assignedLicenses: [] }))).toMatchObject({ observed: false, asBefore: true });
    expect(observeEffect(operation, undefined)).toEqual({ observed: false, asBefore: false, detail: 'group not found', problems: [] });
  });
});

describe('judgeGroupProcessing', () => {
  const read = (state: string | null, lastUpdatedDateTime?: string) => ({ groupId: 'g', state, membersWithErrors: [], ...(lastUpdatedDateTime === undefined ? {} : { lastUpdatedDateTime }) });
  const sentAt = Date.parse('2026-01-01T10:00:00Z');

  it.each([
    ['no state', read(null), false, true, 'not-started'],
    ['queued', read('QueuedForProcessing'), false, true, 'running'],
    ['an unknown state', read('SomethingNew'), false, true, 'running'],
    ['complete, nothing else known', read('ProcessingComplete'), false, true, 'unconfirmed'],
    ['complete after seeing it run', read('ProcessingComplete'), true, true, 'finished'],
    ['failed after seeing it run', read('ProcessingFailed'), true, true, 'finished'],
    ['complete, stamped after the write', read('ProcessingComplete', '2026-01-01T10:00:01Z'), false, true, 'finished'],
    ['complete, stamped before the write', read('ProcessingComplete', '2026-01-01T09:59:59Z'), false, true, 'unconfirmed'],
    ['complete, stamped at the moment of the write', read('ProcessingComplete', '2026-01-01T10:00:00Z'), false, true, 'unconfirmed'],
    ['complete on a store whose reads do not lag', read('ProcessingComplete'), false, false, 'finished'],
  ])('%s', (_name, processing, sawRunning, readsLag, verdict) => {
    expect(judgeGroupProcessing(processing, { sentAt, sawRunning, readsLag })).toBe(verdict);
  });
});

describe('membersShowGroupChange', () => {
  const request = { addLicenses: [{ skuId: E3, disabledPlans: [SWAY] }], removeLicenses: [E5] };
  const member = (...states: ReturnType<typeof aLicenseState>[]) => aUser({ userPrincipalName: `m${states.length}@contoso.com`, licenseAssignmentStates: states });

  it.each([
    ['every member shows it', [member(aLicenseState(E3, { group: 'g', disabledPlans: [SWAY] }))], true],
    ['a member in error counts as processed', [member(aLicenseState(E3, { group: 'g', state: 'Error', error: 'CountViolation' }))], true],
    ['a member still has the old plans', [member(aLicenseState(E3, { group: 'g' }))], false],
    ['a member still inherits the removed SKU', [member(aLicenseState(E3, { group: 'g', disabledPlans: [SWAY] }), aLicenseState(E5, { group: 'g' }))], false],
    ['a member holds the SKU directly only', [member(aLicenseState(E3, { disabledPlans: [SWAY] }))], false],
    ['a member inherits only another SKU from the group', [member(aLicenseState(VISIO, { group: 'g', disabledPlans: [SWAY] }))], false],
    ['no members', [], true],
  ])('%s', (_name, members, expected) => {
    expect(membersShowGroupChange('G', request, members)).toBe(expected);
  });
});

describe('membersShowGroupChange with several licenses and plans', () => {
  const request = { addLicenses: [{ skuId: E3, disabledPlans: [SWAY, TEAMS] }, { skuId: VISIO, disabledPlans: [] }], removeLicenses: [] };
  const visio = aLicenseState(VISIO, { group: 'g' });

  it.each([
    ['both licenses, plans in another order', [aLicenseState(E3, { group: 'g', disabledPlans: [TEAMS, SWAY] }), visio], true],
    ['one of the two licenses', [aLicenseState(E3, { group: 'g', disabledPlans: [SWAY, TEAMS] })], false],
    ['as many plans switched off, not the same ones', [aLicenseState(E3, { group: 'g', disabledPlans: [SWAY, FORMS] }), visio], false],
    ['one of the plans twice, the other not', [aLicenseState(E3, { group: 'g', disabledPlans: [SWAY, SWAY] }), visio], false],
  ])('a member showing %s', (_name, states, expected) => {
    expect(membersShowGroupChange('g', request, [aUser({ licenseAssignmentStates: states })])).toBe(expected);
  });
});
