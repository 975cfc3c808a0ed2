import type { LicenseAssignmentState, TenantGroup, TenantUser } from '../../model/tenant.js';
import { deriveAssignedLicenses, sameAssignedLicenses, samePlanSet } from './derive-assigned-licenses.js';
import { licenseGroupMember } from './license-group-member.js';
import { holdsSeat } from './seats.js';
import type { TenantContext } from './tenant-context.js';
import { WarningCollector } from './warning-collector.js';

/**
 * Makes a loaded document self-consistent and says where it was not. The direct states and
 * the groups are the truth; inherited states, users' assignedLicenses, consumedUnits and
 * hasMembersWithLicenseErrors follow from them. GUIDs of SKUs and plans become lower-case.
 * Runs in time proportional to the size of the document.
 */
export function normalizeTenant(ctx: TenantContext, limitPerKind = 10): string[] {
  const warnings = new WarningCollector(limitPerKind);
  lowerCaseSkuGuids(ctx);
  // The file's derived values are compared with the final ones, after missing states are added.
  const fileConsumed = ctx.doc.subscribedSkus.map((sku) => sku.consumedUnits);
  const fileAssigned = ctx.doc.users.map((user) => user.assignedLicenses);
  for (const user of ctx.doc.users) repairInheritedStates(ctx, user, warnings);
  recountConsumedUnits(ctx);
  // Replaced only where they differ: rewriting 100,000 arrays that are already right is the costly part.
  for (const user of ctx.doc.users) {
    if (user.licenseAssignmentStates.length <= 1 && matchesSingleState(user)) continue;
    const derived = deriveAssignedLicenses(user.licenseAssignmentStates);
    if (!sameAssignedLicenses(user.assignedLicenses, derived)) user.assignedLicenses = derived;
  }
  for (const group of ctx.doc.groups) addMissingInheritedStates(ctx, group, warnings);
  ctx.doc.subscribedSkus.forEach((sku, i) => {
    const consumed = fileConsumed[i];
    if (sku.consumedUnits === consumed) return;
    warnings.add('consumed', `SKU ${sku.skuPartNumber}: consumedUnits is ${String(consumed)} in the file but ${sku.consumedUnits} users hold it; using ${sku.consumedUnits}`, 'SKUs with a wrong consumedUnits');
  });
  ctx.doc.users.forEach((user, i) => {
    const before = fileAssigned[i] ?? [];
    if (before === user.assignedLicenses || sameAssignedLicenses(before, user.assignedLicenses)) return;
    warnings.add('assigned', `user ${user.userPrincipalName}: assignedLicenses disagree with licenseAssignmentStates; using the recomputed list`, 'users whose assignedLicenses disagree with their licenseAssignmentStates');
  });
  return warnings.list();
}

function lowerCaseSkuGuids(ctx: TenantContext): void {
  for (const sku of ctx.doc.subscribedSkus) {
    sku.skuId = sku.skuId.toLowerCase();
    for (const plan of sku.servicePlans) plan.servicePlanId = plan.servicePlanId.toLowerCase();
  }
  for (const user of ctx.doc.users) {
    for (const state of user.licenseAssignmentStates) {
      if (state.skuId !== state.skuId.toLowerCase()) state.skuId = state.skuId.toLowerCase();
      lowerCaseInPlace(state.disabledPlans);
      // References to groups take the group's own spelling of its id.
      if (state.assignedByGroup !== null) state.assignedByGroup = ctx.groups.get(state.assignedByGroup.toLowerCase())?.id ?? state.assignedByGroup;
    }
  }
  for (const group of ctx.doc.groups) {
    for (const license of group.assignedLicenses) {
      license.skuId = license.skuId.toLowerCase();
      lowerCaseInPlace(license.disabledPlans);
    }
  }
}

/** In place: the document is not shared with anyone while it loads, and this runs per user. */
function lowerCaseInPlace(ids: string[]): void {
  ids.forEach((id, i) => {
    const lower = id.toLowerCase();
    if (lower !== id) ids[i] = lower;
  });
}

/** Drops inherited states that no group grants and aligns their disabled plans with the group's. */
function repairInheritedStates(ctx: TenantContext, user: TenantUser, warnings: WarningCollector): void {
  const states = user.licenseAssignmentStates;
  let kept: LicenseAssignmentState[] | undefined;
  states.forEach((state, i) => {
    if (keepState(ctx, user, state, warnings)) kept?.push(state);
    else kept ??= states.slice(0, i);
  });
  if (kept !== undefined) user.licenseAssignmentStates = kept;
}

/** False for an inherited state no group grants; aligns an inherited state's plans with its group's. */
function keepState(ctx: TenantContext, user: TenantUser, state: LicenseAssignmentState, warnings: WarningCollector): boolean {
  if (state.assignedByGroup === null) {
    if (!ctx.skus.has(state.skuId)) warnings.add('unknown-sku', `user ${user.userPrincipalName}: has a licence for ${state.skuId}, which is not a subscribed SKU`, 'licences of SKUs that are not subscribed');
    return true;
  }
  const group = ctx.groups.get(state.assignedByGroup.toLowerCase());
  const license = group?.assignedLicenses.find((entry) => entry.skuId === state.skuId);
  const member = group !== undefined && (ctx.groupsOfUser.get(user.id.toLowerCase()) ?? []).includes(group);
  if (group === undefined || license === undefined || !member) {
    const why = group === undefined ? 'that group does not exist' : license === undefined ? 'the group does not assign it' : 'the user is not a member of the group';
    warnings.add('stale-inherited', `user ${user.userPrincipalName}: inherited licence ${state.skuId} from group ${state.assignedByGroup} dropped because ${why}`, 'inherited licences dropped');
    return false;
  }
  if (!samePlanSet(state.disabledPlans, license.disabledPlans)) {
    warnings.add('inherited-plans', `user ${user.userPrincipalName}: inherited licence ${state.skuId} from group ${group.displayName} had other disabled plans than the group; using the group's`, 'inherited licences with other disabled plans than their group');
    state.disabledPlans = [...license.disabledPlans];
  }
  return true;
}

function recountConsumedUnits(ctx: TenantContext): void {
  const counts = new Map<string, number>();
  for (const user of ctx.doc.users) {
    const states = user.licenseAssignmentStates;
    // One seat per user per SKU: count a state only when no earlier state of the user held that SKU.
    states.forEach((state, i) => {
      if (!holdsSeat(state)) return;
      for (let j = 0; j < i; j++) if (states[j]?.skuId === state.skuId && holdsSeat(states[j] as LicenseAssignmentState)) return;
      counts.set(state.skuId, (counts.get(state.skuId) ?? 0) + 1);
    });
  }
  for (const sku of ctx.doc.subscribedSkus) sku.consumedUnits = counts.get(sku.skuId) ?? 0;
}

/** Members of licensed groups lacking an inherited state get one, as processing would give them. */
function addMissingInheritedStates(ctx: TenantContext, group: TenantGroup, warnings: WarningCollector): void {
  let errors = false;
  for (const memberId of new Set(group.members.map((id) => id.toLowerCase()))) {
    const user = ctx.users.get(memberId);
    if (user === undefined) {
      warnings.add('unknown-member', `group ${group.displayName}: member ${memberId} is not a user in the file; ignored`, 'group members that are not users in the file');
      continue;
    }
    const inherited = user.licenseAssignmentStates.filter((state) => state.assignedByGroup === group.id);
    const missing = group.assignedLicenses.some((license) => !inherited.some((state) => state.skuId === license.skuId));
    if (missing) {
      const failed = licenseGroupMember(ctx, user, group);
      warnings.add('missing-inherited', `user ${user.userPrincipalName}: member of group ${group.displayName} but lacked its inherited licences; processed now${failed ? ' (with errors)' : ''}`, 'members given their missing inherited licences');
    }
    if (user.licenseAssignmentStates.some((state) => state.assignedByGroup === group.id && state.state === 'Error')) errors = true;
  }
  if (group.hasMembersWithLicenseErrors !== undefined && group.hasMembersWithLicenseErrors !== errors) {
    warnings.add('member-errors', `group ${group.displayName}: hasMembersWithLicenseErrors was ${String(group.hasMembersWithLicenseErrors)}; using ${String(errors)}`, 'groups with a wrong hasMembersWithLicenseErrors');
    group.hasMembersWithLicenseErrors = errors;
  }
}

/** The common case without allocation: no state and no licence, or one seat-holding state and its licence. */
function matchesSingleState(user: TenantUser): boolean {
  const state = user.licenseAssignmentStates[0];
  const assigned = user.assignedLicenses;
  if (state === undefined || !holdsSeat(state)) return assigned.length === 0;
  const license = assigned[0];
  return (
    assigned.length === 1 &&
    license !== undefined &&
    license.skuId === state.skuId &&
    license.disabledPlans.length === state.disabledPlans.length &&
    license.disabledPlans.every((plan, i) => plan === state.disabledPlans[i])
  );
}
