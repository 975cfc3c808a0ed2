import { samePlanSet, type AssignedLicense, type LicenseAssignmentState, type TenantGroup, type TenantUser } from '../../model/tenant.js';
import { deriveAssignedLicenses, sameAssignedLicenses } from './derive-assigned-licenses.js';
import { licenseGroupMember } from './license-group-member.js';
import { lowerCase } from './lower-case.js';
import { holdsSeat } from './seats.js';
import type { TenantContext } from './tenant-context.js';
import { WarningCollector } from './warning-collector.js';

/**
 * Makes a loaded document self-consistent and says where it was not. The direct states and
 * the groups are the truth; inherited states, users' assignedLicenses, consumedUnits and
 * hasMembersWithLicenseErrors follow from them. GUIDs of SKUs and plans become lower-case.
 *
 * Runs in time proportional to the size of the document, in one pass over the users and
 * their states: on a large tenant each pass costs mostly the memory traffic of visiting every
 * user, so every per-user step shares it. Group processing afterwards rewrites, through
 * `replaceUserStates`, only the members it changes. Objects are changed only where they are
 * wrong.
 */
export function normalizeTenant(ctx: TenantContext, limitPerKind = 10): string[] {
  const warnings = new WarningCollector(limitPerKind);
  const canonical = lowerCaseSkuGuids(ctx);
  // The file's derived values are compared with the final ones, after missing states are added.
  const fileConsumed = ctx.doc.subscribedSkus.map((sku) => sku.consumedUnits);
  const fileAssigned: AssignedLicense[][] = [];
  const seats = new Map<string, number>();
  for (const user of ctx.doc.users) {
    fileAssigned.push(user.assignedLicenses);
    lowerCaseStateGuids(ctx, user, canonical);
    repairInheritedStates(ctx, user, warnings);
    countSeats(user, seats);
    deriveUserLicenses(user);
  }
  for (const sku of ctx.doc.subscribedSkus) sku.consumedUnits = seats.get(sku.skuId) ?? 0;
  for (const group of ctx.doc.groups) addMissingInheritedStates(ctx, group, warnings);
  ctx.doc.subscribedSkus.forEach((sku, i) => {
    const consumed = fileConsumed[i];
    if (sku.consumedUnits === consumed) return;
    warnings.add('consumed', `SKU ${sku.skuPartNumber}: consumedUnits is ${String(consumed)} in the file but ${sku.consumedUnits} users hold it; using ${sku.consumedUnits}`, 'SKUs with a wrong consumedUnits');
  });
  // A user whose list was not replaced, above or by group processing, matched its states.
  const users = ctx.doc.users;
  for (let i = 0; i < users.length; i++) {
    const user = users[i] as TenantUser;
    const before = fileAssigned[i] ?? [];
    if (before === user.assignedLicenses || sameAssignedLicenses(before, user.assignedLicenses)) continue;
    warnings.add('assigned', `user ${user.userPrincipalName}: assignedLicenses disagree with licenseAssignmentStates; using the recomputed list`, 'users whose assignedLicenses disagree with their licenseAssignmentStates');
  }
  return warnings.list();
}

/**
 * Lowers the GUIDs of the subscribed SKUs and of the groups' licenses, and returns the SKU
 * list's own strings of its SKU and plan GUIDs (see {@link canonicalGuid}).
 */
function lowerCaseSkuGuids(ctx: TenantContext): ReadonlyMap<string, string> {
  const canonical = new Map<string, string>();
  for (const sku of ctx.doc.subscribedSkus) {
    sku.skuId = lowerCase(sku.skuId);
    canonical.set(sku.skuId, sku.skuId);
    for (const plan of sku.servicePlans) {
      plan.servicePlanId = lowerCase(plan.servicePlanId);
      canonical.set(plan.servicePlanId, plan.servicePlanId);
    }
  }
  for (const group of ctx.doc.groups) {
    for (const license of group.assignedLicenses) {
      license.skuId = canonicalGuid(canonical, license.skuId);
      canonicalizeInPlace(license.disabledPlans, canonical);
    }
  }
  return canonical;
}

function lowerCaseStateGuids(ctx: TenantContext, user: TenantUser, canonical: ReadonlyMap<string, string>): void {
  for (const state of user.licenseAssignmentStates) {
    state.skuId = canonicalGuid(canonical, state.skuId);
    canonicalizeInPlace(state.disabledPlans, canonical);
    // References to groups take the group's own spelling of its id.
    if (state.assignedByGroup !== null) state.assignedByGroup = ctx.groups.get(lowerCase(state.assignedByGroup))?.id ?? state.assignedByGroup;
  }
}

/** In place: the document is not shared with anyone while it loads, and this runs per user. */
function canonicalizeInPlace(ids: string[], canonical: ReadonlyMap<string, string>): void {
  for (let i = 0; i < ids.length; i++) ids[i] = canonicalGuid(canonical, ids[i] as string);
}

/**
 * The GUID lower-cased, and then the SKU list's own string when the list names it. Nearly
 * every GUID of a tenant file is one of its SKUs' or plans', repeated for every user: sharing
 * the list's strings drops hundreds of thousands of copies from memory, a lookup costs less
 * than scanning each for capitals, and the ids a config resolves (taken from the same list)
 * then compare equal at once.
 */
function canonicalGuid(canonical: ReadonlyMap<string, string>, id: string): string {
  const shared = canonical.get(id);
  if (shared !== undefined) return shared;
  const lower = lowerCase(id);
  return canonical.get(lower) ?? lower;
}

/** Drops inherited states that no group grants and aligns their disabled plans with the group's. */
function repairInheritedStates(ctx: TenantContext, user: TenantUser, warnings: WarningCollector): void {
  const states = user.licenseAssignmentStates;
  let kept: LicenseAssignmentState[] | undefined;
  for (let i = 0; i < states.length; i++) {
    const state = states[i] as LicenseAssignmentState;
    if (keepState(ctx, user, state, warnings)) kept?.push(state);
    else kept ??= states.slice(0, i);
  }
  if (kept !== undefined) user.licenseAssignmentStates = kept;
}

/** False for an inherited state no group grants; aligns an inherited state's plans with its group's. */
function keepState(ctx: TenantContext, user: TenantUser, state: LicenseAssignmentState, warnings: WarningCollector): boolean {
  if (state.assignedByGroup === null) {
    if (!ctx.skus.has(state.skuId)) warnings.add('unknown-sku', `user ${user.userPrincipalName}: has a license for ${state.skuId}, which is not a subscribed SKU`, 'licenses of SKUs that are not subscribed');
    return true;
  }
  const group = ctx.groups.get(lowerCase(state.assignedByGroup));
  const license = group?.assignedLicenses.find((entry) => entry.skuId === state.skuId);
  const member = group !== undefined && (ctx.groupsOfUser.get(lowerCase(user.id)) ?? []).includes(group);
  if (group === undefined || license === undefined || !member) {
    const why = group === undefined ? 'that group does not exist' : license === undefined ? 'the group does not assign it' : 'the user is not a member of the group';
    warnings.add('stale-inherited', `user ${user.userPrincipalName}: inherited license ${state.skuId} from group ${state.assignedByGroup} dropped because ${why}`, 'inherited licenses dropped');
    return false;
  }
  if (!samePlanSet(state.disabledPlans, license.disabledPlans)) {
    warnings.add('inherited-plans', `user ${user.userPrincipalName}: inherited license ${state.skuId} from group ${group.displayName} had other disabled plans than the group; using the group's`, 'inherited licenses with other disabled plans than their group');
    state.disabledPlans = [...license.disabledPlans];
  }
  return true;
}

/** Adds the user's seats to `seats`: one per SKU, whatever the number of sources holding it. */
function countSeats(user: TenantUser, seats: Map<string, number>): void {
  const states = user.licenseAssignmentStates;
  for (let i = 0; i < states.length; i++) {
    const state = states[i] as LicenseAssignmentState;
    if (holdsSeat(state) && !heldEarlier(states, i)) seats.set(state.skuId, (seats.get(state.skuId) ?? 0) + 1);
  }
}

/** True when a state before `index` already holds a seat of the same SKU. */
function heldEarlier(states: readonly LicenseAssignmentState[], index: number): boolean {
  const skuId = states[index]?.skuId;
  for (let j = 0; j < index; j++) {
    const earlier = states[j] as LicenseAssignmentState;
    if (earlier.skuId === skuId && holdsSeat(earlier)) return true;
  }
  return false;
}

/** Members of licensed groups lacking an inherited state get one, as processing would give them. */
function addMissingInheritedStates(ctx: TenantContext, group: TenantGroup, warnings: WarningCollector): void {
  let errors = false;
  for (const memberId of new Set(group.members.map(lowerCase))) {
    const user = ctx.users.get(memberId);
    if (user === undefined) {
      warnings.add('unknown-member', `group ${group.displayName}: member ${memberId} is not a user in the file; ignored`, 'group members that are not users in the file');
      continue;
    }
    if (lacksInheritedState(user, group)) {
      const failed = licenseGroupMember(ctx, user, group);
      warnings.add('missing-inherited', `user ${user.userPrincipalName}: member of group ${group.displayName} but lacked its inherited licenses; processed now${failed ? ' (with errors)' : ''}`, 'members given their missing inherited licenses');
    }
    if (hasFailedInheritedState(user, group)) errors = true;
  }
  if (group.hasMembersWithLicenseErrors !== undefined && group.hasMembersWithLicenseErrors !== errors) {
    warnings.add('member-errors', `group ${group.displayName}: hasMembersWithLicenseErrors was ${String(group.hasMembersWithLicenseErrors)}; using ${String(errors)}`, 'groups with a wrong hasMembersWithLicenseErrors');
    group.hasMembersWithLicenseErrors = errors;
  }
}

// Plain loops below: they run for every member of every group and every user on load.

/** True when the user lacks the inherited state of one of the group's licenses. */
function lacksInheritedState(user: TenantUser, group: TenantGroup): boolean {
  for (const license of group.assignedLicenses) {
    let found = false;
    for (const state of user.licenseAssignmentStates) if (state.assignedByGroup === group.id && state.skuId === license.skuId) found = true;
    if (!found) return true;
  }
  return false;
}

function hasFailedInheritedState(user: TenantUser, group: TenantGroup): boolean {
  for (const state of user.licenseAssignmentStates) if (state.assignedByGroup === group.id && state.state === 'Error') return true;
  return false;
}

/**
 * Recomputes the user's assignedLicenses from its states, replacing the list only where it
 * differs. Group processing later derives again the lists of the members it changes.
 */
function deriveUserLicenses(user: TenantUser): void {
  // Rewriting 100,000 arrays that are already right would be the costly part.
  if (matchesStates(user)) return;
  const derived = deriveAssignedLicenses(user.licenseAssignmentStates);
  if (!sameAssignedLicenses(user.assignedLicenses, derived)) user.assignedLicenses = derived;
}

/**
 * True when the user's assignedLicenses are exactly what deriveAssignedLicenses gives, checked
 * without building it: one license per seat-holding state, in order, with the state's plans.
 * A SKU held by two states (overlapping sources) is left to the full derivation.
 */
function matchesStates(user: TenantUser): boolean {
  const states = user.licenseAssignmentStates;
  const assigned = user.assignedLicenses;
  let matched = 0;
  for (let i = 0; i < states.length; i++) {
    const state = states[i] as LicenseAssignmentState;
    if (!holdsSeat(state)) continue;
    const license = assigned[matched];
    if (heldEarlier(states, i) || license === undefined || license.skuId !== state.skuId || !sameInOrder(license.disabledPlans, state.disabledPlans)) return false;
    matched += 1;
  }
  return matched === assigned.length;
}

function sameInOrder(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
