import { describe, expect, it } from 'vitest';
import type { Operation, Plan } from '../../src/model/plan.js';
import { checkPlanConsistency } from '../../src/plan/check-plan-consistency.js';
import { addMembers, aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSnapshot, aUser, planId } from '../support/builders.js';
import { E3, E5, PBI, runPlan } from './plan-kit.js';

/**
 * A saved plan is untrusted: before it is applied it must agree with itself. Each row edits a
 * plan as skuform wrote it the way a hand (or a tool) between plan and apply could, and names
 * every disagreement the check must report, in its words, so that a reviewer learns what was
 * changed and nothing the edit did not change is reported.
 */
const SWAY = planId('SWAY');
const TEAMS = planId('TEAMS1');
const EXCHANGE = planId('EXCHANGE_S_ENTERPRISE');
const YAMMER = planId('YAMMER_ENTERPRISE');
const upn = (n: string): string => `${n}@contoso.com`;

/**
 * One operation of each kind: ann gains E3 (acquire), ben's E3 switches SWAY on and TEAMS1
 * off and keeps YAMMER off (update), cat loses E3 (release), dan swaps E3 for E5 (swap), eve gains E3 and E5 with
 * plans off (two licenses added in one request), fay loses E3 and E5 (two removed), and the
 * group Sales gains Power BI.
 */
function aSavedPlan(): Plan {
  const holds = (n: string, skus: string[], disabled: string[] = []) => aUser({ userPrincipalName: upn(n), licenseAssignmentStates: skus.map((skuId) => aLicenseState(skuId, { disabledPlans: disabled })) });
  const { group, users: members } = addMembers(aGroup(), [aUser({ userPrincipalName: upn('gus') })]);
  const wants = (n: string, licenses: ReturnType<typeof aDesiredLicense>[]) => aDesiredPrincipal('user', upn(n), licenses);
  const desired = aDesired({
    users: [
      wants('ann', [aDesiredLicense(E3.skuId)]),
      wants('ben', [aDesiredLicense(E3.skuId, [TEAMS, YAMMER])]),
      wants('cat', []),
      wants('dan', [aDesiredLicense(E5.skuId)]),
      wants('eve', [aDesiredLicense(E3.skuId, [SWAY, TEAMS]), aDesiredLicense(E5.skuId, [EXCHANGE])]),
      wants('fay', []),
    ],
    groups: [aDesiredPrincipal('group', 'Sales', [aDesiredLicense(PBI.skuId)])],
    settings: { managedSkuIds: [E3.skuId, E5.skuId, PBI.skuId] },
  });
  const snapshot = aSnapshot({
    skus: [E3, E5, PBI],
    users: [holds('ann', []), holds('ben', [E3.skuId], [SWAY, YAMMER]), holds('cat', [E3.skuId]), holds('dan', [E3.skuId]), holds('eve', []), holds('fay', [E3.skuId, E5.skuId]), ...members],
    groups: [group],
  });
  return structuredClone(runPlan(desired, snapshot));
}

function opOf(plan: Plan, name: string): Operation {
  const op = plan.operations.find((o) => o.principal.name === name || o.principal.name === upn(name));
  if (op === undefined) throw new Error(`no operation of ${name}`);
  return op;
}

function changeOf(plan: Plan, name: string, index = 0): Operation['changes'][number] {
  const change = opOf(plan, name).changes[index];
  if (change === undefined) throw new Error(`no change ${index} of ${name}`);
  return change;
}

const ref = (id: string, name: string) => ({ servicePlanId: id, servicePlanName: name });

interface Row {
  name: string;
  edit: (plan: Plan) => void;
  /** Every problem the check must report, in order, given the edited plan. */
  problems: (plan: Plan) => string[];
}

const rows: Row[] = [
  {
    name: 'an operation whose id is not its principal\'s',
    edit: (p) => { opOf(p, 'ann').id = 'user:someone-else'; },
    problems: (p) => [
      `user ann@contoso.com: operation id user:someone-else is not user:${opOf(p, 'ann').principal.id}`,
      'user ann@contoso.com: its fingerprint differs from the plan\'s list of fingerprints',
    ],
  },
  {
    name: 'the same principal in two operations',
    edit: (p) => { p.operations.push(structuredClone(opOf(p, 'cat'))); p.summary.remove += 1; p.summary.principals += 1; },
    problems: () => ['user cat@contoso.com: appears in two operations', 'the list of fingerprints does not name exactly the operations'],
  },
  {
    name: 'an operation whose fingerprint is not the listed one',
    edit: (p) => { opOf(p, 'ann').fingerprint = 'edited'; },
    problems: () => ['user ann@contoso.com: its fingerprint differs from the plan\'s list of fingerprints'],
  },
  {
    name: 'a list of fingerprints with one more principal',
    edit: (p) => { p.fingerprints.principals['user:someone-else'] = 'x'; },
    problems: () => ['the list of fingerprints does not name exactly the operations'],
  },
  {
    name: 'a list of fingerprints naming another principal instead of one in the plan',
    edit: (p) => {
      const op = opOf(p, 'ann');
      delete p.fingerprints.principals[op.id];
      p.fingerprints.principals['user:someone-else'] = op.fingerprint;
    },
    problems: () => ['user ann@contoso.com: its fingerprint differs from the plan\'s list of fingerprints', 'the list of fingerprints does not name exactly the operations'],
  },
  {
    name: 'an operation without changes',
    edit: (p) => {
      const op = opOf(p, 'ann');
      op.changes = [];
      op.request = { addLicenses: [], removeLicenses: [] };
      op.phase = 'update';
      p.summary.assign -= 1;
    },
    problems: () => ['user ann@contoso.com: an operation without changes'],
  },
  {
    name: 'a change of a SKU the plan does not manage',
    edit: (p) => { p.settings.managedSkus = p.settings.managedSkus.filter((s) => s.skuId !== E5.skuId); },
    problems: () => [
      `user fay@contoso.com: SPE_E5 (${E5.skuId}) is not one of the plan's managed SKUs`,
      `user fay@contoso.com: the request touches ${E5.skuId}, which is not one of the plan's managed SKUs`,
      `user dan@contoso.com: SPE_E5 (${E5.skuId}) is not one of the plan's managed SKUs`,
      `user dan@contoso.com: the request touches ${E5.skuId}, which is not one of the plan's managed SKUs`,
      `user eve@contoso.com: SPE_E5 (${E5.skuId}) is not one of the plan's managed SKUs`,
      `user eve@contoso.com: the request touches ${E5.skuId}, which is not one of the plan's managed SKUs`,
    ],
  },
  {
    name: 'a SKU changed twice in one operation',
    edit: (p) => {
      const op = opOf(p, 'cat');
      op.changes.push(structuredClone(changeOf(p, 'cat')));
      op.request.removeLicenses.push(E3.skuId);
      p.summary.remove += 1;
    },
    problems: () => ['user cat@contoso.com: SPE_E3 is changed twice'],
  },
  {
    name: 'an assignment with a "before"',
    edit: (p) => { changeOf(p, 'ann').before = { disabledPlans: [] }; },
    problems: () => ['user ann@contoso.com: SPE_E3: an assignment needs no "before" and an "after"'],
  },
  {
    name: 'an assignment without an "after"',
    edit: (p) => { changeOf(p, 'ann').after = null; opOf(p, 'ann').request.addLicenses = [{ skuId: E3.skuId, disabledPlans: [] }]; },
    problems: () => ['user ann@contoso.com: SPE_E3: an assignment needs no "before" and an "after"'],
  },
  {
    name: 'a removal with an "after"',
    edit: (p) => { changeOf(p, 'cat').after = { disabledPlans: [] }; },
    problems: () => ['user cat@contoso.com: SPE_E3: a removal needs a "before" and no "after"'],
  },
  {
    name: 'a removal without a "before"',
    edit: (p) => { changeOf(p, 'cat').before = null; },
    problems: () => ['user cat@contoso.com: SPE_E3: a removal needs a "before" and no "after"'],
  },
  {
    name: 'an update without a "before"',
    edit: (p) => { changeOf(p, 'ben').before = null; },
    problems: () => ['user ben@contoso.com: SPE_E3: an update needs a "before" and an "after"'],
  },
  {
    name: 'an update without an "after"',
    edit: (p) => { changeOf(p, 'ben').after = null; },
    problems: () => ['user ben@contoso.com: SPE_E3: an update needs a "before" and an "after"', 'user ben@contoso.com: the request it would send differs from the changes it shows'],
  },
  {
    name: 'an assignment that says it switches plans off',
    edit: (p) => { changeOf(p, 'ann').plansDisabled.push(ref(SWAY, 'SWAY')); },
    problems: () => ['user ann@contoso.com: SPE_E3: only an update switches plans on or off'],
  },
  {
    name: 'a removal that says it switches plans on',
    edit: (p) => { changeOf(p, 'cat').plansEnabled.push(ref(SWAY, 'SWAY')); },
    problems: () => ['user cat@contoso.com: SPE_E3: only an update switches plans on or off'],
  },
  {
    name: 'an update that changes nothing',
    edit: (p) => {
      const change = changeOf(p, 'ben');
      change.after = structuredClone(change.before);
      Object.assign(change, { plansEnabled: [], plansDisabled: [] });
      opOf(p, 'ben').request.addLicenses = [{ skuId: E3.skuId, disabledPlans: [SWAY, YAMMER] }];
    },
    problems: () => ['user ben@contoso.com: SPE_E3: an update that changes nothing'],
  },
  {
    name: 'an update hiding a plan it switches off',
    edit: (p) => { changeOf(p, 'ben').plansDisabled = []; },
    problems: () => ['user ben@contoso.com: SPE_E3: the plans it says it switches on and off differ from its before and after'],
  },
  {
    name: 'an update hiding a plan it switches on',
    edit: (p) => { changeOf(p, 'ben').plansEnabled = []; },
    problems: () => ['user ben@contoso.com: SPE_E3: the plans it says it switches on and off differ from its before and after'],
  },
  {
    name: 'an update naming the plans it switches on as switched off',
    edit: (p) => { const change = changeOf(p, 'ben'); [change.plansEnabled, change.plansDisabled] = [change.plansDisabled, change.plansEnabled]; },
    problems: () => ['user ben@contoso.com: SPE_E3: the plans it says it switches on and off differ from its before and after'],
  },
  {
    name: 'a phase that does not follow from the changes',
    edit: (p) => { opOf(p, 'dan').phase = 'acquire'; },
    problems: () => ['user dan@contoso.com: phase acquire does not follow from its changes (swap)'],
  },
  {
    name: 'a request that removes a SKU the plan does not manage',
    edit: (p) => { opOf(p, 'cat').request.removeLicenses.push('11111111-1111-4111-8111-111111111111'); },
    problems: () => [
      'user cat@contoso.com: the request touches 11111111-1111-4111-8111-111111111111, which is not one of the plan\'s managed SKUs',
      'user cat@contoso.com: the request it would send differs from the changes it shows',
    ],
  },
  {
    name: 'a request that adds a SKU the plan does not manage',
    edit: (p) => { opOf(p, 'ann').request.addLicenses.push({ skuId: '11111111-1111-4111-8111-111111111111', disabledPlans: [] }); },
    problems: () => [
      'user ann@contoso.com: the request touches 11111111-1111-4111-8111-111111111111, which is not one of the plan\'s managed SKUs',
      'user ann@contoso.com: the request it would send differs from the changes it shows',
    ],
  },
  {
    name: 'a request that switches off a plan the change keeps on',
    edit: (p) => { opOf(p, 'ann').request.addLicenses[0]?.disabledPlans.push(SWAY); },
    problems: () => ['user ann@contoso.com: the request it would send differs from the changes it shows'],
  },
  {
    name: 'a request that adds what the change removes',
    edit: (p) => { opOf(p, 'cat').request = { addLicenses: [{ skuId: E3.skuId, disabledPlans: [] }], removeLicenses: [] }; },
    problems: () => ['user cat@contoso.com: the request it would send differs from the changes it shows'],
  },
  {
    name: 'a summary with one assignment too few',
    edit: (p) => { p.summary.assign -= 1; },
    problems: (p) => [`the summary says ${p.summary.assign} to assign, ${p.summary.update} to update, ${p.summary.remove} to remove; the operations hold ${p.summary.assign + 1}, ${p.summary.update}, ${p.summary.remove}`],
  },
  {
    name: 'a summary with one update too many',
    edit: (p) => { p.summary.update += 1; },
    problems: (p) => [`the summary says ${p.summary.assign} to assign, ${p.summary.update} to update, ${p.summary.remove} to remove; the operations hold ${p.summary.assign}, ${p.summary.update - 1}, ${p.summary.remove}`],
  },
  {
    name: 'a summary hiding a removal',
    edit: (p) => { p.summary.remove -= 1; },
    problems: (p) => [`the summary says ${p.summary.assign} to assign, ${p.summary.update} to update, ${p.summary.remove} to remove; the operations hold ${p.summary.assign}, ${p.summary.update}, ${p.summary.remove + 1}`],
  },
  {
    name: 'a summary counting another number of principals',
    edit: (p) => { p.summary.principals -= 1; },
    problems: (p) => [`the summary counts ${p.summary.principals} users and groups; the plan has ${p.operations.length} operations`],
  },
  {
    name: 'a summary counting an error the checks do not hold',
    edit: (p) => { p.summary.errors = 1; },
    problems: () => ['the summary counts 1 errors; the checks hold 0'],
  },
  {
    name: 'an error check the summary does not count',
    edit: (p) => { p.checks.push({ code: 'seats-insufficient', severity: 'error', message: 'not enough seats' }, { code: 'data-loss-risk', severity: 'warning', message: 'careful' }); },
    problems: () => ['the summary counts 0 errors; the checks hold 1'],
  },
  // Graph takes the lists of a request in any order: a reordered request is the same request.
  {
    name: 'a request listing its additions and their disabled plans in another order',
    edit: (p) => {
      const request = opOf(p, 'eve').request;
      request.addLicenses.reverse();
      for (const license of request.addLicenses) license.disabledPlans.reverse();
    },
    problems: () => [],
  },
  {
    name: 'a request listing its removals in another order',
    edit: (p) => { opOf(p, 'fay').request.removeLicenses.reverse(); },
    problems: () => [],
  },
];

describe('checkPlanConsistency', () => {
  it('finds nothing wrong with a plan as skuform writes it', () => {
    const plan = aSavedPlan();
    expect(plan.operations.map((op) => [op.principal.name, op.phase, op.changes.map((c) => `${c.action} ${c.sku.skuPartNumber}`).join(', ')])).toEqual([
      [upn('cat'), 'release', 'remove SPE_E3'],
      [upn('fay'), 'release', 'remove SPE_E3, remove SPE_E5'],
      [upn('ben'), 'update', 'update SPE_E3'],
      [upn('dan'), 'swap', 'remove SPE_E3, assign SPE_E5'],
      [upn('ann'), 'acquire', 'assign SPE_E3'],
      [upn('eve'), 'acquire', 'assign SPE_E3, assign SPE_E5'],
      ['Sales', 'acquire', 'assign POWER_BI_PRO'],
    ]);
    expect(changeOf(plan, 'ben')).toMatchObject({ plansEnabled: [ref(SWAY, 'SWAY')], plansDisabled: [ref(TEAMS, 'TEAMS1')] });
    expect(opOf(plan, 'eve').request.addLicenses.map((l) => l.disabledPlans.length)).toEqual([2, 1]);
    expect(checkPlanConsistency(plan)).toEqual([]);
  });

  it.each(rows)('reports $name', ({ edit, problems }) => {
    const plan = aSavedPlan();
    edit(plan);
    expect(checkPlanConsistency(plan)).toEqual(problems(plan));
  });
});
