import type { TenantUser } from '../src/model/tenant.js';
import { countDirectoryObjects, listDirectoryObjects, type DirectoryListing } from './directory-collection.js';
import { USER_SCHEMA } from './filter-check.js';
import { GraphError, resourceNotFound } from './graph-error.js';
import { jsonResponse } from './graph-exchange.js';
import { contextUrl, renderUser, USER_TYPE } from './graph-shapes.js';
import { parseSelect, queryValue } from './odata-query.js';
import type { EmulatorCore, Route, RouteContext } from './route-types.js';

/** How `/users` lists, filters and renders users. */
export function userListing(core: EmulatorCore): DirectoryListing {
  const { tenant } = core;
  const byId = (id: string): TenantUser | undefined => {
    const user = tenant.findUser(id);
    return user !== undefined && user.id.toLowerCase() === id.toLowerCase() ? tenant.seen('user', user) : undefined;
  };
  return {
    type: USER_TYPE,
    schema: USER_SCHEMA,
    allIds: () => tenant.doc.users.map((user) => user.id),
    index: {
      byId: (id) => byId(id)?.id,
      byKey: (property, value) => {
        if (property !== 'userPrincipalName') return undefined;
        const user = tenant.findUser(value);
        return user !== undefined && user.userPrincipalName.toLowerCase() === value.toLowerCase() ? [user.id] : [];
      },
      withSku: (skuId) => tenant.usersWithSku(skuId),
    },
    lookup: (id) => byId(id) as unknown as Record<string, unknown> | undefined,
    render: (id, select) => {
      const user = byId(id);
      return user === undefined ? undefined : renderUser(user, select);
    },
  };
}

/** The user a read sees (possibly a lagging version); `current` for a write's own answer. */
function requireUser(context: RouteContext, current = false): TenantUser {
  const key = context.params[0] ?? '';
  const user = context.core.tenant.findUser(key);
  if (user === undefined) throw resourceNotFound(key);
  return current ? user : context.core.tenant.seen('user', user);
}

/** `licenseDetails` of a user: one entry per assigned SKU, plans Disabled or Success. */
function renderLicenseDetails(context: RouteContext, user: TenantUser): Record<string, unknown>[] {
  const skus = context.core.tenant.doc.subscribedSkus;
  return user.assignedLicenses.map((license) => {
    const sku = skus.find((candidate) => candidate.skuId === license.skuId);
    const disabled = new Set(license.disabledPlans);
    return {
      id: Buffer.from(`${user.id}_${license.skuId}`).toString('base64url'),
      skuId: license.skuId,
      skuPartNumber: sku?.skuPartNumber ?? null,
      servicePlans: (sku?.servicePlans ?? []).map((plan) => ({
        servicePlanId: plan.servicePlanId,
        servicePlanName: plan.servicePlanName,
        provisioningStatus: disabled.has(plan.servicePlanId) ? 'Disabled' : plan.provisioningStatus,
        appliesTo: plan.appliesTo,
      })),
    };
  });
}

/** The body of a user entity response. */
export function userEntity(serviceRoot: string, user: TenantUser, select: string[] | null): Record<string, unknown> {
  return { '@odata.context': contextUrl(serviceRoot, 'users', select, true), ...renderUser(user, select) };
}

export const userRoutes: Route[] = [
  {
    method: 'GET', template: '/users', segments: ['users'], permission: 'readUsers', isWrite: false,
    handle: (context) => listDirectoryObjects(context, userListing(context.core)),
  },
  {
    method: 'GET', template: '/users/$count', segments: ['users', '$count'], permission: 'readUsers', isWrite: false,
    handle: (context) => countDirectoryObjects(context, userListing(context.core)),
  },
  {
    method: 'GET', template: '/users/{id}', segments: ['users', null], permission: 'readUsers', isWrite: false,
    handle: (context) => {
      const select = parseSelect(queryValue(context.request.query, '$select'), USER_TYPE);
      return jsonResponse(userEntity(context.request.serviceRoot, requireUser(context), select));
    },
  },
  {
    method: 'GET', template: '/users/{id}/licenseDetails', segments: ['users', null, 'licenseDetails'], permission: 'readUsers', isWrite: false,
    handle: (context) => jsonResponse({
      '@odata.context': `${context.request.serviceRoot}/$metadata#users('${requireUser(context).id}')/licenseDetails`,
      value: renderLicenseDetails(context, requireUser(context)),
    }),
  },
  {
    method: 'POST', template: '/users/{id}/assignLicense', segments: ['users', null, ['assignLicense', 'microsoft.graph.assignLicense']], permission: 'assignUserLicense', isWrite: true,
    handle: (context) => {
      const key = context.params[0] ?? '';
      const outcome = context.core.tenant.assignLicense('user', key, context.request.body);
      if (!outcome.ok) throw new GraphError(outcome.failure.status, outcome.failure.code, outcome.failure.message);
      return jsonResponse(userEntity(context.request.serviceRoot, requireUser(context, true), null));
    },
  },
];
