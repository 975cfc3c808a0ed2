import type { Check, Operation } from '../model/plan.js';
import type { HeldSource, Holding } from './compute-holdings.js';
import type { PlanContext } from './plan-context.js';
import { compareNames } from './plan-context.js';
import type { OperationIndex } from './subject.js';
import { withSource } from './with-source.js';

/** Services whose loss can delete user data once Microsoft's retention period ends. */
export type DataFamily = 'Exchange mailbox' | 'SharePoint/OneDrive' | 'Teams';

const FAMILY_ORDER: readonly DataFamily[] = ['Exchange mailbox', 'SharePoint/OneDrive', 'Teams'];

/**
 * Data-bearing service plans by servicePlanName (Microsoft's catalogue, upper-cased).
 * Mailbox plans only: EXCHANGE_S_FOUNDATION is the license-less Exchange plumbing that
 * Power BI, EMS and others carry and holds no mailbox; archive add-ons and Office for the
 * web (SHAREPOINTWAC) need a mailbox/site plan and hold nothing of their own. Teams
 * Premium feature plans (TEAMSPRO_*) keep no chats; TEAMS1 and its variants do.
 */
const DATA_BEARING_PLANS: ReadonlyMap<string, DataFamily> = new Map([
  ...[
    'EXCHANGE_S_STANDARD', 'EXCHANGE_S_STANDARD_GOV', 'EXCHANGE_S_STANDARD_MIDMARKET', 'EXCHANGE_S_ENTERPRISE',
    'EXCHANGE_S_ENTERPRISE_GOV', 'EXCHANGE_S_DESKLESS', 'EXCHANGE_S_DESKLESS_GOV', 'EXCHANGE_S_ESSENTIALS',
    'EXCHANGE_L_STANDARD', 'EXCHANGE_B_STANDARD',
  ].map((name) => [name, 'Exchange mailbox'] as const),
  ...[
    'SHAREPOINTSTANDARD', 'SHAREPOINTSTANDARD_EDU', 'SHAREPOINTENTERPRISE', 'SHAREPOINTENTERPRISE_EDU',
    'SHAREPOINTENTERPRISE_GOV', 'SHAREPOINTENTERPRISE_MIDMARKET', 'SHAREPOINTDESKLESS', 'SHAREPOINTDESKLESS_GOV',
    'SHAREPOINT_S_DEVELOPER', 'SHAREPOINTLITE', 'SHAREPOINT PLAN 1G', 'ONEDRIVESTANDARD', 'ONEDRIVEENTERPRISE',
    'ONEDRIVE_BASIC', 'ONEDRIVE_BASIC_GOV', 'ONEDRIVE_BASIC_P2',
  ].map((name) => [name, 'SharePoint/OneDrive'] as const),
  ...['TEAMS1', 'TEAMS_GOV', 'TEAMS_AR_DOD', 'TEAMS_AR_GCCHIGH', 'TEAMS_DESKLESS', 'TEAMS_FREE', 'TEAMSESS'].map(
    (name) => [name, 'Teams'] as const,
  ),
]);

/** The data-bearing family of a service plan, if any. */
export function dataFamilyOf(servicePlanName: string): DataFamily | undefined {
  return DATA_BEARING_PLANS.get(servicePlanName.toUpperCase());
}

/** Collects data-loss risks user by user (see {@link createDataLossCollector}). */
export interface DataLossCollector {
  add(holding: Holding): void;
  finish(): Check[];
}

/**
 * Warns when a removal or update leaves a user with no enabled plan of a data-bearing family
 * they had before, across all their sources (direct, groups, unmanaged SKUs) after the
 * plan: a swap E3 -> E5 keeps the mailbox and is no risk. A user with an operation of their
 * own gets a check each; members who lose data only through groups are counted in one check
 * per group.
 */
export function createDataLossCollector(ctx: PlanContext, index: OperationIndex): DataLossCollector {
  const shrinks = (op: Operation | undefined): op is Operation => op !== undefined && op.changes.some((c) => c.action !== 'assign');
  const dataPlans = createDataPlanIndex(ctx);
  const checks: Check[] = [];
  const perGroup = new Map<string, { names: string[]; families: Set<DataFamily> }>();
  const add = (holding: Holding): void => {
    const own = index.get('user', holding.userId);
    const groups = shrinkingGroups(holding, (groupId) => shrinks(index.get('group', groupId)));
    // Only removals and updates can take a service away.
    if (!shrinks(own) && groups.length === 0) return;
    const lost = lostFamilies(dataPlans, holding);
    if (lost.length === 0) return;
    if (shrinks(own)) {
      const message = `would lose ${lost.join(', ')}: no enabled plan of ${lost.length === 1 ? 'it' : 'them'} remains`;
      const hint = 'give the user a license that keeps these services, or export their data first';
      checks.push(withSource({ code: 'data-loss-risk', severity: 'warning', principal: own.principal, message, hint }, own.source));
      return;
    }
    const name = ctx.userById.get(holding.userId)?.userPrincipalName ?? holding.userId;
    for (const groupId of groups) {
      const entry = perGroup.get(groupId) ?? { names: [], families: new Set<DataFamily>() };
      entry.names.push(name);
      for (const family of lost) entry.families.add(family);
      perGroup.set(groupId, entry);
    }
  };
  const finish = (): Check[] => {
    for (const [groupId, entry] of perGroup) {
      const op = index.get('group', groupId) as Operation;
      const families = FAMILY_ORDER.filter((f) => entry.families.has(f));
      const examples = entry.names.sort(compareNames).slice(0, 3).join(', ');
      const count = entry.names.length;
      const message = `${count} ${count === 1 ? 'member' : 'members'} would lose ${families.join(', ')} (e.g. ${examples})`;
      const hint = 'give those members a license that keeps these services, or export their data first';
      checks.push(withSource({ code: 'data-loss-risk', severity: 'warning', principal: op.principal, message, hint }, op.source));
    }
    return checks;
  };
  return { add, finish };
}

/** skuId -> its data-bearing plans, so each source is checked against a handful of plans, not all. */
function createDataPlanIndex(ctx: PlanContext): Map<string, { servicePlanId: string; family: DataFamily }[]> {
  const index = new Map<string, { servicePlanId: string; family: DataFamily }[]>();
  for (const sku of ctx.skuById.values()) {
    const plans: { servicePlanId: string; family: DataFamily }[] = [];
    for (const plan of sku.servicePlans) {
      const family = dataFamilyOf(plan.servicePlanName);
      if (family !== undefined) plans.push({ servicePlanId: plan.servicePlanId, family });
    }
    index.set(sku.skuId, plans);
  }
  return index;
}

function lostFamilies(dataPlans: ReadonlyMap<string, { servicePlanId: string; family: DataFamily }[]>, holding: Holding): DataFamily[] {
  const before = enabledFamilies(dataPlans, holding.before);
  if (before.size === 0) return [];
  const after = enabledFamilies(dataPlans, holding.after);
  return FAMILY_ORDER.filter((family) => before.has(family) && !after.has(family));
}

function enabledFamilies(dataPlans: ReadonlyMap<string, { servicePlanId: string; family: DataFamily }[]>, held: ReadonlyMap<string, readonly HeldSource[]>): Set<DataFamily> {
  const families = new Set<DataFamily>();
  for (const [skuId, sources] of held) {
    for (const plan of dataPlans.get(skuId) ?? []) {
      if (sources.some((source) => !source.disabled.includes(plan.servicePlanId))) families.add(plan.family);
    }
  }
  return families;
}

/** Groups the user held something through before whose operation removes or updates licenses. */
function shrinkingGroups(holding: Holding, shrinks: (groupId: string) => boolean): string[] {
  const groups: string[] = [];
  for (const sources of holding.before.values()) {
    for (const source of sources) {
      if (source.group !== null && !groups.includes(source.group) && shrinks(source.group)) groups.push(source.group);
    }
  }
  return groups;
}
