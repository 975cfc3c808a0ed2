import { afterEach, describe, expect, it } from 'vitest';
import { call, E5, FakeClock, idOf, SALES_ID, startSmall } from './emulator-test-kit.js';
import { GENERATED_SKUS, generateTenant } from '../../emulator/generate-tenant.js';
import { startGraphEmulator, type GraphEmulator } from '../../emulator/start-graph-emulator.js';

const SELECT = '$select=id,usageLocation,assignedLicenses';

/** Follows nextLinks to the end of a round; returns every item and the deltaLink. */
async function readRound(emulator: GraphEmulator, link: string): Promise<{ items: Record<string, unknown>[]; deltaLink: string; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let next = link;
  let pages = 0;
  for (;;) {
    const { status, body } = await call(emulator, next);
    expect(status).toBe(200);
    pages++;
    items.push(...body.value);
    if (body['@odata.deltaLink'] !== undefined) return { items, deltaLink: body['@odata.deltaLink'], pages };
    expect(body['@odata.nextLink']).toBeDefined();
    next = body['@odata.nextLink'];
  }
}

describe('emulator delta queries', () => {
  let emulator: GraphEmulator;
  afterEach(() => emulator.stop());

  it('pages a first round with nextLinks, then returns only what changed', async () => {
    emulator = await startGraphEmulator({ tenant: generateTenant({ users: 450 }) });
    const first = await readRound(emulator, `/v1.0/users/delta?${SELECT}`);
    expect(first.pages).toBe(3);
    expect(first.items).toHaveLength(450);
    expect(first.deltaLink).toMatch(/\/v1\.0\/users\/delta\?\$deltatoken=[^&]+$/);

    const quiet = await readRound(emulator, first.deltaLink);
    expect(quiet.items).toEqual([]);

    const assigned = await call(emulator, '/v1.0/users/user1@contoso.example/assignLicense', { body: { addLicenses: [{ skuId: GENERATED_SKUS.e5, disabledPlans: [] }], removeLicenses: [] } });
    expect(assigned.status).toBe(200);
    emulator.updateUser('user2@contoso.example', { usageLocation: 'DE' });
    emulator.mutate((doc) => { const user = doc.users[3]; if (user) user.displayName = 'Renamed'; });
    const changed = await readRound(emulator, quiet.deltaLink);
    expect(changed.items.map((item) => item.id)).toEqual([doc(1), doc(2)]);
    expect(changed.items[1]).toEqual({ id: doc(2), usageLocation: 'DE', assignedLicenses: [{ skuId: GENERATED_SKUS.powerBi, disabledPlans: [] }] });
    expect((await readRound(emulator, changed.deltaLink)).items).toEqual([]);
  });

  it('reports deleted users with @removed and the reason', async () => {
    emulator = await startSmall();
    const { deltaLink } = await readRound(emulator, `/v1.0/users/delta?${SELECT}`);
    emulator.deleteUser('bob@contoso.com');
    emulator.deleteUser('erin@contoso.com', { permanent: true });
    const { items } = await readRound(emulator, deltaLink);
    expect(items).toEqual([
      { id: idOf('bob@contoso.com'), '@removed': { reason: 'changed' } },
      { id: idOf('erin@contoso.com'), '@removed': { reason: 'deleted' } },
    ]);
  });

  it('starts from now with $deltatoken=latest', async () => {
    emulator = await startSmall();
    const { body } = await call(emulator, `/v1.0/users/delta?$deltatoken=latest&${SELECT}`);
    expect(body.value).toEqual([]);
    expect(body['@odata.nextLink']).toBeUndefined();
    emulator.mutate((doc) => { const user = doc.users[0]; if (user) user.usageLocation = 'BE'; });
    const { items } = await readRound(emulator, body['@odata.deltaLink']);
    expect(items).toEqual([expect.objectContaining({ id: idOf('alice@contoso.com'), usageLocation: 'BE' })]);
  });

  it('answers Graph errors for unknown and expired tokens', async () => {
    emulator = await startSmall();
    const unknown = await call(emulator, '/v1.0/users/delta?$deltatoken=not-a-token');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('Request_BadRequest');
    const { deltaLink } = await readRound(emulator, `/v1.0/users/delta?${SELECT}`);
    emulator.expireDeltaTokens();
    const expired = await call(emulator, deltaLink);
    expect(expired.status).toBe(410);
    expect(expired.headers.get('location')).toBe(`${emulator.serviceRoot}/users/delta?${SELECT}`);
  });

  it('expires tokens after their time to live', async () => {
    const clock = new FakeClock();
    emulator = await startSmall({ clock, deltaTokenTtlMs: 60_000 });
    const { deltaLink } = await readRound(emulator, '/v1.0/users/delta');
    clock.advance(59_000);
    const { deltaLink: renewed } = await readRound(emulator, deltaLink);
    clock.advance(2_000);
    expect((await call(emulator, deltaLink)).status).toBe(410);
    expect((await call(emulator, renewed)).status).toBe(200);
  });

  it('shows only changes to selected properties, and never licenseAssignmentStates alone', async () => {
    emulator = await startSmall();
    const narrow = await readRound(emulator, '/v1.0/users/delta?$select=id,displayName');
    const states = await readRound(emulator, '/v1.0/users/delta?$select=id,licenseAssignmentStates');
    await call(emulator, '/v1.0/users/bob@contoso.com/assignLicense', { body: { addLicenses: [{ skuId: E5, disabledPlans: [] }], removeLicenses: [] } });
    expect((await readRound(emulator, narrow.deltaLink)).items).toEqual([]);
    // Graph documents that licenseAssignmentStates changes are not tracked by users delta.
    expect((await readRound(emulator, states.deltaLink)).items).toEqual([]);
  });

  it('tracks only the ids a $filter names', async () => {
    emulator = await startSmall();
    const filter = `$filter=id eq '${idOf('bob@contoso.com')}' or id eq '${idOf('erin@contoso.com')}'`;
    const first = await readRound(emulator, `/v1.0/users/delta?${SELECT}&${filter}`);
    expect(first.items.map((item) => item.id).sort()).toEqual([idOf('bob@contoso.com'), idOf('erin@contoso.com')].sort());
    emulator.updateUser('alice@contoso.com', { usageLocation: 'BE' });
    emulator.updateUser('bob@contoso.com', { usageLocation: 'BE' });
    const { items } = await readRound(emulator, first.deltaLink);
    expect(items.map((item) => item.id)).toEqual([idOf('bob@contoso.com')]);
    expect((await call(emulator, "/v1.0/users/delta?$filter=usageLocation eq 'NL'")).status).toBe(400);
  });

  it('returns only changed properties with Prefer: return=minimal', async () => {
    emulator = await startSmall();
    const { deltaLink } = await readRound(emulator, `/v1.0/users/delta?${SELECT}`);
    emulator.mutate((doc) => { const user = doc.users[1]; if (user) user.usageLocation = 'FR'; });
    const { body } = await call(emulator, deltaLink, { headers: { prefer: 'return=minimal' } });
    expect(body.value).toEqual([{ id: idOf('bob@contoso.com'), usageLocation: 'FR' }]);
  });

  it('shows group license changes and group processing in groups delta', async () => {
    emulator = await startSmall();
    const { deltaLink } = await readRound(emulator, '/v1.0/groups/delta?$select=id,assignedLicenses');
    await call(emulator, `/v1.0/groups/${SALES_ID}/assignLicense`, { body: { addLicenses: [{ skuId: E5, disabledPlans: [] }], removeLicenses: [] } });
    const { items } = await readRound(emulator, deltaLink);
    expect(items).toEqual([{ id: SALES_ID, assignedLicenses: expect.arrayContaining([{ skuId: E5, disabledPlans: [] }]) }]);
  });
});

function doc(n: number): string {
  return `0000a11c-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
