import { describe, expect, it } from 'vitest';
import { parseAssignLicenseBody } from '../../../src/stores/semantics/index.js';

const SKU = '05E9A617-0261-4CEE-BB44-138D3EF5D965';
const PLAN = '8a256a2b-b617-496d-b51b-e76466e88db0';
const MISSING = "One or more parameters of the operation 'assignLicense' are missing from the request payload. The missing parameters are: ";
const NOT_GUID = "Cannot convert a primitive value to the expected type 'Edm.Guid'. See the inner exception for more details.";

describe('parseAssignLicenseBody', () => {
  it.each([
    ['no body', undefined, 'Empty Payload. JSON content expected.'],
    ['a null body', null, 'Empty Payload. JSON content expected.'],
    ['an array', [], 'Empty Payload. JSON content expected.'],
    ['no removeLicenses', { addLicenses: [] }, `${MISSING}removeLicenses.`],
    ['no addLicenses', { removeLicenses: [] }, `${MISSING}addLicenses.`],
    ['neither', {}, `${MISSING}addLicenses, removeLicenses.`],
    ['null removeLicenses', { addLicenses: [], removeLicenses: null }, `${MISSING}removeLicenses.`],
    ['a string for addLicenses', { addLicenses: 'x', removeLicenses: [] }, "Invalid value for parameter 'addLicenses' of the operation 'assignLicense': a collection is expected."],
    ['a string for removeLicenses', { addLicenses: [], removeLicenses: 'x' }, "Invalid value for parameter 'removeLicenses' of the operation 'assignLicense': a collection is expected."],
    ['null for a license to add', { addLicenses: [null], removeLicenses: [] }, NOT_GUID],
    ['a part number as skuId', { addLicenses: [{ skuId: 'SPE_E3' }], removeLicenses: [] }, NOT_GUID],
    ['a number as skuId', { addLicenses: [{ skuId: 5 }], removeLicenses: [] }, NOT_GUID],
    ['a plan name in disabledPlans', { addLicenses: [{ skuId: SKU, disabledPlans: ['SWAY'] }], removeLicenses: [] }, NOT_GUID],
    ['a plan string instead of a list', { addLicenses: [{ skuId: SKU, disabledPlans: PLAN }], removeLicenses: [] }, NOT_GUID],
    ['a part number to remove', { addLicenses: [], removeLicenses: ['SPE_E3'] }, NOT_GUID],
  ])('refuses %s with 400 Request_BadRequest', (_name, body, message) => {
    expect(parseAssignLicenseBody(body)).toEqual({ ok: false, failure: { status: 400, code: 'Request_BadRequest', message } });
  });

  it('lower-cases GUIDs, drops duplicate plans and treats a missing disabledPlans as none', () => {
    expect(parseAssignLicenseBody({ addLicenses: [{ skuId: SKU, disabledPlans: [PLAN, PLAN.toUpperCase()] }, { skuId: SKU.replace('5D965', '5D966') }], removeLicenses: [SKU] })).toEqual({
      ok: true,
      body: {
        addLicenses: [{ skuId: SKU.toLowerCase(), disabledPlans: [PLAN] }, { skuId: SKU.replace('5D965', '5D966').toLowerCase(), disabledPlans: [] }],
        removeLicenses: [SKU.toLowerCase()],
      },
    });
  });
});
