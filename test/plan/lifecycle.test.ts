import { describe, expect, it } from 'vitest';
import type { DesiredLicense, LicenseBound } from '../../src/model/desired.js';
import type { TenantUser } from '../../src/model/tenant.js';
import { isInForce, nextLifecycleBoundary } from '../../src/plan/index.js';
import { addMembers, aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSnapshot, aUser } from '../support/builders.js';
import { checksOf, E3, PBI, runPlan } from './plan-kit.js';

const at = (iso: string): number => Date.parse(iso);
const bound = (text: string, iso: string): LicenseBound => ({ at: at(iso), text });
const person = (name: string, states: TenantUser['licenseAssignmentStates'] = []): TenantUser =>
  aUser({ userPrincipalName: `${name}@contoso.com`, licenseAssignmentStates: states });
// until: 2027-03-31 read in UTC ends at the midnight after that day.
const UNTIL = bound('2027-03-31', '2027-04-01T00:00:00Z');
const FROM = bound('2027-01-01', '2027-01-01T00:00:00Z');
const visio = (extra: Partial<DesiredLicense>): DesiredLicense => aDesiredLicense(PBI.skuId, [], extra);

describe('time-bound license entries', () => {
  it.each([
    ['before from', { from: FROM }, '2026-12-31T23:59:59Z', false],
    ['at from', { from: FROM }, '2027-01-01T00:00:00Z', true],
    ['on the last day of until', { until: UNTIL }, '2027-03-31T23:59:59Z', true],
    ['after until', { until: UNTIL }, '2027-04-01T00:00:00Z', false],
    ['inside both', { from: FROM, until: UNTIL }, '2027-02-01T00:00:00Z', true],
  ])('%s: in force is %s', (_name, span, now, expected) => {
    expect(isInForce(span, at(now))).toBe(expected);
  });

  it('without an instant every entry is in force (the planner never reads a clock)', () => {
    expect(isInForce({ until: UNTIL }, undefined)).toBe(true);
  });

  it('removes a license on the day its until has passed, through the usual checks, and says why', () => {
    const ann = person('ann', [aLicenseState(E3.skuId), aLicenseState(PBI.skuId)]);
    const desired = aDesired({ users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E3.skuId), visio({ until: UNTIL })])] });
    const snapshot = aSnapshot({ skus: [E3, PBI], users: [ann] });
    const before = runPlan(desired, snapshot, { now: at('2027-03-31T12:00:00Z') });
    expect(before.operations).toEqual([]);
    expect(checksOf(before, 'license-ends-soon').map((c) => c.message)).toEqual(['loses POWER_BI_PRO after 2027-03-31 (within a day)']);

    const after = runPlan(desired, snapshot, { now: at('2027-04-01T08:00:00Z') });
    expect(after.operations.map((op) => op.changes.map((c) => `${c.action} ${c.sku.skuPartNumber}`))).toEqual([['remove POWER_BI_PRO']]);
    expect(after.seats.find((row) => row.sku.skuId === PBI.skuId)?.change).toBe(-1);
    expect(after.summary.removals).toBe(1);
    expect(checksOf(after, 'license-ended')[0]).toMatchObject({ severity: 'note', message: 'held POWER_BI_PRO until 2027-03-31, which has passed; the plan removes it' });
    expect(after.lifecycle).toEqual({ evaluatedAt: '2027-04-01T08:00:00.000Z', timeZone: 'UTC', lookaheadDays: 14 });
  });

  it('assigns on the day from is reached, and notes the start ahead within the lookahead', () => {
    const desired = aDesired({
      users: [aDesiredPrincipal('user', 'ann@contoso.com', [visio({ from: FROM })])],
      settings: { lookaheadDays: 30 },
    });
    const snapshot = aSnapshot({ skus: [PBI], users: [person('ann')] });
    const early = runPlan(desired, snapshot, { now: at('2026-12-20T00:00:00Z') });
    expect(early.operations).toEqual([]);
    expect(checksOf(early, 'license-starts-soon').map((c) => c.message)).toEqual(['gets POWER_BI_PRO from 2027-01-01 (in 12 days)']);
    expect(runPlan(desired, snapshot, { now: at('2026-11-01T00:00:00Z') }).checks).toEqual([]);
    const due = runPlan(desired, snapshot, { now: at('2027-01-01T00:00:00Z') });
    expect(due.operations[0]?.changes.map((c) => c.action)).toEqual(['assign']);
  });

  it('removes a held license before its from, and says so', () => {
    const ann = person('ann', [aLicenseState(PBI.skuId)]);
    const desired = aDesired({ users: [aDesiredPrincipal('user', 'ann@contoso.com', [visio({ from: FROM })])] });
    const plan = runPlan(desired, aSnapshot({ skus: [PBI], users: [ann] }), { now: at('2026-10-01T00:00:00Z') });
    expect(plan.operations[0]?.changes.map((c) => c.action)).toEqual(['remove']);
    expect(checksOf(plan, 'license-not-started')[0]?.message).toBe('holds POWER_BI_PRO before its start from 2027-01-01; the plan removes it until then');
  });

  it('applies to group entries too: the members lose the seat with the group', () => {
    const { group, users } = addMembers(aGroup({ displayName: 'Analysts', assignedLicenses: [{ skuId: PBI.skuId, disabledPlans: [] }] }), [person('a'), person('b')]);
    const desired = aDesired({ groups: [aDesiredPrincipal('group', 'Analysts', [visio({ until: UNTIL })])] });
    const plan = runPlan(desired, aSnapshot({ skus: [PBI], users, groups: [group] }), { now: at('2027-05-01T00:00:00Z') });
    expect(plan.operations[0]?.principal.name).toBe('Analysts');
    expect(plan.seats[0]?.change).toBe(-2);
  });

  it('finds the next boundary after an instant, for a reconciler to wake up at', () => {
    const desired = aDesired({
      users: [
        aDesiredPrincipal('user', 'ann@contoso.com', [visio({ from: FROM, until: UNTIL })]),
        aDesiredPrincipal('user', 'bob@contoso.com', [aDesiredLicense(E3.skuId, [], { until: bound('2027-02-15', '2027-02-16T00:00:00Z') })]),
      ],
    });
    expect(nextLifecycleBoundary(desired, at('2026-12-01T00:00:00Z'))).toBe(at('2027-01-01T00:00:00Z'));
    expect(nextLifecycleBoundary(desired, at('2027-01-01T00:00:00Z'))).toBe(at('2027-02-16T00:00:00Z'));
    expect(nextLifecycleBoundary(desired, at('2027-02-16T00:00:00Z'))).toBe(at('2027-04-01T00:00:00Z'));
    expect(nextLifecycleBoundary(desired, at('2027-04-01T00:00:00Z'))).toBeUndefined();
  });

  it('ignores boundaries of SKUs outside managedSkus', () => {
    const desired = aDesired({
      users: [aDesiredPrincipal('user', 'ann@contoso.com', [visio({ until: UNTIL })])],
      settings: { managedSkuIds: [E3.skuId] },
    });
    expect(nextLifecycleBoundary(desired, at('2026-12-01T00:00:00Z'))).toBeUndefined();
  });
});
