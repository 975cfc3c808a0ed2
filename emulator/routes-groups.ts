import { isNoError, type TenantGroup, type TenantUser } from '../src/model/tenant.js';
import { countDirectoryObjects, listDirectoryObjects, type DirectoryListing } from './directory-collection.js';
import { GROUP_SCHEMA, USER_SCHEMA } from './filter-check.js';
import { GraphError, resourceNotFound } from './graph-error.js';
import { jsonResponse } from './graph-exchange.js';
import { isAllowed } from './graph-permissions.js';
import { contextUrl, GROUP_TYPE, renderGroup, renderUser, USER_TYPE } from './graph-shapes.js';
import { parseSelect, queryValue } from './odata-query.js';
import type { EmulatorCore, Route, RouteContext } from './route-types.js';

const GROUP_SCHEMA_PROPERTIES = Object.keys(GROUP_SCHEMA.filterable);

/** How `/groups` lists, filters and renders groups. */
export function groupListing(core: EmulatorCore): DirectoryListing {
  const { tenant } = core;
  return {
    type: GROUP_TYPE,
    schema: GROUP_SCHEMA,
    allIds: () => tenant.doc.groups.map((group) => group.id),
    index: {
      byId: (id) => tenant.findGroup(id)?.id,
      byKey: (property, value) => (property === 'displayName' ? tenant.groupsNamed(value).map((group) => group.id) : undefined),
      withSku: (skuId) => tenant.groupsWithSku(skuId),
    },
    lookup: (id) => {
      const group = tenant.findGroup(id);
      return group === undefined ? undefined : renderGroup(tenant.seen('group', group), [...GROUP_SCHEMA_PROPERTIES]);
    },
    render: (id, select) => {
      const group = tenant.findGroup(id);
      return group === undefined ? undefined : renderGroup(tenant.seen('group', group), select);
    },
  };
}

function requireGroup(context: RouteContext): TenantGroup {
  const id = context.params[0] ?? '';
  const group = context.core.tenant.findGroup(id);
  if (group === undefined) throw resourceNotFound(id);
  return group;
}

/**
 * A user as an item of a directoryObject collection. Without a permission to read users,
 * Graph returns only `@odata.type` and `id` of such members, every other property null.
 */
function renderMember(context: RouteContext, user: TenantUser, select: string[] | null): Record<string, unknown> {
  const item = renderUser(user, select);
  if (!isAllowed(context.caller, 'readUsers', context.core.permissions)) {
    for (const key of Object.keys(item)) if (key !== 'id') item[key] = null;
  }
  return { '@odata.type': '#microsoft.graph.user', ...item };
}

/** Lists a subset of users (a group's members, or its members with license errors). */
function memberListing(context: RouteContext, memberIds: readonly string[], entitySet: string): DirectoryListing {
  const { tenant } = context.core;
  const members = new Map<string, TenantUser>();
  for (const id of memberIds) {
    const user = tenant.findUser(id);
    if (user !== undefined && user.id.toLowerCase() === id.toLowerCase()) members.set(user.id.toLowerCase(), tenant.seen('user', user));
  }
  const get = (id: string): TenantUser | undefined => members.get(id.toLowerCase());
  return {
    type: USER_TYPE,
    schema: USER_SCHEMA,
    entitySet,
    allIds: () => [...members.values()].map((user) => user.id),
    index: { byId: (id) => get(id)?.id, byKey: () => undefined, withSku: (skuId) => [...tenant.usersWithSku(skuId)].filter((id) => get(id) !== undefined) },
    lookup: (id) => get(id) as unknown as Record<string, unknown> | undefined,
    render: (id, select) => {
      const user = get(id);
      return user === undefined ? undefined : renderMember(context, user, select);
    },
  };
}

function usersWithErrorsFrom(context: RouteContext, group: TenantGroup): string[] {
  const { tenant } = context.core;
  return group.members.filter((id) => {
    const found = tenant.findUser(id);
    const user = found === undefined ? undefined : tenant.seen('user', found);
    return user?.licenseAssignmentStates.some((state) => state.assignedByGroup === group.id && !isNoError(state.error)) ?? false;
  });
}

export const groupRoutes: Route[] = [
  {
    method: 'GET', template: '/groups', segments: ['groups'], permission: 'readGroups', isWrite: false,
    handle: (context) => listDirectoryObjects(context, groupListing(context.core)),
  },
  {
    method: 'GET', template: '/groups/$count', segments: ['groups', '$count'], permission: 'readGroups', isWrite: false,
    handle: (context) => countDirectoryObjects(context, groupListing(context.core)),
  },
  {
    method: 'GET', template: '/groups/{id}', segments: ['groups', null], permission: 'readGroups', isWrite: false,
    handle: (context) => {
      const select = parseSelect(queryValue(context.request.query, '$select'), GROUP_TYPE);
      const group = requireGroup(context);
      return jsonResponse({ '@odata.context': contextUrl(context.request.serviceRoot, 'groups', select, true), ...renderGroup(context.core.tenant.seen('group', group), select) });
    },
  },
  {
    method: 'GET', template: '/groups/{id}/members', segments: ['groups', null, 'members'], permission: 'readMembers', isWrite: false,
    handle: (context) => listDirectoryObjects(context, memberListing(context, requireGroup(context).members, 'directoryObjects')),
  },
  {
    method: 'GET', template: '/groups/{id}/members/microsoft.graph.user', segments: ['groups', null, 'members', 'microsoft.graph.user'], permission: 'readMembers', isWrite: false,
    handle: (context) => listDirectoryObjects(context, memberListing(context, requireGroup(context).members, 'users')),
  },
  {
    method: 'GET', template: '/groups/{id}/membersWithLicenseErrors', segments: ['groups', null, 'membersWithLicenseErrors'], permission: 'readMembers', isWrite: false,
    handle: (context) => listDirectoryObjects(context, memberListing(context, usersWithErrorsFrom(context, requireGroup(context)), 'directoryObjects')),
  },
  {
    method: 'POST', template: '/groups/{id}/assignLicense', segments: ['groups', null, ['assignLicense', 'microsoft.graph.assignLicense']], permission: 'assignGroupLicense', isWrite: true,
    handle: (context) => {
      const outcome = context.core.tenant.assignLicense('group', context.params[0] ?? '', context.request.body);
      if (!outcome.ok) throw new GraphError(outcome.failure.status, outcome.failure.code, outcome.failure.message);
      const group = requireGroup(context);
      const origin = new URL(context.request.serviceRoot).origin;
      return jsonResponse(
        { '@odata.context': contextUrl(context.request.serviceRoot, 'groups', null, true), ...renderGroup(group, null) },
        202,
        { location: `${origin}/v2/${context.core.tenant.doc.tenant.id}/directoryObjects/${group.id}/Microsoft.DirectoryServices.Group` },
      );
    },
  },
];

