import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, E3, idOf, SALES_ID, shapeDifferences, startSmall } from './emulator-test-kit.js';
import type { GraphEmulator } from '../../emulator/start-graph-emulator.js';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

const LICENSING = 'id,userPrincipalName,displayName,accountEnabled,usageLocation,assignedLicenses,licenseAssignmentStates';

describe('emulator responses have the shapes of Graph documentation examples', () => {
  let emulator: GraphEmulator;
  beforeAll(async () => { emulator = await startSmall(); });
  afterAll(() => emulator.stop());

  it('lists users with exactly the v1.0 default property set', async () => {
    const { body } = await call(emulator, '/v1.0/users?$top=2');
    expect(shapeDifferences(body, fixture('users-default-page.json'), 'exact')).toEqual([]);
  });

  it('returns exactly the selected licensing properties', async () => {
    const { body } = await call(emulator, `/v1.0/users?$select=${LICENSING}`);
    expect(shapeDifferences(body, fixture('users-licensing-select.json'), 'exact')).toEqual([]);
  });

  it('lists subscribed SKUs with id, account and seat details', async () => {
    const { body } = await call(emulator, '/v1.0/subscribedSkus');
    expect(shapeDifferences(body, fixture('subscribed-skus.json'), 'exact')).toEqual([]);
  });

  it('answers /organization with verified domains', async () => {
    const { body } = await call(emulator, '/v1.0/organization');
    expect(shapeDifferences(body, fixture('organization.json'), 'subset')).toEqual([]);
  });

  it('lists group members as directoryObjects with @odata.type', async () => {
    const { body } = await call(emulator, `/v1.0/groups/${SALES_ID}/members`);
    expect(shapeDifferences(body, fixture('group-members-page.json'), 'exact')).toEqual([]);
  });

  it('answers a batch with per-item status, headers and body, and a throttled item in Graph 429 form', async () => {
    const throttling = await startSmall({ writeQuota: { limit: 1, windowSeconds: 60 } });
    const request = (id: string) => ({ id, method: 'POST', url: `/users/${idOf('bob@contoso.com')}/assignLicense`, headers: { 'Content-Type': 'application/json' }, body: { addLicenses: [{ skuId: E3, disabledPlans: [] }], removeLicenses: [] } });
    const { body } = await call(throttling, '/v1.0/$batch', { body: { requests: [request('1'), request('2')] } });
    await throttling.stop();
    expect(shapeDifferences(body, fixture('batch-response.json'), 'subset')).toEqual([]);
    const throttled = body.responses.find((item: { status: number }) => item.status === 429);
    expect(shapeDifferences(throttled.body, fixture('throttled-429.json'), 'exact')).toEqual([]);
  });

  it('answers group assignLicense with the group object', async () => {
    const { status, body } = await call(emulator, `/v1.0/groups/${SALES_ID}/assignLicense`, { body: { addLicenses: [], removeLicenses: [] } });
    expect(status).toBe(202);
    expect(shapeDifferences(body, fixture('group-assign-license-202.json'), 'subset')).toEqual([]);
  });

  it('ends a users delta round with a deltaLink page of selected properties', async () => {
    const { body } = await call(emulator, '/v1.0/users/delta?$select=id,usageLocation,assignedLicenses');
    expect(shapeDifferences(body, fixture('users-delta-last-page.json'), 'exact')).toEqual([]);
  });

  it('reports group membership changes as members@delta', async () => {
    const first = await call(emulator, '/v1.0/groups/delta?$select=displayName,members');
    emulator.mutate((doc) => {
      const sales = doc.groups.find((group) => group.id === SALES_ID);
      if (sales) sales.members = [idOf('carol@contoso.com'), idOf('bob@contoso.com')];
    });
    const { body } = await call(emulator, first.body['@odata.deltaLink']);
    expect(body.value).toHaveLength(1);
    expect(shapeDifferences(body, fixture('groups-delta-members.json'), 'exact')).toEqual([]);
  });
});
