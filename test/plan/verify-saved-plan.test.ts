import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { TenantGroup, TenantUser } from '../../src/model/tenant.js';
import { verifySavedPlan, type SavedPlanLimits, type SavedPlanVerdict } from '../../src/plan/verify-saved-plan.js';
import { aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSnapshot, aUser, planId } from '../support/builders.js';
import { E3, E5, PBI, runPlan } from './plan-kit.js';

/**
 * A saved plan is re-derived from the store before it is applied: its outcome becomes the
 * desired state, planned afresh. Each row changes the store (or the plan) after the plan was
 * made and says what the re-derivation must conclude.
 */
const SWAY = planId('SWAY');
const TEAMS = planId('TEAMS1');
const upn = (n: string): string => `${n}@contoso.com`;

interface Tenant {
  users: TenantUser[];
  groups: TenantGroup[];
}

/**
 * ann holds E3 through the group Staff and gains E5 and Power BI directly; ben switches SWAY
 * and TEAMS1 off in E3 and keeps his Power BI; old, whom the config does not list, is pruned
 * and loses E3 (and its mailbox); the group Sales keeps its E3 and gains Power BI. Staff
 * keeps its E3.
 */
function aTenant(): Tenant {
  const staff = aGroup({ displayName: 'Staff', assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] });
  const sales = aGroup({ displayName: 'Sales', assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] });
  const ann = aUser({ userPrincipalName: upn('ann'), licenseAssignmentStates: [aLicenseState(E3.skuId, { group: staff.id })] });
  const ben = aUser({ userPrincipalName: upn('ben'), licenseAssignmentStates: [aLicenseState(E3.skuId), aLicenseState(PBI.skuId)] });
  const old = aUser({ userPrincipalName: upn('old'), licenseAssignmentStates: [aLicenseState(E3.skuId)] });
  const gus = aUser({ userPrincipalName: upn('gus'), licenseAssignmentStates: [aLicenseState(E3.skuId, { group: sales.id })] });
  return { users: [ann, ben, old, gus], groups: [{ ...staff, members: [ann.id] }, { ...sales, members: [gus.id] }] };
}

/** Seats used (and in their grace period) of E5 and Power BI, when not one per holder. */
interface Seats {
  e5?: { used: number };
  pbi?: { used: number; warning: number };
}

function snapshotOf(tenant: Tenant, seats: Seats = {}): Snapshot {
  const counted = aSnapshot({ skus: [E3, E5, PBI], users: tenant.users, groups: tenant.groups, holdersOf: [E3.skuId, E5.skuId, PBI.skuId] });
  const skus = counted.skus.map((sku) => {
    if (sku.skuId === E5.skuId && seats.e5 !== undefined) return { ...sku, consumedUnits: seats.e5.used };
    if (sku.skuId === PBI.skuId && seats.pbi !== undefined) return { ...sku, consumedUnits: seats.pbi.used, prepaidUnits: { ...sku.prepaidUnits, warning: seats.pbi.warning } };
    return sku;
  });
  return { ...counted, skus };
}

/** The plan as made against {@link aTenant}, as read back from its file. */
function aSavedPlan(): Plan {
  const desired = aDesired({
    users: [
      aDesiredPrincipal('user', upn('ann'), [aDesiredLicense(E5.skuId), aDesiredLicense(PBI.skuId)]),
      aDesiredPrincipal('user', upn('ben'), [aDesiredLicense(E3.skuId, [SWAY, TEAMS]), aDesiredLicense(PBI.skuId)], 2),
    ],
    groups: [aDesiredPrincipal('group', 'Staff', [aDesiredLicense(E3.skuId)], 3), aDesiredPrincipal('group', 'Sales', [aDesiredLicense(E3.skuId), aDesiredLicense(PBI.skuId)], 4)],
    settings: { managedSkuIds: [E3.skuId, E5.skuId, PBI.skuId], prune: true, maxRemovals: 5, seatReserve: { [E5.skuId]: 5 } },
  });
  return structuredClone(runPlan(desired, snapshotOf(aTenant())));
}

const userIn = (tenant: Tenant, n: string): TenantUser => {
  const user = tenant.users.find((u) => u.userPrincipalName === upn(n));
  if (user === undefined) throw new Error(`no user ${n}`);
  return user;
};

interface Row {
  name: string;
  /** What changed in the store after the plan was made. */
  store?: (tenant: Tenant) => void;
  /** What changed in the plan after it was made. */
  plan?: (plan: Plan) => void;
  limits?: SavedPlanLimits;
  seats?: Seats;
  /** What the verdict must match (`recomputed` aside). */
  verdict: (plan: Plan, tenant: Tenant) => { kind: SavedPlanVerdict['kind']; problems?: string[]; checks?: unknown[] };
}

const rows: Row[] = [
  {
    name: 'a user whose name differs only in letter case is the same user',
    store: (t) => { userIn(t, 'ben').userPrincipalName = 'Ben@Contoso.com'; },
    verdict: () => ({ kind: 'verified' }),
  },
  {
    name: 'a user deleted since is no user to license',
    store: (t) => { t.users = t.users.filter((u) => u.userPrincipalName !== upn('ben')); },
    verdict: (p) => ({ kind: 'renamed', problems: [`user ben@contoso.com (${p.operations.find((o) => o.principal.name === upn('ben'))?.principal.id}) does not exist`] }),
  },
  {
    name: 'a group renamed since may be another group now: both names are shown',
    store: (t) => { const sales = t.groups.find((g) => g.displayName === 'Sales'); if (sales) sales.displayName = 'Marketing'; },
    verdict: (_p, t) => ({ kind: 'renamed', problems: [`group id ${t.groups[1]?.id} is Marketing in the tenant, but the plan shows Sales`] }),
  },
  {
    name: 'an update someone made by hand since leaves nothing for the plan to change',
    store: (t) => { userIn(t, 'ben').licenseAssignmentStates = [aLicenseState(E3.skuId, { disabledPlans: [TEAMS, SWAY] }), aLicenseState(PBI.skuId)]; },
    verdict: () => ({ kind: 'mismatch', problems: ['user ben@contoso.com: the plan shows update SPE_E3, but nothing needs to change'] }),
  },
  {
    name: 'an update of a license removed since would need an assignment instead',
    store: (t) => { userIn(t, 'ben').licenseAssignmentStates = [aLicenseState(PBI.skuId)]; },
    verdict: () => ({ kind: 'mismatch', problems: ['user ben@contoso.com: the plan shows update SPE_E3, but the tenant needs assign SPE_E3 for the same outcome'] }),
  },
  {
    name: 'an operation under another id: the store needs the change the plan does not show under its own',
    plan: (p) => { const op = p.operations.find((o) => o.principal.name === upn('ann')); if (op) op.id = 'user:someone-else'; },
    verdict: () => ({
      kind: 'mismatch',
      problems: [
        'user ann@contoso.com: the plan shows assign POWER_BI_PRO, assign SPE_E5, but nothing needs to change',
        'user ann@contoso.com: needs assign POWER_BI_PRO, assign SPE_E5, which the plan does not show',
      ],
    }),
  },
  {
    name: 'an operation emptied of its changes',
    plan: (p) => { const op = p.operations.find((o) => o.principal.name === upn('ben')); if (op) op.changes = []; },
    verdict: () => ({ kind: 'mismatch', problems: ['user ben@contoso.com: the plan shows no change, but nothing needs to change'] }),
  },
  {
    // Neither Graph nor a reviewer reads an order into them.
    name: 'changes and disabled plans listed in another order are the same changes',
    plan: (p) => {
      for (const op of p.operations) op.changes.reverse();
      const ben = p.operations.find((o) => o.principal.name === upn('ben'))?.changes[0];
      expect(ben?.after?.disabledPlans).toHaveLength(2);
      ben?.after?.disabledPlans.reverse();
    },
    verdict: () => ({ kind: 'verified' }),
  },
  {
    name: 'the stricter removal limit of the apply blocks the plan',
    limits: { maxRemovals: 0 },
    verdict: () => ({ kind: 'blocked', checks: [expect.objectContaining({ code: 'removal-guard', message: 'the plan removes 1 license, more than the limit of 0' })] }),
  },
  {
    name: 'a looser removal limit of the apply does not lift the plan\'s own',
    plan: (p) => { p.settings.maxRemovals = 0; },
    limits: { maxRemovals: 9 },
    verdict: () => ({ kind: 'blocked', checks: [expect.objectContaining({ code: 'removal-guard', message: 'the plan removes 1 license, more than the limit of 0' })] }),
  },
  {
    name: 'the plan\'s seat reserve holds against the seats the store has now',
    seats: { e5: { used: 95 } },
    verdict: () => ({ kind: 'blocked', checks: [expect.objectContaining({ code: 'seats-insufficient', sku: expect.objectContaining({ skuId: E5.skuId }) })] }),
  },
  {
    name: 'with the reserve kept, the seats the store has now are enough',
    seats: { e5: { used: 94 } },
    verdict: () => ({ kind: 'verified' }),
  },
  {
    // Power BI gains two seats (ann, and gus through Sales); one is free unless the five in
    // their grace period count, which the plan, made without graceSeatsAreFree, says they do not.
    name: 'seats in their grace period are not free when the plan was made without counting them',
    seats: { pbi: { used: 94, warning: 5 } },
    verdict: () => ({ kind: 'blocked', checks: [expect.objectContaining({ code: 'seats-insufficient', sku: expect.objectContaining({ skuId: PBI.skuId }) })] }),
  },
  {
    name: 'seats in their grace period are free when the plan was made counting them',
    plan: (p) => { p.settings.graceSeatsAreFree = true; },
    seats: { pbi: { used: 94, warning: 5 } },
    verdict: () => ({ kind: 'verified' }),
  },
];

describe('verifySavedPlan', () => {
  it('re-derives a plan as made into the same operations, every source as the plan shows it', () => {
    const plan = aSavedPlan();
    expect(plan.operations.map((op) => `${op.principal.name}: ${op.changes.map((c) => `${c.action} ${c.sku.skuPartNumber}`).join(', ')}`)).toEqual([
      'old@contoso.com: remove SPE_E3',
      'ben@contoso.com: update SPE_E3',
      'ann@contoso.com: assign POWER_BI_PRO, assign SPE_E5',
      'Sales: assign POWER_BI_PRO',
    ]);
    expect(plan.checks.map((c) => [c.code, c.principal?.name, c.source])).toContainEqual(['data-loss-risk', upn('old'), undefined]);
    const verdict = verifySavedPlan(plan, snapshotOf(aTenant()), {});
    expect(verdict.kind).toBe('verified');
    if (verdict.kind !== 'verified') return;
    // The pruned user is in no file: neither its operation nor its checks name one.
    expect(verdict.recomputed.operations).toEqual(plan.operations);
    expect(verdict.recomputed.checks.filter((c) => c.code === 'data-loss-risk')).toEqual(plan.checks.filter((c) => c.code === 'data-loss-risk'));
    expect(verdict.recomputed.settings).toMatchObject({ maxRemovals: 5, seatReserve: [{ sku: { skuId: E5.skuId }, seats: 5 }], prune: false });
  });

  it.each(rows)('$name', ({ store, plan: editPlan, limits = {}, seats, verdict }) => {
    const plan = aSavedPlan();
    const tenant = aTenant();
    store?.(tenant);
    editPlan?.(plan);
    expect(verifySavedPlan(plan, snapshotOf(tenant, seats), limits)).toMatchObject(verdict(plan, tenant));
  });
});
