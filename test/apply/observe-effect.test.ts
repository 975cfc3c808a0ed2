import { describe, expect, it } from 'vitest';
import { judgeGroupProcessing, membersShowGroupChange } from '../../src/apply/judge-group-processing.js';
import { observeEffect } from '../../src/apply/observe-effect.js';
import type { Operation, SkuChange } from '../../src/model/plan.js';
import { aGroup, aLicenseState, aUser, planId, skuIdOf } from '../support/builders.js';

const E3 = skuIdOf('SPE_E3');
const E5 = skuIdOf('SPE_E5');
const SWAY = planId('SWAY');

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

  it('reports a license the operation added that is active with errors, or in error', () => {
    const user = aUser({ licenseAssignmentStates: [aLicenseState(E5, { disabledPlans: [SWAY], state: 'ActiveWithError', error: 'DependencyViolation' })] });
    expect(observeEffect(swap, user)).toEqual({ observed: true, asBefore: false, problems: [{ skuId: E5, state: 'ActiveWithError', error: 'DependencyViolation' }] });
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
    ['no members', [], true],
  ])('%s', (_name, members, expected) => {
    expect(membersShowGroupChange('G', request, members)).toBe(expected);
  });
});
