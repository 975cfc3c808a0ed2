import { afterEach, describe, expect, it } from 'vitest';
import { call, E3, E5, FakeClock, idOf, startSmall } from './emulator-test-kit.js';
import type { GraphEmulator } from '../../emulator/start-graph-emulator.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const assign = (id: string, upn: string, skuId = E5) => ({
  id, method: 'POST', url: `/users/${upn}/assignLicense`, headers: JSON_HEADERS,
  body: { addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] },
});

interface Item { id: string; status: number; headers: Record<string, string>; body: { error?: { code: string; message: string } } & Record<string, unknown> }
const byId = (body: { responses: Item[] }): Map<string, Item> => new Map(body.responses.map((item) => [item.id, item]));

describe('emulator $batch', () => {
  let emulator: GraphEmulator;
  afterEach(() => emulator.stop());

  it('refuses more than 20 requests and duplicate ids for the whole batch', async () => {
    emulator = await startSmall();
    const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/subscribedSkus' }));
    const tooMany = await call(emulator, '/v1.0/$batch', { body: { requests: many } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('exceeds the limit of 20');
    const twenty = await call(emulator, '/v1.0/$batch', { body: { requests: many.slice(0, 20) } });
    expect(twenty.status).toBe(200);
    const duplicate = await call(emulator, '/v1.0/$batch', { body: { requests: [assign('1', 'bob@contoso.com'), assign('1', 'alice@contoso.com')] } });
    expect(duplicate.status).toBe(400);
    expect(emulator.stats.writes).toBe(0);
  });

  it('runs items independently with per-item status, headers and bodies, correlated by id', async () => {
    emulator = await startSmall();
    const { status, body } = await call(emulator, '/v1.0/$batch', {
      body: {
        requests: [
          assign('ok', 'bob@contoso.com'),
          assign('bad', 'erin@contoso.com'),
          { id: 'read', method: 'GET', url: 'users/alice@contoso.com?$select=id,assignedLicenses' },
          { id: 'count', method: 'GET', url: '/users?$filter=assignedLicenses/$count ne 0&$count=true&$select=id', headers: { ConsistencyLevel: 'eventual' } },
        ],
      },
    });
    expect(status).toBe(200);
    expect(body.responses.map((item: Item) => item.id)).toEqual(['count', 'read', 'bad', 'ok']);
    const items = byId(body);
    expect(items.get('ok')?.status).toBe(200);
    expect(items.get('ok')?.body.id).toBe(idOf('bob@contoso.com'));
    expect(items.get('bad')).toMatchObject({ status: 400, body: { error: { message: 'License assignment cannot be done for user with invalid usage location.' } } });
    expect(items.get('read')?.body.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [] }]);
    expect(items.get('count')).toMatchObject({ status: 200, body: { '@odata.count': 4 } });
    expect(items.get('ok')?.headers['Content-Type']).toContain('application/json');
    expect(emulator.stats.byOperation['POST /users/{id}/assignLicense']).toBe(2);
    expect(emulator.stats.byRoute['POST /$batch']).toBe(1);
  });

  it('answers 424 to requests whose dependency failed', async () => {
    emulator = await startSmall();
    const { body } = await call(emulator, '/v1.0/$batch', {
      body: {
        requests: [
          assign('1', 'erin@contoso.com'),
          { ...assign('2', 'bob@contoso.com'), dependsOn: ['1'] },
          assign('3', 'dave@contoso.com'),
          { ...assign('4', 'alice@contoso.com'), dependsOn: ['3'] },
        ],
      },
    });
    const items = byId(body);
    expect(items.get('1')?.status).toBe(400);
    expect(items.get('2')?.status).toBe(424);
    expect(items.get('3')?.status).toBe(200);
    expect(items.get('4')?.status).toBe(200);
    expect(emulator.state.users.find((u) => u.userPrincipalName === 'bob@contoso.com')?.assignedLicenses).toEqual([]);
  });

  it('throttles items one by one, each 429 with its own Retry-After', async () => {
    const clock = new FakeClock();
    emulator = await startSmall({ clock, writeQuota: { limit: 2, windowSeconds: 10 } });
    clock.advance(1_000);
    const upns = ['bob@contoso.com', 'alice@contoso.com', 'carol@contoso.com', 'dave@contoso.com'];
    const { body } = await call(emulator, '/v1.0/$batch', { body: { requests: upns.map((upn, i) => assign(String(i), upn, E3)) } });
    const items = byId(body);
    expect([0, 1, 2, 3].map((i) => items.get(String(i))?.status)).toEqual([200, 200, 429, 429]);
    expect(items.get('2')?.headers['Retry-After']).toBe('10.000');
    expect(items.get('2')?.body.error?.code).toBe('TooManyRequests');
    expect(emulator.stats.writes).toBe(2);
    expect(emulator.stats.throttled).toBe(2);
  });

  it('injects faults per item inside a batch', async () => {
    emulator = await startSmall({ faults: { rate: 1, statuses: [503], seed: 7 } });
    const { status, body } = await call(emulator, '/v1.0/$batch', { body: { requests: [assign('1', 'bob@contoso.com'), { id: '2', method: 'GET', url: '/subscribedSkus' }] } });
    expect(status).toBe(200);
    expect(body.responses.map((item: Item) => item.status)).toEqual([503, 503]);
    expect(emulator.state.users.find((u) => u.userPrincipalName === 'bob@contoso.com')?.assignedLicenses).toEqual([]);
  });
});
