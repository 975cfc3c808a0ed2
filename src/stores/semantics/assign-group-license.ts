import type { TenantGroup } from '../../model/tenant.js';
import { checkRequestSkus } from './check-request-skus.js';
import { graphFailures, type GraphFailure } from './graph-failure.js';
import { licenseGroupMember } from './license-group-member.js';
import type { AssignLicenseBody } from './parse-assign-body.js';
import type { TenantContext } from './tenant-context.js';

/**
 * Graph's synchronous checks for a group assignLicense. Seats and usage locations are not
 * checked here: Graph accepts the call (202) and records per-member errors while processing.
 */
export function findGroupAssignFailure(ctx: TenantContext, group: TenantGroup, body: AssignLicenseBody): GraphFailure | undefined {
  const skuFailure = checkRequestSkus(ctx.skus, body, 'group');
  if (skuFailure !== undefined) return skuFailure;
  const held = new Set(group.assignedLicenses.map((license) => license.skuId));
  const absent = body.removeLicenses.find((skuId) => !held.has(skuId));
  return absent === undefined ? undefined : graphFailures.noCorrespondingLicense('group');
}

/**
 * Sets the group's own licenses (remove, then add; re-adding replaces disabledPlans).
 * Members are licensed separately by {@link licenseGroupMembers}, immediately or later.
 */
export function applyGroupAssign(ctx: TenantContext, group: TenantGroup, body: AssignLicenseBody): void {
  const removed = new Set(body.removeLicenses);
  const next = group.assignedLicenses.filter((license) => !removed.has(license.skuId));
  for (const license of body.addLicenses) {
    const entry = { skuId: license.skuId, disabledPlans: [...license.disabledPlans] };
    const index = next.findIndex((existing) => existing.skuId === license.skuId);
    if (index >= 0) next[index] = entry;
    else next.push(entry);
  }
  group.assignedLicenses = next;
  ctx.notify({ kind: 'group', id: group.id });
}

/**
 * Processes every direct user member of the group (nested groups are not expanded, as in
 * Entra) and records the outcome on the group. Cost is proportional to the member count.
 */
export function licenseGroupMembers(ctx: TenantContext, group: TenantGroup): void {
  let errors = false;
  const seen = new Set<string>();
  for (const memberId of group.members) {
    const key = memberId.toLowerCase();
    const user = ctx.users.get(key);
    if (user === undefined || seen.has(key)) continue;
    seen.add(key);
    if (licenseGroupMember(ctx, user, group)) errors = true;
  }
  group.hasMembersWithLicenseErrors = errors;
  group.licenseProcessingState = { state: 'ProcessingComplete' };
  ctx.notify({ kind: 'group', id: group.id });
}
