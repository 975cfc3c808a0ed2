import { resourceNotFound } from './graph-error.js';
import { jsonResponse } from './graph-exchange.js';
import { renderOrganization, renderSku } from './graph-shapes.js';
import type { Route } from './route-types.js';

/** GET /organization and GET /subscribedSkus[/{tenantId}_{skuId}]. */
export const directoryRoutes: Route[] = [
  {
    method: 'GET', template: '/organization', segments: ['organization'], permission: 'readOrganization', isWrite: false,
    handle: ({ core, request }) => jsonResponse({
      '@odata.context': `${request.serviceRoot}/$metadata#organization`,
      value: [renderOrganization(core.tenant.doc.tenant)],
    }),
  },
  {
    method: 'GET', template: '/subscribedSkus', segments: ['subscribedSkus'], permission: 'readSkus', isWrite: false,
    handle: ({ core, request }) => {
      return jsonResponse({
        '@odata.context': `${request.serviceRoot}/$metadata#subscribedSkus`,
        value: core.tenant.doc.subscribedSkus.map((sku) => renderSku(sku, core.tenant.doc.tenant)),
      });
    },
  },
  {
    method: 'GET', template: '/subscribedSkus/{id}', segments: ['subscribedSkus', null], permission: 'readSkus', isWrite: false,
    handle: ({ core, request, params }) => {
      const id = params[0] ?? '';
      const tenantId = core.tenant.doc.tenant.id;
      const sku = core.tenant.doc.subscribedSkus.find((candidate) => `${tenantId}_${candidate.skuId}`.toLowerCase() === id.toLowerCase());
      if (sku === undefined) throw resourceNotFound(id);
      return jsonResponse({ '@odata.context': `${request.serviceRoot}/$metadata#subscribedSkus/$entity`, ...renderSku(sku, core.tenant.doc.tenant) });
    },
  },
];
