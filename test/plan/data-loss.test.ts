import { describe, expect, it } from 'vitest';
import type { DesiredLicense } from '../../src/model/desired.js';
import type { LicenseAssignmentState } from '../../src/model/tenant.js';
import { dataFamilyOf } from '../../src/plan/check-data-loss.js';
import { addMembers, aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSku, aSnapshot, aUser, planId } from '../support/builders.js';
import { E3, E5, PBI, runPlan } from './plan-kit.js';

const EXO = aSku({ skuPartNumber: 'EXCHANGEENTERPRISE', plans: ['EXCHANGE_S_ENTERPRISE'] });
const ALL = 'Exchange mailbox, SharePoint/OneDrive, Teams';

describe('data-loss risk for a listed user', () => {
  it.each<{ name: string; states: LicenseAssignmentState[]; wanted: DesiredLicense[]; message?: string }>([
    { name: 'removing the only license', states: [aLicenseState(E3.skuId)], wanted: [], message: `would lose ${ALL}: no enabled plan of them remains` },
    { name: 'a swap E3 -> E5 keeps every service', states: [aLicenseState(E3.skuId)], wanted: [aDesiredLicense(E5.skuId)] },
    {
      name: 'an update switching the mailbox off',
      states: [aLicenseState(E3.skuId)],
      wanted: [aDesiredLicense(E3.skuId, [planId('EXCHANGE_S_ENTERPRISE')])],
      message: 'would lose Exchange mailbox: no enabled plan of it remains',
    },
    {
      name: 'an unmanaged license keeps the mailbox',
      states: [aLicenseState(E3.skuId), aLicenseState(EXO.skuId)],
      wanted: [],
      message: 'would lose SharePoint/OneDrive, Teams: no enabled plan of them remains',
    },
    { name: 'a group keeps the user licensed', states: [aLicenseState(E3.skuId), aLicenseState(E3.skuId, { group: aGroup().id })], wanted: [] },
    { name: 'a mailbox already switched off is not lost', states: [aLicenseState(E3.skuId, { disabledPlans: [planId('EXCHANGE_S_ENTERPRISE'), planId('SHAREPOINTENTERPRISE'), planId('TEAMS1')] })], wanted: [] },
    { name: 'Exchange Foundation is not a mailbox', states: [aLicenseState(PBI.skuId)], wanted: [] },
    { name: 'a swap to a license without them loses them too', states: [aLicenseState(E3.skuId)], wanted: [aDesiredLicense(PBI.skuId)], message: `would lose ${ALL}: no enabled plan of them remains` },
    {
      // E3 comes through two groups; one switches the mailbox off, the other does not.
      name: 'a plan switched on by any one source is kept',
      states: [
        aLicenseState(E5.skuId),
        aLicenseState(E3.skuId, { group: aGroup({ displayName: 'No mail' }).id, disabledPlans: [planId('EXCHANGE_S_ENTERPRISE')] }),
        aLicenseState(E3.skuId, { group: aGroup({ displayName: 'Staff' }).id }),
      ],
      wanted: [],
    },
  ])('$name', ({ states, wanted, message }) => {
    const ann = aUser({ userPrincipalName: 'ann@contoso.com', licenseAssignmentStates: states });
    const desired = aDesired({ users: [aDesiredPrincipal('user', 'ann@contoso.com', wanted)], settings: { managedSkuIds: [E3.skuId, E5.skuId, PBI.skuId] } });
    const plan = runPlan(desired, aSnapshot({ skus: [E3, E5, PBI, EXO], users: [ann], groups: [aGroup()] }));

    const checks = plan.checks.filter((c) => c.code === 'data-loss-risk');
    expect(checks.map((c) => c.message)).toEqual(message === undefined ? [] : [message]);
    for (const check of checks) {
      expect(check).toMatchObject({ severity: 'warning', principal: { name: 'ann@contoso.com' }, hint: 'give the user a license that keeps these services, or export their data first' });
    }
  });
});

describe('data-loss risk through a group', () => {
  it('counts the members who lose services in one check per group', () => {
    const { group, users } = addMembers(aGroup({ assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] }), [
      aUser({ userPrincipalName: 'cy@contoso.com' }),
      aUser({ userPrincipalName: 'al@contoso.com' }),
      aUser({ userPrincipalName: 'bo@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId)] }),
    ]);
    const desired = aDesired({ groups: [aDesiredPrincipal('group', 'Sales')], settings: { managedSkuIds: [E3.skuId] } });
    const plan = runPlan(desired, aSnapshot({ skus: [E3], users, groups: [group] }));

    expect(plan.checks.filter((c) => c.code === 'data-loss-risk').map((c) => [c.principal?.name, c.message])).toEqual([
      ['Sales', `2 members would lose ${ALL} (e.g. al@contoso.com, cy@contoso.com)`],
    ]);
  });
});

describe('data-loss risk through a group: who is told', () => {
  // A user's own operation answers for a loss only when it removes or changes something:
  // one that only assigns takes nothing away, so the loss is the group's.
  it('reports a member who loses services through the group with the group, even when her own operation assigns', () => {
    const { group, users } = addMembers(aGroup({ assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] }), [aUser({ userPrincipalName: 'al@contoso.com' })]);
    const desired = aDesired({
      users: [aDesiredPrincipal('user', 'al@contoso.com', [aDesiredLicense(PBI.skuId)])],
      groups: [aDesiredPrincipal('group', 'Sales')],
      settings: { managedSkuIds: [E3.skuId, PBI.skuId] },
    });
    const plan = runPlan(desired, aSnapshot({ skus: [E3, PBI], users, groups: [group] }));
    expect(plan.operations.map((op) => [op.principal.name, op.changes.map((c) => c.action)])).toEqual([['Sales', ['remove']], ['al@contoso.com', ['assign']]]);
    expect(plan.checks.filter((c) => c.code === 'data-loss-risk').map((c) => [c.principal?.name, c.message])).toEqual([
      ['Sales', `1 member would lose ${ALL} (e.g. al@contoso.com)`],
    ]);
  });
});

describe('data-loss risk through a group: the entry', () => {
  it.each([
    {
      // Each member keeps the mailbox through an unmanaged Exchange license.
      name: 'names only the services lost, and up to three members by name',
      members: ['dee', 'cy', 'al', 'bo'],
      ownStates: () => [aLicenseState(EXO.skuId)],
      message: '4 members would lose SharePoint/OneDrive, Teams (e.g. al@contoso.com, bo@contoso.com, cy@contoso.com)',
    },
    {
      name: 'one member',
      members: ['al'],
      ownStates: () => [],
      message: `1 member would lose ${ALL} (e.g. al@contoso.com)`,
    },
  ])('$name', ({ members, ownStates, message }) => {
    const { group, users } = addMembers(
      aGroup({ assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] }),
      members.map((name) => aUser({ userPrincipalName: `${name}@contoso.com`, licenseAssignmentStates: ownStates() })),
    );
    const desired = aDesired({ groups: [aDesiredPrincipal('group', 'Sales')], settings: { managedSkuIds: [E3.skuId] } });
    const plan = runPlan(desired, aSnapshot({ skus: [E3, EXO], users, groups: [group] }));

    expect(plan.checks.filter((c) => c.code === 'data-loss-risk')).toEqual([expect.objectContaining({
      principal: expect.objectContaining({ name: 'Sales' }),
      message,
      hint: 'give those members a license that keeps these services, or export their data first',
    })]);
  });
});

describe('data-bearing plan table', () => {
  it.each([
    ['EXCHANGE_S_ENTERPRISE', 'Exchange mailbox'],
    ['EXCHANGE_S_DESKLESS', 'Exchange mailbox'],
    ['EXCHANGE_S_FOUNDATION', undefined],
    ['SHAREPOINTDESKLESS', 'SharePoint/OneDrive'],
    ['ONEDRIVE_BASIC', 'SharePoint/OneDrive'],
    ['SHAREPOINTWAC', undefined],
    ['TEAMS1', 'Teams'],
    ['TeamsEss', 'Teams'],
    ['TEAMSPRO_MGMT', undefined],
  ])('%s -> %s', (name, family) => {
    expect(dataFamilyOf(name)).toBe(family);
  });
});
