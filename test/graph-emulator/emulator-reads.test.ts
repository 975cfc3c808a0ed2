import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken } from '../../emulator/access-token.js';
import { BI, call, E3, idOf, INTERNS_ID, SALES_ID, startSmall } from './emulator-test-kit.js';
import type { GraphEmulator } from '../../emulator/start-graph-emulator.js';

const EVENTUAL = { consistencylevel: 'eventual' };

describe('emulator reads', () => {
  let emulator: GraphEmulator;
  beforeAll(async () => { emulator = await startSmall(); });
  afterAll(() => emulator.stop());

  describe('tenant and SKUs', () => {
    it('answers /organization with the tenant id, name, default domain and country', async () => {
      const { status, body } = await call(emulator, '/v1.0/organization');
      expect(status).toBe(200);
      const [org] = body.value;
      expect(org.id).toBe(emulator.state.tenant.id);
      expect(org.countryLetterCode).toBe('NL');
      expect(org.verifiedDomains.filter((d: { isDefault: boolean }) => d.isDefault).map((d: { name: string }) => d.name)).toEqual(['contoso.onmicrosoft.com']);
    });

    it('lists subscribed SKUs with seats and gets one by {tenantId}_{skuId}', async () => {
      const list = await call(emulator, '/v1.0/subscribedSkus');
      const e3 = list.body.value.find((sku: { skuId: string }) => sku.skuId === E3);
      expect(e3).toMatchObject({ skuPartNumber: 'SPE_E3', consumedUnits: 3, prepaidUnits: { enabled: 10 } });
      const one = await call(emulator, `/v1.0/subscribedSkus/${e3.id}`);
      expect(one.body.skuId).toBe(E3);
      const missing = await call(emulator, `/v1.0/subscribedSkus/${emulator.state.tenant.id}_${'0'.repeat(8)}`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('Request_ResourceNotFound');
    });
  });

  describe('users', () => {
    it('returns licensing properties only when $select names them', async () => {
      const plain = await call(emulator, '/v1.0/users');
      expect(Object.keys(plain.body.value[0])).not.toContain('assignedLicenses');
      expect(Object.keys(plain.body.value[0])).not.toContain('usageLocation');
      const selected = await call(emulator, '/v1.0/users?$select=id,assignedLicenses,usageLocation');
      expect(Object.keys(selected.body.value[0]).sort()).toEqual(['assignedLicenses', 'id', 'usageLocation']);
      expect(selected.body['@odata.context']).toMatch(/\$metadata#users\(id,assignedLicenses,usageLocation\)$/);
    });

    it('refuses an unknown $select property like Graph', async () => {
      const { status, body } = await call(emulator, '/v1.0/users?$select=id,shoeSize');
      expect(status).toBe(400);
      expect(body.error.message).toBe("Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.");
    });

    it.each(['0', '1000', 'ten', '-5'])('refuses $top=%s with Graph\'s page size message', async (top) => {
      const { status, body } = await call(emulator, `/v1.0/users?$top=${top}`);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'Request_UnsupportedQuery', message: `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.` });
    });

    it('pages with $top and a nextLink that keeps the query', async () => {
      const first = await call(emulator, '/v1.0/users?$top=2&$select=id,userPrincipalName');
      expect(first.body.value).toHaveLength(2);
      const next: string = first.body['@odata.nextLink'];
      expect(next).toContain('$top=2');
      expect(next).toContain('$select=id,userPrincipalName');
      expect(next).toMatch(/\$skiptoken=[A-Za-z0-9_-]{20,}$/);
      const rest = await call(emulator, next);
      const last = await call(emulator, rest.body['@odata.nextLink']);
      expect(last.body['@odata.nextLink']).toBeUndefined();
      const ids = [...first.body.value, ...rest.body.value, ...last.body.value].map((u: { id: string }) => u.id);
      expect(new Set(ids).size).toBe(5);
      expect(Object.keys(rest.body.value[0]).sort()).toEqual(['id', 'userPrincipalName']);
    });

    it('answers an unknown skiptoken with Graph\'s expired page token error', async () => {
      const { status, body } = await call(emulator, '/v1.0/users?$skiptoken=bogus');
      expect(status).toBe(400);
      expect(body.error.code).toBe('Directory_ExpiredPageToken');
    });

    it('gets a user by id or by userPrincipalName in any case, and 404s an unknown one', async () => {
      const byUpn = await call(emulator, '/v1.0/users/ALICE@contoso.com?$select=id,usageLocation');
      expect(byUpn.body).toMatchObject({ id: idOf('alice@contoso.com'), usageLocation: 'NL' });
      const byId = await call(emulator, `/v1.0/users/${idOf('bob@contoso.com')}`);
      expect(byId.body.userPrincipalName).toBe('bob@contoso.com');
      const missing = await call(emulator, '/v1.0/users/nobody@contoso.com');
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toBe("Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.");
    });

    it('lists licenseDetails with the plans of each assigned SKU', async () => {
      const { status, body } = await call(emulator, '/v1.0/users/carol@contoso.com/licenseDetails');
      expect(status).toBe(200);
      expect(body.value).toEqual([expect.objectContaining({ skuId: E3, skuPartNumber: 'SPE_E3', servicePlans: expect.arrayContaining([expect.objectContaining({ servicePlanName: 'SWAY', provisioningStatus: 'Success' })]) })]);
    });
  });

  describe('$filter', () => {
    const ids = (body: { value: { id: string }[] }): string[] => body.value.map((item) => item.id).sort();

    it('finds holders with assignedLicenses/any, counting inherited licenses', async () => {
      const { body } = await call(emulator, `/v1.0/users?$filter=assignedLicenses/any(x:x/skuId eq ${E3})`);
      expect(ids(body)).toEqual([idOf('alice@contoso.com'), idOf('carol@contoso.com'), idOf('dave@contoso.com')].sort());
      const groups = await call(emulator, `/v1.0/groups?$filter=assignedLicenses/any(s:s/skuId eq ${E3})`);
      expect(ids(groups.body)).toEqual([SALES_ID]);
      const none = await call(emulator, `/v1.0/users?$filter=assignedLicenses/any(x:x/skuId eq ${BI})`);
      expect(none.body.value).toEqual([]);
    });

    it('matches id in, userPrincipalName in/eq (case-insensitive) and group displayName eq', async () => {
      const byId = await call(emulator, `/v1.0/users?$filter=id in ('${idOf('bob@contoso.com')}','${idOf('erin@contoso.com')}')`);
      expect(ids(byId.body)).toEqual([idOf('bob@contoso.com'), idOf('erin@contoso.com')].sort());
      const byUpns = await call(emulator, "/v1.0/users?$filter=userPrincipalName in ('BOB@contoso.com','ghost@contoso.com')");
      expect(ids(byUpns.body)).toEqual([idOf('bob@contoso.com')]);
      const byUpn = await call(emulator, "/v1.0/users?$filter=userPrincipalName eq 'Carol@Contoso.com'");
      expect(ids(byUpn.body)).toEqual([idOf('carol@contoso.com')]);
      const groups = await call(emulator, "/v1.0/groups?$filter=displayName eq 'sales'");
      expect(groups.body.value).toHaveLength(2);
      const byGroupId = await call(emulator, `/v1.0/groups?$filter=id eq '${INTERNS_ID}'`);
      expect(ids(byGroupId.body)).toEqual([INTERNS_ID]);
    });

    it('needs ConsistencyLevel: eventual and $count=true for assignedLicenses/$count ne 0', async () => {
      const filter = '$filter=assignedLicenses/$count ne 0';
      const plain = await call(emulator, `/v1.0/users?${filter}`);
      expect(plain.status).toBe(400);
      expect(plain.body.error).toMatchObject({ code: 'Request_UnsupportedQuery', message: "Unsupported or invalid query filter clause specified for property 'assignedLicenses' of resource 'User'." });
      const headerOnly = await call(emulator, `/v1.0/users?${filter}`, { headers: EVENTUAL });
      expect(headerOnly.status).toBe(400);
      const advanced = await call(emulator, `/v1.0/users?${filter}&$count=true`, { headers: EVENTUAL });
      expect(advanced.status).toBe(200);
      expect(advanced.body['@odata.count']).toBe(3);
      expect(ids(advanced.body)).toEqual([idOf('alice@contoso.com'), idOf('carol@contoso.com'), idOf('dave@contoso.com')].sort());
    });

    it('counts with /$count only under ConsistencyLevel: eventual', async () => {
      expect((await call(emulator, '/v1.0/users/$count')).status).toBe(400);
      const counted = await call(emulator, '/v1.0/users/$count', { headers: EVENTUAL });
      expect(counted.body).toBe('5');
    });

    it('refuses a quoted skuId and a broken filter', async () => {
      const quoted = await call(emulator, `/v1.0/users?$filter=assignedLicenses/any(x:x/skuId eq '${E3}')`);
      expect(quoted.status).toBe(400);
      expect(quoted.body.error.message).toContain("'Edm.Guid' and 'Edm.String'");
      const broken = await call(emulator, "/v1.0/users?$filter=userPrincipalName eq 'x");
      expect(broken.status).toBe(400);
      expect(broken.body.error.message).toBe('Invalid filter clause');
    });
  });

  describe('groups and members', () => {
    it('returns assignedLicenses and processing state only on $select', async () => {
      const plain = await call(emulator, `/v1.0/groups/${SALES_ID}`);
      expect(plain.body.assignedLicenses).toBeUndefined();
      const selected = await call(emulator, `/v1.0/groups/${SALES_ID}?$select=id,assignedLicenses,licenseProcessingState,hasMembersWithLicenseErrors`);
      expect(selected.body).toMatchObject({ assignedLicenses: [{ skuId: E3 }], licenseProcessingState: { state: 'ProcessingComplete' }, hasMembersWithLicenseErrors: false });
    });

    it('lists direct members as directoryObjects, with the user cast, $select and paging', async () => {
      const all = await call(emulator, `/v1.0/groups/${SALES_ID}/members`);
      expect(all.body['@odata.context']).toMatch(/#directoryObjects$/);
      expect(all.body.value.map((m: { '@odata.type': string }) => m['@odata.type'])).toEqual(['#microsoft.graph.user', '#microsoft.graph.user']);
      const page = await call(emulator, `/v1.0/groups/${SALES_ID}/members/microsoft.graph.user?$select=id,assignedLicenses&$top=1`);
      expect(page.body.value).toHaveLength(1);
      expect(page.body.value[0].assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [] }]);
      const second = await call(emulator, page.body['@odata.nextLink']);
      expect(second.body.value).toHaveLength(1);
      expect(second.body['@odata.nextLink']).toBeUndefined();
    });

    it('shows only @odata.type and id of members when the app may read members but not users', async () => {
      const token = createTestToken({ roles: ['GroupMember.Read.All'] });
      const { status, body } = await call(emulator, `/v1.0/groups/${SALES_ID}/members?$select=id,displayName`, { token });
      expect(status).toBe(200);
      expect(body.value[0]).toEqual({ '@odata.type': '#microsoft.graph.user', id: expect.any(String), displayName: null });
    });
  });

  describe('protocol', () => {
    it('sends request-id, echoes client-request-id, and wraps errors in Graph\'s envelope', async () => {
      const { status, headers, body } = await call(emulator, '/v1.0/nowhere', { headers: { 'client-request-id': 'abc-123' } });
      expect(status).toBe(400);
      expect(headers.get('client-request-id')).toBe('abc-123');
      expect(headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(headers.get('date')).not.toBeNull();
      expect(headers.get('content-type')).toContain('application/json');
      expect(body.error).toMatchObject({ code: 'BadRequest', message: "Resource not found for the segment 'nowhere'." });
      expect(body.error.innerError).toEqual({ date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/), 'request-id': headers.get('request-id'), 'client-request-id': 'abc-123' });
    });

    it('accepts paths without the version prefix and refuses other methods with 405', async () => {
      expect((await call(emulator, '/subscribedSkus')).status).toBe(200);
      expect((await call(emulator, '/v1.0/users', { method: 'DELETE' })).status).toBe(405);
    });

    it('requires a bearer token', async () => {
      const { status, body } = await call(emulator, '/v1.0/users', { token: null });
      expect(status).toBe(401);
      expect(body.error.code).toBe('InvalidAuthenticationToken');
    });
  });
});
