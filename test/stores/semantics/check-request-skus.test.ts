import { describe, expect, it } from 'vitest';
import { checkRequestSkus } from '../../../src/stores/semantics/check-request-skus.js';
import type { AssignLicenseBody } from '../../../src/stores/semantics/parse-assign-body.js';
import { PLAN, SKU, contractTenant } from '../../support/contract-tenant.js';

const skus = new Map(contractTenant().subscribedSkus.map((sku) => [sku.skuId, sku]));
const add = (skuId: string, ...disabledPlans: string[]) => ({ skuId, disabledPlans });
const refused = (message: string) => ({ status: 400, code: 'Request_BadRequest', message });

describe('checkRequestSkus', () => {
  it.each<[string, AssignLicenseBody, ReturnType<typeof refused> | undefined]>([
    ['an addition and a removal of subscribed SKUs', { addLicenses: [add(SKU.e5, PLAN.defender)], removeLicenses: [SKU.e3] }, undefined],
    ['nothing at all', { addLicenses: [], removeLicenses: [] }, undefined],
    ['one SKU added twice', { addLicenses: [add(SKU.e5), add(SKU.e5, PLAN.defender)], removeLicenses: [] }, refused(`License ${SKU.e5} appears more than once in the request.`)],
    ['one SKU removed twice', { addLicenses: [], removeLicenses: [SKU.e3, SKU.e3] }, refused(`License ${SKU.e3} appears more than once in the request.`)],
    ['one SKU added and removed', { addLicenses: [add(SKU.e5)], removeLicenses: [SKU.e5] }, refused(`License ${SKU.e5} cannot be both added and removed in the same request.`)],
    ['an unsubscribed SKU added', { addLicenses: [add(SKU.unknown)], removeLicenses: [] }, refused(`License ${SKU.unknown} does not correspond to a valid company License.`)],
    ['an unsubscribed SKU removed', { addLicenses: [], removeLicenses: [SKU.unknown] }, refused(`License ${SKU.unknown} does not correspond to a valid company License.`)],
    ['a company-only SKU added', { addLicenses: [add(SKU.addon)], removeLicenses: [] }, refused(`License ${SKU.addon} cannot be assigned to a user.`)],
    ['a plan of another SKU disabled', { addLicenses: [add(SKU.e5, PLAN.mfa)], removeLicenses: [] }, refused(`Service plan ${PLAN.mfa} does not belong to the subscription of license ${SKU.e5}.`)],
  ])('%s', (_name, body, expected) => {
    expect(checkRequestSkus(skus, body, 'user')).toEqual(expected);
  });

  it('names the principal kind a company-only SKU cannot be assigned to', () => {
    expect(checkRequestSkus(skus, { addLicenses: [add(SKU.addon)], removeLicenses: [] }, 'group')).toEqual(refused(`License ${SKU.addon} cannot be assigned to a group.`));
  });
});
