import { describe, expect, it } from 'vitest';
import type { DesiredState } from '../../src/model/desired.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { TenantUser } from '../../src/model/tenant.js';
import {
  addMembers, aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSku, aSnapshot, aSource, aTenant, aUser, planId,
} from '../support/builders.js';
import { E3, E5, F3, PBI, runPlan } from './plan-kit.js';

const SWAY = planId('SWAY');
const wantsE3 = (key: string, kind: 'user' | 'group' = 'user', disabled: string[] = []) => aDesiredPrincipal(kind, key, [aDesiredLicense(E3.skuId, disabled)]);

/**
 * What the checks with a hint tell the user to do: the fix lies in the tenant (or the store),
 * not in the file, so the message alone would leave them guessing.
 */
const HINT = {
  setLocation: 'set the usage location on the user (admin center or Graph), or license them through a group',
  fixLocation: 'set the usage location on the user to a country code such as NL or US (admin center or Graph)',
  security: 'enable security on the group or license another group',
  memberLocations: 'set usage locations on those users; their group licenses will otherwise fail',
  renew: 'renew or reactivate the subscription first',
  subscribe: 'buy the subscription first, or take the SKU out of the config',
  companyWide: 'take the SKU out of the config: a company-wide subscription needs no assignment',
  reprocess: 'fix the cause (seats, usage location, conflicting plans); Graph reprocesses the group afterwards',
};

/** code, severity, message, and the hint when the check has one. */
type Expected = [string, string, string] | [string, string, string, string];

interface Row {
  name: string;
  build: () => { desired: DesiredState; snapshot: Snapshot };
  expected: Expected[];
  /** How many licenses the plan removes, for rows about removals (so that they cannot pass with no plan at all). */
  removes?: number;
}

const rows: Row[] = [
  {
    name: 'direct assign to a user without usage location',
    build: () => ({ desired: aDesired({ users: [wantsE3('ann@contoso.com')] }), snapshot: aSnapshot({ skus: [E3], users: [aUser({ userPrincipalName: 'ann@contoso.com', usageLocation: null })] }) }),
    expected: [['usage-location-missing', 'error', 'has no usage location, which Graph needs to assign or change a direct license (SPE_E3)', HINT.setLocation]],
  },
  {
    // assignLicense sends a change of plans as an add of the same SKU; Graph (and our stores) refuse it too.
    name: 'an update of service plans needs a usage location too',
    build: () => ({
      desired: aDesired({ users: [wantsE3('ann@contoso.com', 'user', [SWAY])] }),
      snapshot: aSnapshot({ skus: [E3], users: [aUser({ userPrincipalName: 'ann@contoso.com', usageLocation: null, licenseAssignmentStates: [aLicenseState(E3.skuId)] })] }),
    }),
    expected: [['usage-location-missing', 'error', 'has no usage location, which Graph needs to assign or change a direct license (SPE_E3)', HINT.setLocation]],
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
      ['usage-location-invalid', 'error', 'has the usage location "XY", which is not a two-letter ISO 3166-1 country code; Graph refuses to assign or change a direct license for it (SPE_E3)', HINT.fixLocation],
      ['usage-location-invalid', 'error', 'has the usage location "NLD", which is not a two-letter ISO 3166-1 country code; Graph refuses to assign or change a direct license for it (SPE_E3)', HINT.fixLocation],
    ],
  },
  {
    // Only adding or changing a license needs a country; an enabled account does not matter for losing one.
    name: 'a removal needs no usage location and no enabled account',
    build: () => {
      const holdsE3 = (upn: string, extra: Partial<TenantUser>) => aUser({ userPrincipalName: upn, licenseAssignmentStates: [aLicenseState(E3.skuId)], ...extra });
      return {
        desired: aDesired({ users: ['ann', 'ben', 'cat', 'dan'].map((n) => aDesiredPrincipal('user', `${n}@contoso.com`)), settings: { managedSkuIds: [E3.skuId] } }),
        snapshot: aSnapshot({
          skus: [E3],
          users: [
            holdsE3('ann@contoso.com', { usageLocation: null }),
            holdsE3('ben@contoso.com', { usageLocation: '' }),
            holdsE3('cat@contoso.com', { usageLocation: 'XY' }),
            holdsE3('dan@contoso.com', { accountEnabled: false }),
          ],
        }),
      };
    },
    removes: 4,
    expected: [],
  },
  {
    name: 'an empty usage location is a missing one, for users and for group members',
    build: () => {
      const { group, users } = addMembers(aGroup(), [aUser({ userPrincipalName: 'ben@contoso.com', usageLocation: '' })]);
      return {
        desired: aDesired({ users: [wantsE3('ann@contoso.com')], groups: [wantsE3('Sales', 'group')] }),
        snapshot: aSnapshot({ tenant: aTenant({ countryLetterCode: null }), skus: [E3], users: [aUser({ userPrincipalName: 'ann@contoso.com', usageLocation: '' }), ...users], groups: [group] }),
      };
    },
    expected: [
      ['usage-location-missing', 'error', 'has no usage location, which Graph needs to assign or change a direct license (SPE_E3)', HINT.setLocation],
      ['member-usage-location-missing', 'warning', '1 member has no usage location and the tenant has no country to fall back on', HINT.memberLocations],
    ],
  },
  {
    // A change of plans keeps a seat the user already holds; only a new one is wasted.
    name: 'a disabled account is warned about the licenses it gains, not those it keeps',
    build: () => {
      const holdsE3 = (upn: string) => aUser({ userPrincipalName: upn, accountEnabled: false, licenseAssignmentStates: [aLicenseState(E3.skuId)] });
      return {
        desired: aDesired({
          users: [
            aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E3.skuId, [SWAY]), aDesiredLicense(E5.skuId)]),
            aDesiredPrincipal('user', 'ben@contoso.com', [aDesiredLicense(E3.skuId, [SWAY])]),
          ],
        }),
        snapshot: aSnapshot({ skus: [E3, E5], users: [holdsE3('ann@contoso.com'), holdsE3('ben@contoso.com')] }),
      };
    },
    expected: [['account-disabled', 'warning', 'is a disabled account; assigning SPE_E5 uses seats nobody signs in with']],
  },
  {
    name: 'assign to a disabled account',
    build: () => ({ desired: aDesired({ users: [wantsE3('ann@contoso.com')] }), snapshot: aSnapshot({ skus: [E3], users: [aUser({ userPrincipalName: 'ann@contoso.com', accountEnabled: false })] }) }),
    expected: [['account-disabled', 'warning', 'is a disabled account; assigning SPE_E3 uses seats nobody signs in with']],
  },
  {
    name: 'each check names every license the operation adds, not only the first',
    build: () => {
      const wantsBoth = (n: string) => aDesiredPrincipal('user', `${n}@contoso.com`, [aDesiredLicense(E3.skuId), aDesiredLicense(E5.skuId)]);
      return {
        desired: aDesired({ users: ['ann', 'ben', 'cat'].map(wantsBoth) }),
        snapshot: aSnapshot({
          skus: [E3, E5],
          users: [
            aUser({ userPrincipalName: 'ann@contoso.com', usageLocation: null }),
            aUser({ userPrincipalName: 'ben@contoso.com', usageLocation: 'XY' }),
            aUser({ userPrincipalName: 'cat@contoso.com', accountEnabled: false }),
          ],
        }),
      };
    },
    expected: [
      ['usage-location-invalid', 'error', 'has the usage location "XY", which is not a two-letter ISO 3166-1 country code; Graph refuses to assign or change a direct license for it (SPE_E3, SPE_E5)', HINT.fixLocation],
      ['usage-location-missing', 'error', 'has no usage location, which Graph needs to assign or change a direct license (SPE_E3, SPE_E5)', HINT.setLocation],
      ['account-disabled', 'warning', 'is a disabled account; assigning SPE_E3, SPE_E5 uses seats nobody signs in with'],
    ],
  },
  {
    name: 'licensing a group that is not security-enabled',
    build: () => ({ desired: aDesired({ groups: [wantsE3('Sales', 'group')] }), snapshot: aSnapshot({ skus: [E3], groups: [aGroup({ securityEnabled: false })] }) }),
    expected: [['group-not-security-enabled', 'error', 'is not security-enabled; group-based licensing needs a security group (or a Microsoft 365 group with securityEnabled)', HINT.security]],
  },
  {
    name: 'a group that is not security-enabled cannot swap one license for another',
    build: () => ({
      desired: aDesired({ groups: [wantsE3('Sales', 'group')], settings: { managedSkuIds: [E3.skuId, E5.skuId] } }),
      snapshot: aSnapshot({ skus: [E3, E5], groups: [aGroup({ securityEnabled: false, assignedLicenses: [{ skuId: E5.skuId, disabledPlans: [] }] })] }),
    }),
    expected: [['group-not-security-enabled', 'error', 'is not security-enabled; group-based licensing needs a security group (or a Microsoft 365 group with securityEnabled)', HINT.security]],
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
    expected: [['member-usage-location-missing', 'warning', '2 members have no usage location and the tenant has no country to fall back on', HINT.memberLocations]],
  },
  {
    name: 'a group swapping licenses gives its members a new one, which needs their usage location',
    build: () => {
      const { group, users } = addMembers(aGroup({ assignedLicenses: [{ skuId: E5.skuId, disabledPlans: [] }] }), [aUser({ userPrincipalName: 'a@contoso.com', usageLocation: null })]);
      return {
        desired: aDesired({ groups: [wantsE3('Sales', 'group')], settings: { managedSkuIds: [E3.skuId, E5.skuId] } }),
        snapshot: aSnapshot({ tenant: aTenant({ countryLetterCode: null }), skus: [E3, E5], users, groups: [group] }),
      };
    },
    expected: [['member-usage-location-missing', 'warning', '1 member has no usage location and the tenant has no country to fall back on', HINT.memberLocations]],
  },
  {
    // Members already hold a license whose plans change; and members with a location need no fallback.
    name: 'no tenant country: a change of plans, or members who all have a location, need nothing',
    build: () => {
      const sales = addMembers(aGroup({ displayName: 'Sales', assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] }), [aUser({ userPrincipalName: 'a@contoso.com', usageLocation: null })]);
      const staff = addMembers(aGroup({ displayName: 'Staff' }), [aUser({ userPrincipalName: 'b@contoso.com' })]);
      return {
        desired: aDesired({ groups: [wantsE3('Sales', 'group', [SWAY]), wantsE3('Staff', 'group')] }),
        snapshot: aSnapshot({ tenant: aTenant({ countryLetterCode: null }), skus: [E3], users: [...sales.users, ...staff.users], groups: [sales.group, staff.group] }),
      };
    },
    expected: [],
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
    expected: [['sku-not-assignable', 'error', 'SPE_E3 applies to the company and cannot be assigned to users or groups (ann@contoso.com)', HINT.companyWide]],
  },
  ...['Suspended', 'LockedOut', 'Deleted'].map((status) => ({
    name: `a ${status} SKU cannot be assigned`,
    build: () => ({ desired: aDesired({ users: [wantsE3('ann@contoso.com')] }), snapshot: aSnapshot({ skus: [{ ...E3, capabilityStatus: status }], users: [aUser({ userPrincipalName: 'ann@contoso.com' })] }) }),
    expected: [['sku-not-enabled', 'error', `SPE_E3 is ${status} and cannot be assigned (ann@contoso.com)`, HINT.renew]] as Expected[],
  })),
  {
    // The refusals are about new assignments: a license can always be given up, and a
    // suspended subscription's plans can still be switched on or off.
    name: 'removing a license of a refused SKU, or changing the plans of a suspended one, is not refused',
    build: () => {
      const company = aSku({ skuPartNumber: 'COMPANY_WIDE', appliesTo: 'Company' });
      const gone = aSku({ skuPartNumber: 'GONE' });
      const holds = (upn: string, skuId: string) => aUser({ userPrincipalName: upn, licenseAssignmentStates: [aLicenseState(skuId)] });
      return {
        desired: aDesired({ users: [wantsE3('ann@contoso.com', 'user', [SWAY]), aDesiredPrincipal('user', 'ben@contoso.com'), aDesiredPrincipal('user', 'cat@contoso.com')], settings: { managedSkuIds: [E3.skuId, company.skuId, gone.skuId] } }),
        snapshot: aSnapshot({ skus: [{ ...E3, capabilityStatus: 'Suspended' }, company], users: [holds('ann@contoso.com', E3.skuId), holds('ben@contoso.com', company.skuId), holds('cat@contoso.com', gone.skuId)] }),
      };
    },
    removes: 2,
    expected: [],
  },
  {
    name: 'a SKU in its grace period (Warning) can be assigned',
    build: () => ({ desired: aDesired({ users: [wantsE3('ann@contoso.com')] }), snapshot: aSnapshot({ skus: [{ ...E3, capabilityStatus: 'Warning' }], users: [aUser({ userPrincipalName: 'ann@contoso.com' })] }) }),
    expected: [],
  },
  {
    name: 'a SKU the tenant does not subscribe to',
    build: () => ({ desired: aDesired({ users: [wantsE3('ann@contoso.com')] }), snapshot: aSnapshot({ skus: [], users: [aUser({ userPrincipalName: 'ann@contoso.com' })] }) }),
    expected: [['sku-not-enabled', 'error', `${E3.skuId} is not subscribed in this tenant (ann@contoso.com)`, HINT.subscribe]],
  },
  {
    name: 'tenant: naming another tenant',
    build: () => ({ desired: aDesired({ tenant: { value: 'fabrikam.onmicrosoft.com', source: aSource(1) } }), snapshot: aSnapshot({ skus: [E3] }) }),
    expected: [['tenant-mismatch', 'error', `the config is for tenant fabrikam.onmicrosoft.com, but the store holds contoso.onmicrosoft.com (${aTenant().id})`, 'point --store at the right tenant, or fix `tenant:`']],
  },
  {
    name: 'tenant: a domain, and the store knows only the tenant id (Graph without Organization.Read.All)',
    build: () => ({
      desired: aDesired({ tenant: { value: 'contoso.onmicrosoft.com', source: aSource(1) } }),
      snapshot: aSnapshot({ skus: [E3], tenant: aTenant({ defaultDomain: '' }) }),
    }),
    expected: [['tenant-mismatch', 'error', `the config is for tenant contoso.onmicrosoft.com, but the store could not read its tenant's domain names, only its id ${aTenant().id}`, 'write the tenant id in `tenant:`, or grant the app Organization.Read.All so the domain can be checked']],
  },
  ...['CONTOSO.onmicrosoft.com', aTenant().id.toUpperCase()].map((value) => ({
    name: `tenant: ${value} matches case-insensitively`,
    build: () => ({ desired: aDesired({ tenant: { value, source: aSource(1) } }), snapshot: aSnapshot({ skus: [E3] }) }),
    expected: [] as Expected[],
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
      ['assignment-error', 'warning', '2 members failed to get the group\'s licenses (CountViolation ×2)', HINT.reprocess],
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
      ['assignment-error', 'warning', '1 member failed to get the group\'s licenses (active with errors: DependencyViolation ×1)', HINT.reprocess],
    ],
  },
  {
    // Every failure of a managed SKU, in name order; an unmanaged SKU's failure is not the config's business.
    name: 'a listed user\'s failed assignments of managed SKUs, each with its error',
    build: () => {
      const ann = aUser({
        userPrincipalName: 'ann@contoso.com',
        licenseAssignmentStates: [
          aLicenseState(E5.skuId, { state: 'Error', error: 'CountViolation' }),
          aLicenseState(E3.skuId, { state: 'Error' }),
          aLicenseState(PBI.skuId),
          aLicenseState(F3.skuId, { state: 'Error', error: 'MutuallyExclusiveViolation' }),
        ],
      });
      const ben = aUser({ userPrincipalName: 'ben@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId), aLicenseState(F3.skuId, { state: 'Error', error: 'CountViolation' })] });
      const wants = (upn: string, skus: string[]) => aDesiredPrincipal('user', upn, skus.map((id) => aDesiredLicense(id)));
      return {
        desired: aDesired({ users: [wants('ann@contoso.com', [E3.skuId, E5.skuId, PBI.skuId]), wants('ben@contoso.com', [E3.skuId])] }),
        snapshot: aSnapshot({ skus: [E3, E5, PBI, F3], users: [ann, ben] }),
      };
    },
    expected: [['assignment-error', 'warning', 'has failed license assignments (SPE_E3 direct: unknown error; SPE_E5 direct: CountViolation)']],
  },
  {
    // A member counts once, for the failures of this group's licenses only; each error is
    // counted per failure and the kinds are listed in name order.
    name: 'a listed group\'s failed members, counted by the group\'s own failures',
    build: () => {
      const marketing = aGroup({ displayName: 'Marketing', assignedLicenses: [{ skuId: E5.skuId, disabledPlans: [] }] });
      const sales = aGroup({ displayName: 'Sales', assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }], hasMembersWithLicenseErrors: true });
      const viaSales = (error: string) => aLicenseState(E3.skuId, { group: sales.id, state: 'Error', error });
      const ben = aUser({ userPrincipalName: 'ben@contoso.com', licenseAssignmentStates: [aLicenseState(PBI.skuId), viaSales('MutuallyExclusiveViolation')] });
      const cat = aUser({ userPrincipalName: 'cat@contoso.com', licenseAssignmentStates: [viaSales('CountViolation')] });
      const dan = aUser({ userPrincipalName: 'dan@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId, { group: sales.id }), aLicenseState(E5.skuId, { group: marketing.id, state: 'Error', error: 'CountViolation' })] });
      return {
        desired: aDesired({ groups: [wantsE3('Sales', 'group')] }),
        snapshot: aSnapshot({ skus: [E3, E5, PBI], users: [ben, cat, dan], groups: [{ ...sales, members: [ben.id, cat.id, dan.id] }, { ...marketing, members: [dan.id] }] }),
      };
    },
    expected: [['assignment-error', 'warning', '2 members failed to get the group\'s licenses (CountViolation ×1, MutuallyExclusiveViolation ×1)', HINT.reprocess]],
  },
  {
    // Graph's own flag spares a scan of every member of every listed group.
    name: 'a group Graph says has no members with license errors is taken at its word',
    build: () => {
      const sales = aGroup({ assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }], hasMembersWithLicenseErrors: false });
      const ben = aUser({ userPrincipalName: 'ben@contoso.com', licenseAssignmentStates: [aLicenseState(E3.skuId, { group: sales.id, state: 'Error', error: 'CountViolation' })] });
      return { desired: aDesired({ groups: [wantsE3('Sales', 'group')] }), snapshot: aSnapshot({ skus: [E3], users: [ben], groups: [{ ...sales, members: [ben.id] }] }) };
    },
    expected: [],
  },
];

const PREFLIGHT = new Set([
  'usage-location-missing', 'usage-location-invalid', 'account-disabled', 'group-not-security-enabled', 'member-usage-location-missing',
  'sku-not-assignable', 'sku-not-enabled', 'tenant-mismatch', 'assignment-error',
]);

describe('pre-flight checks', () => {
  it.each(rows)('$name', ({ build, expected, removes }) => {
    const { desired, snapshot } = build();
    const plan = runPlan(desired, snapshot);
    if (removes !== undefined) expect(plan.summary.remove).toBe(removes);
    expect(plan.checks.filter((c) => PREFLIGHT.has(c.code)).map((c) => [c.code, c.severity, c.message, ...(c.hint === undefined ? [] : [c.hint])])).toEqual(expected);
    expect(plan.blocked).toBe(plan.checks.some((c) => c.severity === 'error'));
    expect(plan.summary.errors).toBe(plan.checks.filter((c) => c.severity === 'error').length);
    expect(plan.summary.warnings).toBe(plan.checks.filter((c) => c.severity === 'warning').length);
  });

  // Three names at most, in name order whatever the plan order (users before groups, updates before assigns).
  it.each<{ users: string[]; groups: string[]; updated: string[]; concerns: string }>([
    { users: ['e', 'd', 'c', 'b', 'a'], groups: [], updated: [], concerns: 'a@contoso.com, b@contoso.com, c@contoso.com and 2 more' },
    { users: ['c', 'b', 'a'], groups: [], updated: [], concerns: 'a@contoso.com, b@contoso.com, c@contoso.com' },
    { users: ['zed'], groups: ['Alpha'], updated: [], concerns: 'Alpha, zed@contoso.com' },
    { users: ['b'], groups: [], updated: ['c'], concerns: 'b@contoso.com, c@contoso.com' },
  ])('says which principals a refused SKU concerns: $concerns', ({ users, groups, updated, concerns }) => {
    const upn = (n: string) => `${n}@contoso.com`;
    const desired = aDesired({ users: [...users, ...updated].map((n) => wantsE3(upn(n), 'user', updated.includes(n) ? [SWAY] : [])), groups: groups.map((n) => wantsE3(n, 'group')) });
    const snapshot = aSnapshot({
      skus: [{ ...E3, appliesTo: 'Company' }],
      users: [...users.map((n) => aUser({ userPrincipalName: upn(n) })), ...updated.map((n) => aUser({ userPrincipalName: upn(n), licenseAssignmentStates: [aLicenseState(E3.skuId)] }))],
      groups: groups.map((n) => aGroup({ displayName: n })),
    });
    expect(runPlan(desired, snapshot).checks.filter((c) => c.code === 'sku-not-assignable').map((c) => c.message)).toEqual([
      `SPE_E3 applies to the company and cannot be assigned to users or groups (${concerns})`,
    ]);
  });
});
