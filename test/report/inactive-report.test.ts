import { describe, expect, it } from 'vitest';
import type { SignInActivity, TenantUser } from '../../src/model/tenant.js';
import { findInactiveLicenses, lastSignInOf, renderInactiveYaml } from '../../src/report/index.js';
import type { InactiveReportOptions } from '../../src/report/index.js';
import { addMembers, aGroup, aLicenseState, aSnapshot, aUser } from '../support/builders.js';
import { E3, PBI } from '../plan/plan-kit.js';

const NOW = Date.parse('2026-12-04T09:00:00Z');
const daysAgo = (days: number): string => new Date(NOW - days * 86_400_000).toISOString();
const signedIn = (days: number): SignInActivity => ({ lastSignInDateTime: daysAgo(days), lastNonInteractiveSignInDateTime: daysAgo(days + 1), lastSuccessfulSignInDateTime: daysAgo(days) });
const person = (name: string, signIns: SignInActivity | null | undefined, extra: Partial<TenantUser> = {}): TenantUser =>
  aUser({ userPrincipalName: `${name}@contoso.com`, licenseAssignmentStates: [aLicenseState(E3.skuId)], ...(signIns === undefined ? {} : { signInActivity: signIns }), ...extra });
const options = (extra: Partial<InactiveReportOptions> = {}): InactiveReportOptions => ({ now: NOW, days: 90, store: 'memory:test', ...extra });

describe('lastSignInOf', () => {
  it.each([
    ['the last success when Graph records it', { lastSignInDateTime: '2026-12-01T00:00:00Z', lastNonInteractiveSignInDateTime: '2026-12-02T00:00:00Z', lastSuccessfulSignInDateTime: '2026-06-01T00:00:00Z' }, '2026-06-01T00:00:00Z'],
    ['else the later attempt', { lastSignInDateTime: '2026-05-01T00:00:00Z', lastNonInteractiveSignInDateTime: '2026-07-01T00:00:00Z', lastSuccessfulSignInDateTime: null }, '2026-07-01T00:00:00Z'],
    ['none at all', { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: null }, null],
  ])('%s', (_name, activity, expected) => {
    expect(lastSignInOf(activity)).toBe(expected);
  });
});

describe('findInactiveLicenses', () => {
  it('finds idle, never-signed-in and disabled holders, and leaves active and unlicensed users out', () => {
    const users = [
      person('active', signedIn(3)),
      person('idle', signedIn(120)),
      person('borderline', signedIn(89)),
      person('never', null),
      person('left', signedIn(10), { accountEnabled: false }),
      aUser({ userPrincipalName: 'unlicensed@contoso.com', signInActivity: null }),
    ];
    const report = findInactiveLicenses(aSnapshot({ skus: [E3], users }), options());
    expect(report.users.map((u) => [u.userPrincipalName, u.reason, u.daysSince])).toEqual([
      ['left@contoso.com', 'disabled', 10], ['never@contoso.com', 'never-signed-in', null], ['idle@contoso.com', 'inactive', 120],
    ]);
    expect(report.cutoff).toBe('2026-09-05T09:00:00.000Z');
    expect(report.total).toEqual({ users: 3, seats: 3, monthly: null });
  });

  it('counts a seat once per user however many sources give it, with exact monthly cost per SKU', () => {
    const both = person('both', signedIn(200));
    const { group, users } = addMembers(aGroup({ displayName: 'Sales', assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }, { skuId: PBI.skuId, disabledPlans: [] }] }), [both, person('other', signedIn(150), { licenseAssignmentStates: [] })]);
    const report = findInactiveLicenses(aSnapshot({ skus: [E3, PBI], users, groups: [group] }), options({
      config: { prices: { [E3.skuId]: 3370n }, currency: { code: 'EUR', digits: 2 }, managedSkuIds: [E3.skuId], listed: new Map() },
    }));
    expect(report.skus.map((s) => [s.sku.skuPartNumber, s.seats, s.unitPrice, s.monthly])).toEqual([['POWER_BI_PRO', 2, null, null], ['SPE_E3', 2, '33.70', '67.40']]);
    expect(report.total).toEqual({ users: 2, seats: 4, monthly: '67.40' });
    expect(report.unpriced.map((s) => s.skuPartNumber)).toEqual(['POWER_BI_PRO']);
    expect(report.users.find((u) => u.userPrincipalName === 'both@contoso.com')?.licenses.find((l) => l.sku.skuId === E3.skuId)).toMatchObject({ direct: true, groups: [{ name: 'Sales' }] });
  });

  it('does not judge users the store has no sign-in data for, and says how many', () => {
    const report = findInactiveLicenses(aSnapshot({ skus: [E3], users: [person('unknown', undefined), person('gone', undefined, { accountEnabled: false })] }), options());
    expect(report.users.map((u) => u.userPrincipalName)).toEqual(['gone@contoso.com']);
    expect(report.withoutSignInData).toBe(1);
  });
});

describe('renderInactiveYaml', () => {
  it('lists who a config entry can free, and says what only a group or the listed entry can', () => {
    const direct = person('direct', signedIn(100));
    const listed = person('listed', signedIn(100));
    const { group, users } = addMembers(aGroup({ displayName: 'Frontline\nusers: {evil: 1}', assignedLicenses: [{ skuId: PBI.skuId, disabledPlans: [] }] }), [person('member', null, { licenseAssignmentStates: [] })]);
    const snapshot = aSnapshot({ skus: [E3, PBI], users: [direct, listed, ...users], groups: [group] });
    const report = findInactiveLicenses(snapshot, options({
      config: { prices: {}, managedSkuIds: [E3.skuId, PBI.skuId], listed: new Map([[listed.id, { source: { file: 'licenses/a.yaml', line: 4, column: 3 }, empty: false }]]) },
    }));
    const yaml = renderInactiveYaml(report, { schemaRef: 'schema.json' });
    const lines = yaml.split('\n');
    expect(lines.filter((l) => !l.trimStart().startsWith('#'))).toEqual(['version: 1', 'users:', '  direct@contoso.com: []', '']);
    expect(yaml).toContain('#   listed@contoso.com at licenses/a.yaml:4:3: last sign-in');
    // A group name cannot end the comment and start YAML of its own.
    expect(yaml).toContain('POWER_BI_PRO via Frontline\\u{a}users: {evil: 1}');
  });
});
