import type { TenantDocument, TenantGroup, TenantUser } from '../../model/tenant.js';
import { GROUP_SELECT, toTenantGroup, toTenantUser, USER_SELECT } from './graph-objects.js';
import { collectionUrl, MAX_PAGE_SIZE } from './graph-queries.js';
import { readCollectionsOrThrow } from './read-collections.js';
import { readGraphOverview, type GraphReadContext } from './read-overview.js';
import { addMembers } from './read-snapshot.js';

/**
 * The whole tenant as a SPEC 4.1 tenant document (for `export --snapshot`), so that offline
 * plans see what a plan against Graph sees: every user (a config may name someone who holds
 * nothing yet), every group, and the members of every group that can carry licenses
 * (security-enabled or already licensed). Two paged walks plus one member walk per such group:
 * a snapshot is the one read whose cost is meant to grow with the tenant.
 */
export async function readGraphTenantDocument(ctx: GraphReadContext, signal?: AbortSignal): Promise<TenantDocument> {
  const { overview } = await readGraphOverview(ctx, signal);
  const [userList = [], groupList = []] = await readCollectionsOrThrow(ctx.client, [
    { url: collectionUrl('/users', { select: USER_SELECT, top: MAX_PAGE_SIZE }) },
    { url: collectionUrl('/groups', { select: GROUP_SELECT, top: MAX_PAGE_SIZE }) },
  ], signal);
  const users = new Map<string, TenantUser>();
  for (const raw of userList) {
    const user = toTenantUser(raw);
    if (!users.has(user.id)) users.set(user.id, user);
  }
  const groups = new Map<string, TenantGroup>();
  for (const raw of groupList) {
    const group = toTenantGroup(raw, []);
    if (!groups.has(group.id)) groups.set(group.id, group);
  }
  const all = [...groups.values()];
  await addMembers(ctx, all.filter((g) => g.securityEnabled || g.assignedLicenses.length > 0), users, signal);
  return { tenant: overview.tenant, subscribedSkus: overview.skus, users: [...users.values()], groups: all };
}
