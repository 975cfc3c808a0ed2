import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../src/model/desired.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  addMembers, aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSku, aSnapshot, aSource, aTenant, aUser, planId,
} from '../support/builders.js';
import { E3, runPlan } from './plan-kit.js';

const SWAY = planId('SWAY');
const wantsE3 = (key: string, kind: 'user' | 'group' = 'user', disabled: string[] = []) => aDesiredPrincipal(kind, key, [aDesiredLicense(E3.skuId, disabled)]);

interface Row {
  name: string;
  build: () => { desired: DesiredState; snapshot: Snapshot };
  expected: [string, string, string][];
}

const rows: Row[] = [
  {
    name: 'direct assign to a user without usage location',
    build: () => ({ desired: aDesired({ users: [wantsE3('ann@contoso.com')] }), snapshot: aSnapshot({ skus: [E3], users: [aUser({ userPrincipalName: 'ann@contoso.com', usageLocation: null })] }) }),
    expected: [['usage-location-missing', 'error', 'has no usage location, which Graph needs to assign or change a direct license (SPE_E3)']],
  },
  {
    // assignLicense sends a change of plans as an add of the same SKU; Graph (and our stores) refuse it too.
    name: 'an update of service plans needs a usage location too',
    build: () => ({
      desired: aDesired({ users: [wantsE3('ann@contoso.com', 'user', [SWAY])] }),
      snapshot: aSnapshot({ skus: [E3], users: [aUser({ userPrincipalName: 'ann@contoso.com', usageLocation: null, licenseAssignmentStates: [aLicenseState(E3.skuId)] })] }),
    }),
    expected: [['usage-location-missing', 'error', 'has no usage location, which Graph needs to assign or change a direct license (SPE_E3)']],
  },
  {
    name: 'direct assign to a user whose usage location is not a country code',
    build: () => ({
      desired: aDesired({ users: [wantsE3('ann@contoso.com'), wantsE3('ben@contoso.com'), wantsE3('cat@contoso.com'), wantsE3('dan@contoso.com')] }),
      snapshot: aSnapshot({
        skus: [E3],
        users: [
          aUser({ userPrincipalName: 'ann@contoso.com', usageLocation: 'XY' }),
          aUser({ userPrincipalName: 'ben@contoso.com', usageLocation: 'NLD' }),
          // Any letter case, and Kosovo's widely used code, pass.
          aUser({ userPrincipalName: 'cat@contoso.com', usageLocation: 'nl' }),
          aUser({ userPrincipalName: 'dan@contoso.com', usageLocation: 'XK' }),
        ],
      }),
    }),
    expected: [
      ['usage-location-invalid', 'error', 'has the usage location "XY", which is not a two-letter ISO 3166-1 country code; Graph refuses to assign or change a direct license for it (SPE_E3)'],
      ['usage-location-invalid', 'error', 'has the usage location "NLD", which is not a two-letter ISO 3166-1 country code; Graph refuses to assign or change a direct license for it (SPE_E3)'],
    ],
  },
  {
    name: 'a removal needs no usage location',
    build: () => ({
      desired: aDesired({ users: [{ ...wantsE3('ann@contoso.com', 'user', [SWAY]), licenses: [] }] }),
      snapshot: aSnapshot({ skus: [E3], users: [aUser({ userPrincipalName: 'ann@contoso.com', usageLocation: null, licenseAssignmentStates: [aLicenseState(E3.skuId)] })] }),
    }),
    expected: [],
  },
  {
    name: 'assign to a disabled account',
    build: () => ({ desired: aDesired({ users: [wantsE3('ann@contoso.com')] }), snapshot: aSnapshot({ skus: [E3], users: [aUser({ userPrincipalName: 'ann@contoso.com', accountEnabled: false })] }) }),
    expected: [['account-disabled', 'warning', 'is a disabled account; assigning SPE_E3 uses seats nobody signs in with']],
  },
  {
    name: 'licensing a group that is not security-enabled',
    build: () => ({ desired: aDesired({ groups: [wantsE3('Sales', 'group')] }), snapshot: aSnapshot({ skus: [E3], groups: [aGroup({ securityEnabled: false })] }) }),
    expected: [['group-not-security-enabled', 'error', 'is not security-enabled; group-based licensing needs a security group (or a Microsoft 365 group with securityEnabled)']],
  },
  {
    name: 'removing from a group that is not security-enabled is fine',
    build: () => ({
      desired: aDesired({ groups: [aDesiredPrincipal('group', 'Sales')], settings: { managedSkuIds: [E3.skuId] } }),
      snapshot: aSnapshot({ skus: [E3, aSku({ skuPartNumber: 'KEEP' })], groups: [aGroup({ securityEnabled: false, assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] })] }),
    }),
    expected: [],
  },
  {
    name: 'group members without usage location and no tenant country',
    build: () => {
      const { group, users } = addMembers(aGroup(), [aUser({ userPrincipalName: 'a@contoso.com', usageLocation: null }), aUser({ userPrincipalName: 'b@contoso.com', usageLocation: null }), aUser({ userPrincipalName: 'c@contoso.com' })]);
      return { desired: aDesired({ groups: [wantsE3('Sales', 'group')] }), snapshot: aSnapshot({ tenant: aTenant({ countryLetterCode: null }), skus: [E3], users, groups: [group] }) };
    },
    expected: [['member-usage-location-missing', 'warning', '2 members have no usage location and the tenant has no country to fall back on']],
  },
  {
    name: 'group members without usage location take the tenant country',
    build: () => {
      const { group, users } = addMembers(aGroup(), [aUser({ userPrincipalName: 'a@contoso.com', usageLocation: null })]);
      return { desired: aDesired({ groups: [wantsE3('Sales', 'group')] }), snapshot: aSnapshot({ skus: [E3], users, groups: [group] }) };
    },
    expected: [],
  },
  {
    name: 'a company-wide SKU cannot be assigned',
    build: () => ({ desired: aDesired({ users: [wantsE3('ann@contoso.com')] }), snapshot: aSnapshot({ skus: [{ ...E3, appliesTo: 'Company' }], users: [aUser({ userPrincipalName: 'ann@contoso.com' })] }) }),
    expected: [['sku-not-assignable', 'error', 'SPE_E3 applies to the company and cannot be assigned to users or groups (ann@contoso.com)']],
  },
  ...['Suspended', 'LockedOut', 'Deleted'].map((status) => ({
    name: `a ${status} SKU cannot be assigned`,
    build: () => ({ desired: aDesired({ users: [wantsE3('ann@contoso.com')] }), snapshot: aSnapshot({ skus: [{ ...E3, capabilityStatus: status }], users: [aUser({ userPrincipalName: 'ann@contoso.com' })] }) }),
    expected: [['sku-not-enabled', 'error', `SPE_E3 is ${status} and cannot be assigned (ann@contoso.com)`]] as [string, string, string][],
  })),
  {
    name: 'a SKU in its grace period (Warning) can be assigned',
    build: () => ({ desired: aDesired({ users: [wantsE3('ann@contoso.com')] }), snapshot: aSnapshot({ skus: [{ ...E3, capabilityStatus: 'Warning' }], users: [aUser({ userPrincipalName: 'ann@contoso.com' })] }) }),
    expected: [],
  },
  {
    name: 'a SKU the tenant does not subscribe to',
    build: () => ({ desired: aDesired({ users: [wantsE3('ann@contoso.com')] }), snapshot: aSnapshot({ skus: [], users: [aUser({ userPrincipalName: 'ann@contoso.com' })] }) }),
    expected: [['sku-not-enabled', 'error', `${E3.skuId} is not subscribed in this tenant (ann@contoso.com)`]],
  },
  {
    name: 'tenant: naming another tenant',
    build: () => ({ desired: aDesired({ tenant: { value: 'fabrikam.onmicrosoft.com', source: aSource(1) } }), snapshot: aSnapshot({ skus: [E3] }) }),
    expected: [['tenant-mismatch', 'error', `the config is for tenant fabrikam.onmicrosoft.com, but the store holds contoso.onmicrosoft.com (${aTenant().id})`]],
  },
  {
    name: 'tenant: a domain, and the store knows only the tenant id (Graph without Organization.Read.All)',
    build: () => ({
      desired: aDesired({ tenant: { value: 'contoso.onmicrosoft.com', source: aSource(1) } }),
      snapshot: aSnapshot({ skus: [E3], tenant: aTenant({ defaultDomain: '' }) }),
    }),
    expected: [['tenant-mismatch', 'error', `the config is for tenant contoso.onmicrosoft.com, but the store could not read its tenant's domain names, only its id ${aTenant().id}`]],
  },
  ...['CONTOSO.onmicrosoft.com', aTenant().id.toUpperCase()].map((value) => ({
    name: `tenant: ${value} matches case-insensitively`,
    build: () => ({ desired: aDesired({ tenant: { value, source: aSource(1) } }), snapshot: aSnapshot({ skus: [E3] }) }),
    expected: [] as [string, string, string][],
  })),
  {
    name: 'failed assignments on a listed user and on members of a listed group',
    build: () => {
      const sales = aGroup({ assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] });
      const failed = aLicenseState(E3.skuId, { group: sales.id, state: 'Error', error: 'CountViolation' });
      const ann = aUser({ userPrincipalName: 'ann@contoso.com', licenseAssignmentStates: [failed] });
      const ben = aUser({ userPrincipalName: 'ben@contoso.com', licenseAssignmentStates: [failed] });
      return {
        desired: aDesired({ users: [wantsE3('ann@contoso.com')], groups: [wantsE3('Sales', 'group')] }),
        snapshot: aSnapshot({ skus: [E3], users: [ann, ben], groups: [{ ...sales, members: [ann.id, ben.id] }] }),
      };
    },
    expected: [
      ['assignment-error', 'warning', 'has failed license assignments (SPE_E3 via group Sales: CountViolation)'],
      ['assignment-error', 'warning', '2 members failed to get the group\'s licenses (CountViolation ×2)'],
    ],
  },
  {
    name: 'licenses active with errors (some plans failed) on a listed user and on members of a listed group',
    build: () => {
      const sales = aGroup({ assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] });
      const partly = (group: string | null) => aLicenseState(E3.skuId, { group, state: 'ActiveWithError', error: 'DependencyViolation' });
      const ann = aUser({ userPrincipalName: 'ann@contoso.com', licenseAssignmentStates: [partly(null)] });
      const ben = aUser({ userPrincipalName: 'ben@contoso.com', licenseAssignmentStates: [partly(sales.id)] });
      return {
        desired: aDesired({ users: [wantsE3('ann@contoso.com')], groups: [wantsE3('Sales', 'group')] }),
        snapshot: aSnapshot({ skus: [E3], users: [ann, ben], groups: [{ ...sales, members: [ben.id] }] }),
      };
    },
    expected: [
      ['assignment-error', 'warning', 'has failed license assignments (SPE_E3 direct: active with errors: DependencyViolation)'],
      ['assignment-error', 'warning', '1 member failed to get the group\'s licenses (active with errors: DependencyViolation ×1)'],
    ],
  },
];

const PREFLIGHT = new Set([
  'usage-location-missing', 'usage-location-invalid', 'account-disabled', 'group-not-security-enabled', 'member-usage-location-missing',
  'sku-not-assignable', 'sku-not-enabled', 'tenant-mismatch', 'assignment-error',
]);

describe('pre-flight checks', () => {
  it.each(rows)('$name', ({ build, expected }) => {
    const { desired, snapshot } = build();
    const plan = runPlan(desired, snapshot);
    expect(plan.checks.filter((c) => PREFLIGHT.has(c.code)).map((c) => [c.code, c.severity, c.message])).toEqual(expected);
    expect(plan.blocked).toBe(plan.checks.some((c) => c.severity === 'error'));
    expect(plan.summary.errors).toBe(plan.checks.filter((c) => c.severity === 'error').length);
  });

  it('says which principals a refused SKU concerns, a few by name', () => {
    const names = ['e', 'd', 'c', 'b', 'a'].map((n) => `${n}@contoso.com`);
    const desired = aDesired({ users: names.map((n) => wantsE3(n)) });
    const plan = runPlan(desired, aSnapshot({ skus: [{ ...E3, appliesTo: 'Company' }], users: names.map((n) => aUser({ userPrincipalName: n })) }));
    expect(plan.checks.filter((c) => c.code === 'sku-not-assignable').map((c) => c.message)).toEqual([
      'SPE_E3 applies to the company and cannot be assigned to users or groups (a@contoso.com, b@contoso.com, c@contoso.com and 2 more)',
    ]);
  });
});
