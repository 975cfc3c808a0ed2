import { describe, expect, it } from 'vitest';
import { addMembers, aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSnapshot, aUser } from '../support/builders.js';
import { E3, PBI, runPlan } from './plan-kit.js';

const e3 = { skuId: E3.skuId, disabledPlans: [] };
const alice = aUser({ userPrincipalName: 'alice@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId)] });
const bob = aUser({ userPrincipalName: 'bob@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId), aLicenseState(PBI.skuId)] });
const legacy = aGroup({ displayName: 'Legacy', assignedLicenses: [e3] });
const viaLegacy = addMembers(legacy, [aUser({ userPrincipalName: 'dan@contoso.com' })]);
const desiredAlice = aDesiredPrincipal('user', 'alice@contoso.com', [aDesiredLicense(E3.skuId)]);

describe('prune', () => {
  it.each([
    {
      name: 'removes managed direct assignments of unlisted users and groups',
      holdersOf: [E3.skuId],
      expected: [['release', 'bob@contoso.com', ['remove SPE_E3']], ['release', 'Legacy', ['remove SPE_E3']]],
      notes: [],
    },
    {
      name: 'leaves SKUs whose holders the snapshot does not hold completely',
      holdersOf: [],
      expected: [],
      notes: ['holders of SPE_E3 outside the config were not read, so prune left them alone'],
    },
  ])('$name', ({ holdersOf, expected, notes }) => {
    const snapshot = aSnapshot({ skus: [E3, PBI], users: [alice, bob, ...viaLegacy.users], groups: [viaLegacy.group], holdersOf });
    const plan = runPlan(aDesired({ users: [desiredAlice], settings: { prune: true } }), snapshot, { maxRemovals: 10 });

    expect(plan.operations.map((op) => [op.phase, op.principal.name, op.changes.map((c) => `${c.action} ${c.sku.skuPartNumber}`)])).toEqual(expected);
    for (const op of plan.operations) expect(op.source).toBeUndefined();
    expect(plan.checks.filter((c) => c.code === 'unmanaged-holders').map((c) => c.message)).toEqual(notes);
  });
});

describe('unmanaged holders without prune', () => {
  it.each([
    { name: 'counts seats held outside the listed principals and their groups', consumed: 4, note: '2 seats of SPE_E3 are held outside the config' },
    { name: 'one seat', consumed: 3, note: '1 seat of SPE_E3 is held outside the config' },
    { name: 'nothing when the config accounts for every seat', consumed: 2, note: undefined },
  ])('$name', ({ consumed, note }) => {
    // alice (listed, direct) and dan (through listed group Legacy) account for 2 seats; bob holds 1 outside.
    const sku = { ...E3, consumedUnits: consumed };
    const desired = aDesired({ users: [desiredAlice], groups: [aDesiredPrincipal('group', 'Legacy', [aDesiredLicense(E3.skuId)])] });
    const plan = runPlan(desired, aSnapshot({ skus: [sku, PBI], users: [alice, bob, ...viaLegacy.users], groups: [viaLegacy.group], keepConsumed: true }));

    expect(plan.operations).toEqual([]);
    const notes = plan.checks.filter((c) => c.code === 'unmanaged-holders');
    expect(notes.map((c) => c.message)).toEqual(note === undefined ? [] : [note]);
    expect(notes.every((c) => c.severity === 'note' && c.sku?.skuPartNumber === 'SPE_E3')).toBe(true);
  });

  it('accounts for the seats of users a key points at even when the key does not resolve to one', () => {
    // The store answering two users for one key blocks the plan, but both are meant by the config.
    const snapshot = aSnapshot({ skus: [{ ...E3, consumedUnits: 3 }, PBI], users: [alice, bob, ...viaLegacy.users], groups: [viaLegacy.group], keepConsumed: true });
    const resolved = { users: new Map([...snapshot.resolved.users, ['people', [alice.id, bob.id]]]), groups: snapshot.resolved.groups };
    const desired = aDesired({ users: [aDesiredPrincipal('user', 'people', [aDesiredLicense(E3.skuId)])], groups: [aDesiredPrincipal('group', 'Legacy', [aDesiredLicense(E3.skuId)])] });
    const plan = runPlan(desired, { ...snapshot, resolved });

    expect(plan.checks.map((c) => c.code)).toEqual(['principal-not-found']);
  });
});
