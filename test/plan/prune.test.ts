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
    {
      name: 'never touches an unmanaged SKU, even when the store read all its holders',
      holdersOf: [E3.skuId, PBI.skuId],
      expected: [['release', 'bob@contoso.com', ['remove SPE_E3']], ['release', 'Legacy', ['remove SPE_E3']]],
      notes: [],
    },
  ])('$name', ({ holdersOf, expected, notes }) => {
    const snapshot = aSnapshot({ skus: [E3, PBI], users: [alice, bob, ...viaLegacy.users], groups: [viaLegacy.group], holdersOf });
    const plan = runPlan(aDesired({ users: [desiredAlice], settings: { prune: true } }), snapshot, { maxRemovals: 10 });

    expect(plan.operations.map((op) => [op.phase, op.principal.name, op.changes.map((c) => `${c.action} ${c.sku.skuPartNumber}`)])).toEqual(expected);
    for (const op of plan.operations) expect(op.source).toBeUndefined();
    expect(plan.checks.filter((c) => c.code === 'unmanaged-holders').map((c) => c.message)).toEqual(notes);
  });
});

describe('prune: what it reports', () => {
  it('says what to do about SKUs whose holders were not read', () => {
    const plan = runPlan(aDesired({ users: [desiredAlice], settings: { prune: true } }), aSnapshot({ skus: [E3, PBI], users: [alice, bob], holdersOf: [] }));
    expect(plan.checks.filter((c) => c.code === 'unmanaged-holders')).toEqual([{
      code: 'unmanaged-holders', severity: 'note', sku: expect.objectContaining({ skuPartNumber: 'SPE_E3' }),
      message: 'holders of SPE_E3 outside the config were not read, so prune left them alone',
      hint: 'the store must be asked for the holders of every managed SKU when prune is on',
    }]);
  });

  // Failed assignments are reported for the principals the config lists; one it does not
  // list only loses its managed licenses, whatever else is wrong with it.
  it('reports no failed assignments of the users and groups it prunes', () => {
    const failing = aGroup({ displayName: 'Failing', assignedLicenses: [e3], hasMembersWithLicenseErrors: true });
    const failed = aLicenseState(E3.skuId, { group: failing.id, state: 'Error', error: 'CountViolation' });
    const carol = aUser({ userPrincipalName: 'carol@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId), failed] });
    const group = { ...failing, members: [carol.id] };
    const plan = runPlan(aDesired({ users: [desiredAlice], settings: { prune: true } }), aSnapshot({ skus: [E3, PBI], users: [alice, carol], groups: [group], holdersOf: [E3.skuId] }));

    expect(plan.operations.map((op) => op.principal.name)).toEqual(['carol@contoso.com', 'Failing']);
    expect(plan.checks.filter((c) => c.code === 'assignment-error')).toEqual([]);
  });
});

describe('unmanaged holders without prune', () => {
  it.each([
    {
      // carol is listed and holds E3 both directly and through the listed group Legacy: one
      // seat of E3, and one of Power BI.
      name: 'a listed user holding the SKU twice holds one seat',
      users: () => [aUser({ userPrincipalName: 'carol@contoso.com', licenseAssignmentStates: [aLicenseState(PBI.skuId), aLicenseState(E3.skuId), aLicenseState(E3.skuId, { group: legacy.id })] }), bob],
      listed: ['carol@contoso.com'],
      consumed: { e3: 2, pbi: 2 },
      notes: ['1 seat of SPE_E3 is held outside the config', '1 seat of POWER_BI_PRO is held outside the config'],
    },
    {
      // erin is not listed; of her licenses only the E3 Legacy gives her follows from the files.
      name: 'an unlisted member of a listed group accounts only for what the group gives',
      users: () => [alice, aUser({ userPrincipalName: 'erin@contoso.com', licenseAssignmentStates: [aLicenseState(PBI.skuId), aLicenseState(E3.skuId, { group: legacy.id })] })],
      listed: ['alice@contoso.com'],
      consumed: { e3: 2, pbi: 1 },
      notes: ['1 seat of POWER_BI_PRO is held outside the config'],
    },
    {
      // frank's E3 through Legacy failed (Error): it holds no seat, so bob's seat is the one outside.
      name: 'a failed assignment accounts for no seat',
      users: () => [alice, bob, aUser({ userPrincipalName: 'frank@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId, { group: legacy.id, state: 'Error', error: 'CountViolation' })] })],
      listed: ['alice@contoso.com'],
      consumed: { e3: 2, pbi: 1 },
      notes: ['1 seat of SPE_E3 is held outside the config', '1 seat of POWER_BI_PRO is held outside the config'],
    },
  ])('$name', ({ users, listed, consumed, notes }) => {
    const desired = aDesired({
      users: listed.map((upn) => aDesiredPrincipal('user', upn, [aDesiredLicense(E3.skuId)])),
      groups: [aDesiredPrincipal('group', 'Legacy', [aDesiredLicense(E3.skuId)])],
      settings: { managedSkuIds: [E3.skuId, PBI.skuId] },
    });
    const skus = [{ ...E3, consumedUnits: consumed.e3 }, { ...PBI, consumedUnits: consumed.pbi }];
    const plan = runPlan(desired, aSnapshot({ skus, users: users(), groups: [legacy], keepConsumed: true }));

    expect(plan.checks.filter((c) => c.code === 'unmanaged-holders').map((c) => c.message).sort()).toEqual([...notes].sort());
  });

  it('says what to do about seats held outside the config', () => {
    const desired = aDesired({ users: [desiredAlice] });
    const plan = runPlan(desired, aSnapshot({ skus: [{ ...E3, consumedUnits: 2 }, PBI], users: [alice, bob], keepConsumed: true }));
    expect(plan.checks.find((c) => c.code === 'unmanaged-holders')?.hint).toBe('list those principals, or set prune: true to remove them');
  });


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
