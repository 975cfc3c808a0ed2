import type { TenantDocument, TenantGroup, TenantUser } from '../../model/tenant.js';
import { GROUP_SELECT, toTenantGroup, toTenantUser, USER_SELECT } from './graph-objects.js';
import { collectionUrl, MAX_PAGE_SIZE, skuHolderFilter } from './graph-queries.js';
import { readCollectionsOrThrow } from './read-collections.js';
import { readGraphOverview, type GraphReadContext } from './read-overview.js';
import { addMembers } from './read-snapshot.js';

/**
 * The whole licensing state of a tenant as a SPEC 4.1 tenant document (for
 * `export --snapshot`): every user holding any subscribed SKU, directly or inherited, and
 * every group assigning one, with its members (who are included even when their inherited
 * licence is in error and so missing from their assignedLicenses). One filtered walk per SKU.
 */
export async function readGraphTenantDocument(ctx: GraphReadContext, signal?: AbortSignal): Promise<TenantDocument> {
  const overview = await readGraphOverview(ctx, signal);
  const skuIds = overview.skus.map((sku) => sku.skuId);
  const query = (path: string, select: string) => skuIds.map((skuId) => ({ url: collectionUrl(path, { filter: skuHolderFilter(skuId), select, top: MAX_PAGE_SIZE }) }));
  const lists = await readCollectionsOrThrow(ctx.client, [...query('/users', USER_SELECT), ...query('/groups', GROUP_SELECT)], signal);
  const userLists = lists.slice(0, skuIds.length);
  const groupLists = lists.slice(skuIds.length);
  const users = new Map<string, TenantUser>();
  for (const raw of userLists.flat()) {
    const user = toTenantUser(raw);
    if (!users.has(user.id)) users.set(user.id, user);
  }
  const groups = new Map<string, TenantGroup>();
  for (const raw of groupLists.flat()) {
    const group = toTenantGroup(raw, []);
    if (!groups.has(group.id)) groups.set(group.id, group);
  }
  const groupList = [...groups.values()];
  await addMembers(ctx, groupList, users, signal);
  return { tenant: overview.tenant, subscribedSkus: overview.skus, users: [...users.values()], groups: groupList };
}
