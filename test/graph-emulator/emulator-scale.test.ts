import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './emulator-test-kit.js';
import { GENERATED_SKUS, generatedId, generateTenant } from '../../emulator/generate-tenant.js';
import { startGraphEmulator, type GraphEmulator } from '../../emulator/start-graph-emulator.js';

describe('emulator paging through 2,500 users', () => {
  let emulator: GraphEmulator;
  beforeAll(async () => { emulator = await startGraphEmulator({ tenant: generateTenant({ users: 2_500 }), cloneTenant: false }); });
  afterAll(() => emulator.stop());

  it('serves three pages at $top=999 behind opaque skiptokens', async () => {
    const sizes: number[] = [];
    const ids = new Set<string>();
    let link: string | undefined = '/v1.0/users?$top=999&$select=id,assignedLicenses';
    while (link !== undefined) {
      const { status, body } = await call(emulator, link);
      expect(status).toBe(200);
      sizes.push(body.value.length);
      for (const user of body.value) ids.add(user.id);
      link = body['@odata.nextLink'];
      if (link !== undefined) {
        const token = new URL(link).searchParams.get('$skiptoken') ?? '';
        expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
        expect(Buffer.from(token, 'base64url').toString('latin1')).not.toMatch(/999|1998|offset/);
      }
    }
    expect(sizes).toEqual([999, 999, 502]);
    expect(ids.size).toBe(2_500);
  });

  it('refuses a tampered skiptoken', async () => {
    const { body } = await call(emulator, '/v1.0/users?$top=999');
    const link: string = body['@odata.nextLink'];
    const tampered = await call(emulator, link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    expect(tampered.status).toBe(400);
  });
});

describe('emulator on a 50,000-user tenant', () => {
  let emulator: GraphEmulator;
  beforeAll(async () => { emulator = await startGraphEmulator({ tenant: generateTenant({ users: 50_000 }), cloneTenant: false }); });
  afterAll(() => emulator.stop());

  it('answers key and license filters from indexes, without scanning the tenant', async () => {
    const upn = await call(emulator, "/v1.0/users?$filter=userPrincipalName eq 'USER49999@contoso.example'&$select=id");
    expect(upn.body.value).toEqual([{ id: generatedId('0000a11c', 49_999) }]);
    const wanted = [7, 12_345, 40_000].map((n) => generatedId('0000a11c', n));
    const byIds = await call(emulator, `/v1.0/users?$filter=id in (${wanted.map((id) => `'${id}'`).join(',')})&$select=id`);
    expect(byIds.body.value.map((user: { id: string }) => user.id).sort()).toEqual([...wanted].sort());
    const holders = await call(emulator, `/v1.0/users?$filter=assignedLicenses/any(x:x/skuId eq ${GENERATED_SKUS.e3})&$count=true&$top=999&$select=id`, { headers: { consistencylevel: 'eventual' } });
    expect(holders.body['@odata.count']).toBe(16_667);
    const groups = await call(emulator, "/v1.0/groups?$filter=displayName eq 'team 2'&$select=id");
    expect(groups.body.value).toEqual([{ id: generatedId('00009409', 2) }]);
    expect(emulator.stats.filterScans).toBe(0);
  });

  it('counts the filters that have no index', async () => {
    const before = emulator.stats.filterScans;
    const disabled = await call(emulator, '/v1.0/users?$filter=accountEnabled eq false&$select=id&$top=999');
    expect(disabled.body.value).toHaveLength(999);
    expect(emulator.stats.filterScans).toBe(before + 1);
  });
});
