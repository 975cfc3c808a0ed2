import type { DesiredLicense, DesiredPrincipal, DesiredState } from '../src/model/desired.js';
import type { Snapshot } from '../src/model/snapshot.js';
import type { LicenseAssignmentState, TenantGroup, TenantUser } from '../src/model/tenant.js';
import { aDesired, aDesiredLicense, aDesiredPrincipal, aGroup, aLicenseState, aSku, aSnapshot, aUser, planId } from '../test/support/builders.js';

/**
 * A synthetic tenant and config of any size for the planner's scale test and benchmark.
 * User `i` falls into category `i % 10`, each exercising one path of the planner, so the
 * expected outcome of every user is known without running the planner:
 *
 * | cat | holds now                           | config says      | result                      |
 * |-----|-------------------------------------|------------------|-----------------------------|
 * | 0   | E3 direct                           | E3               | nothing                     |
 * | 1   | E3 direct                           | E3, SWAY off     | update                      |
 * | 2   | nothing                             | E3               | assign                      |
 * | 3   | E3 direct                           | nothing          | remove (data-loss warning)  |
 * | 4   | E3 direct                           | E5               | swap                        |
 * | 5   | POWER_BI_PRO direct                 | POWER_BI_PRO, E3 | assign                      |
 * | 6   | nothing                             | nothing          | nothing                     |
 * | 7   | E3 through a Licensed group         | nothing          | nothing (inherited note)    |
 * | 8   | E3 through a group + direct SWAY off | E3, SWAY off    | nothing (redundant warning) |
 * | 9   | E5 direct                           | E5, MCOEV off    | update                      |
 *
 * Groups `Licensed-0..4` hold E3 and keep it; `Team-0..4` hold nothing, and `Team-0` gains
 * POWER_BI_PRO (fan-out to its members). User `i` belongs to `Team-(i % 5)`, so Team-0 holds
 * categories 0 (who get POWER_BI_PRO through it: a note) and 5 (whose direct POWER_BI_PRO
 * becomes redundant: a warning).
 */
export interface PlanWorkload {
  desired: DesiredState;
  snapshot: Snapshot;
}

export const WORKLOAD_CATEGORIES = 10;
/** Categories whose user gets an operation of their own. */
export const CATEGORIES_WITH_OPERATION: readonly number[] = [1, 2, 3, 4, 5, 9];

const E3 = aSku({ skuPartNumber: 'SPE_E3', plans: ['EXCHANGE_S_ENTERPRISE', 'SHAREPOINTENTERPRISE', 'TEAMS1', 'SWAY', 'YAMMER_ENTERPRISE'] });
const E5 = aSku({ skuPartNumber: 'SPE_E5', plans: ['EXCHANGE_S_ENTERPRISE', 'SHAREPOINTENTERPRISE', 'TEAMS1', 'SWAY', 'MCOEV'] });
const PBI = aSku({ skuPartNumber: 'POWER_BI_PRO', plans: ['BI_AZURE_P2', 'EXCHANGE_S_FOUNDATION'] });
const SWAY_OFF = [planId('SWAY')];

export function generatePlanWorkload(userCount: number): PlanWorkload {
  const licensed = Array.from({ length: 5 }, (_, k) => aGroup({ displayName: `Licensed-${k}`, assignedLicenses: [{ skuId: E3.skuId, disabledPlans: [] }] }));
  const teams = Array.from({ length: 5 }, (_, k) => aGroup({ displayName: `Team-${k}` }));
  const members = new Map<TenantGroup, string[]>([...licensed, ...teams].map((g) => [g, []]));
  const users: TenantUser[] = [];
  const desiredUsers: DesiredPrincipal[] = [];
  for (let i = 0; i < userCount; i += 1) {
    const category = i % WORKLOAD_CATEGORIES;
    const group = category === 7 || category === 8 ? licensed[i % 5] : undefined;
    const { states, wanted } = categoryState(category, group);
    const upn = `user${String(i).padStart(6, '0')}@contoso.com`;
    const user = aUser({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, userPrincipalName: upn, licenseAssignmentStates: states });
    users.push(user);
    if (group !== undefined) members.get(group)?.push(user.id);
    members.get(teams[i % 5] as TenantGroup)?.push(user.id);
    desiredUsers.push(aDesiredPrincipal('user', upn, wanted, i + 1));
  }
  const groups = [...members.entries()].map(([group, ids]) => ({ ...group, members: ids }));
  const desiredGroups = [
    ...licensed.map((g, k) => aDesiredPrincipal('group', g.displayName, [aDesiredLicense(E3.skuId)], userCount + k + 1)),
    ...teams.map((g, k) => aDesiredPrincipal('group', g.displayName, k === 0 ? [aDesiredLicense(PBI.skuId)] : [], userCount + 6 + k)),
  ];
  const seats = Math.max(100, userCount * 2);
  const skus = [E3, E5, PBI].map((sku) => ({ ...sku, prepaidUnits: { ...sku.prepaidUnits, enabled: seats } }));
  return {
    desired: aDesired({ users: desiredUsers, groups: desiredGroups, settings: { maxRemovals: userCount } }),
    snapshot: aSnapshot({ skus, users, groups }),
  };
}

function categoryState(category: number, group: TenantGroup | undefined): { states: LicenseAssignmentState[]; wanted: DesiredLicense[] } {
  const inherited = group === undefined ? [] : [aLicenseState(E3.skuId, { group: group.id })];
  switch (category) {
    case 0: return { states: [aLicenseState(E3.skuId)], wanted: [aDesiredLicense(E3.skuId)] };
    case 1: return { states: [aLicenseState(E3.skuId)], wanted: [aDesiredLicense(E3.skuId, SWAY_OFF)] };
    case 2: return { states: [], wanted: [aDesiredLicense(E3.skuId)] };
    case 3: return { states: [aLicenseState(E3.skuId)], wanted: [] };
    case 4: return { states: [aLicenseState(E3.skuId)], wanted: [aDesiredLicense(E5.skuId)] };
    case 5: return { states: [aLicenseState(PBI.skuId)], wanted: [aDesiredLicense(PBI.skuId), aDesiredLicense(E3.skuId)] };
    case 7: return { states: inherited, wanted: [] };
    case 8: return { states: [aLicenseState(E3.skuId, { disabledPlans: SWAY_OFF }), ...inherited], wanted: [aDesiredLicense(E3.skuId, SWAY_OFF)] };
    case 9: return { states: [aLicenseState(E5.skuId)], wanted: [aDesiredLicense(E5.skuId, [planId('MCOEV')])] };
    default: return { states: [], wanted: [] };
  }
}
