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

    // Exactly at the end of the last day the license has ended (until is exclusive).
    const after = runPlan(desired, snapshot, { now: at('2027-04-01T00:00:00Z') });
    expect(after.operations.map((op) => op.changes.map((c) => `${c.action} ${c.sku.skuPartNumber}`))).toEqual([['remove POWER_BI_PRO']]);
    expect(after.seats.find((row) => row.sku.skuId === PBI.skuId)?.change).toBe(-1);
    expect(after.summary.removals).toBe(1);
    expect(checksOf(after, 'license-ended')[0]).toMatchObject({ severity: 'note', message: 'held POWER_BI_PRO until 2027-03-31, which has passed; the plan removes it' });
    expect(checksOf(after, 'license-ends-soon')).toEqual([]);
    expect(after.lifecycle).toEqual({ evaluatedAt: '2027-04-01T00:00:00.000Z', timeZone: 'UTC', lookaheadDays: 14 });
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
    // Once started, a license is no longer "starting soon".
    expect(due.checks).toEqual([]);
  });

  // The lookahead includes its last instant; an entry ending or starting exactly then is noted.
  it.each([
    { now: '2027-03-02T00:00:00Z', notes: [] },
    { now: '2027-03-03T00:00:00Z', notes: ['loses POWER_BI_PRO after 2027-03-31 (in 29 days)'] },
    { now: '2027-03-31T00:00:00Z', notes: ['loses POWER_BI_PRO after 2027-03-31 (in 1 day)'] },
    { now: '2027-04-01T00:00:00Z', notes: [] },
  ])('notes an end within the lookahead of 29 days: at $now, $notes', ({ now, notes }) => {
    const desired = aDesired({ users: [aDesiredPrincipal('user', 'ann@contoso.com', [visio({ until: UNTIL })])], settings: { lookaheadDays: 29 } });
    const plan = runPlan(desired, aSnapshot({ skus: [PBI], users: [person('ann')] }), { now: at(now) });
    expect(checksOf(plan, 'license-ends-soon').map((c) => c.message)).toEqual(notes);
  });

  it('notes a start exactly at the end of the lookahead', () => {
    const desired = aDesired({ users: [aDesiredPrincipal('user', 'ann@contoso.com', [visio({ from: FROM })])], settings: { lookaheadDays: 10 } });
    const plan = runPlan(desired, aSnapshot({ skus: [PBI], users: [person('ann')] }), { now: at('2026-12-22T00:00:00Z') });
    expect(checksOf(plan, 'license-starts-soon').map((c) => c.message)).toEqual(['gets POWER_BI_PRO from 2027-01-01 (in 10 days)']);
  });

  it('says "at" the instant for an until with a time, and "after" the day for a bare date', () => {
    const until = bound('2027-03-31T17:00:00Z', '2027-03-31T17:00:00Z');
    const desired = aDesired({ users: [aDesiredPrincipal('user', 'ann@contoso.com', [visio({ until })])] });
    const plan = runPlan(desired, aSnapshot({ skus: [PBI], users: [person('ann')] }), { now: at('2027-03-28T17:00:00Z') });
    expect(checksOf(plan, 'license-ends-soon').map((c) => c.message)).toEqual(['loses POWER_BI_PRO at 2027-03-31T17:00:00Z (in 3 days)']);
  });

  it('a license held before a start whose end is also ahead is removed as not started, not as ended', () => {
    const ann = person('ann', [aLicenseState(PBI.skuId)]);
    const desired = aDesired({ users: [aDesiredPrincipal('user', 'ann@contoso.com', [visio({ from: FROM, until: UNTIL })])] });
    const plan = runPlan(desired, aSnapshot({ skus: [PBI], users: [ann] }), { now: at('2026-10-01T00:00:00Z') });
    expect(plan.checks.map((c) => c.code).filter((code) => code.startsWith('license-'))).toEqual(['license-not-started']);
  });

  it('notes nothing for time-bound entries of SKUs outside managedSkus', () => {
    const desired = aDesired({
      users: [aDesiredPrincipal('user', 'ann@contoso.com', [aDesiredLicense(E3.skuId), visio({ from: FROM, until: UNTIL })])],
      settings: { managedSkuIds: [E3.skuId] },
    });
    const plan = runPlan(desired, aSnapshot({ skus: [E3, PBI], users: [person('ann', [aLicenseState(E3.skuId), aLicenseState(PBI.skuId)])] }), { now: at('2027-03-30T00:00:00Z') });
    expect(plan.checks).toEqual([]);
  });

  // The plan says how time-bound entries were judged only when the config has some.
  it.each([
    { name: 'none is', users: [[]], groups: [], lifecycle: false },
    { name: 'one user\'s is', users: [[], [{ until: UNTIL }]], groups: [], lifecycle: true },
    { name: 'a group\'s is', users: [[]], groups: [[{ from: FROM }]], lifecycle: true },
  ])('states the lifecycle settings when some entry is time-bound: $name', ({ users, groups, lifecycle }) => {
    const principal = (kind: 'user' | 'group', spans: Partial<DesiredLicense>[], i: number) => aDesiredPrincipal(kind, `${kind}${i}`, spans.length === 0 ? [aDesiredLicense(E3.skuId)] : spans.map((span) => visio(span)));
    const desired = aDesired({ users: users.map((spans, i) => principal('user', spans, i)), groups: groups.map((spans, i) => principal('group', spans, i)) });
    const plan = runPlan(desired, aSnapshot({ skus: [E3, PBI] }), { now: at('2027-02-01T00:00:00Z') });
    expect(plan.lifecycle).toEqual(lifecycle ? { evaluatedAt: '2027-02-01T00:00:00.000Z', timeZone: 'UTC', lookaheadDays: 14 } : undefined);
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
