import { afterEach, describe, expect, it } from 'vitest';
import { createTestToken } from '../../emulator/access-token.js';
import { BI, call, E3, E5, FakeClock, idOf, INTERNS_ID, SALES_ID, startSmall, SWAY } from './emulator-test-kit.js';
import type { GraphEmulator } from '../../emulator/start-graph-emulator.js';

const add = (skuId: string, disabledPlans: string[] = []) => ({ addLicenses: [{ skuId, disabledPlans }], removeLicenses: [] });

describe('emulator writes', () => {
  let emulator: GraphEmulator;
  afterEach(() => emulator.stop());

  it('assigns a license to a user: 200 with the user, state and seats updated', async () => {
    emulator = await startSmall();
    const { status, body } = await call(emulator, '/v1.0/users/bob@contoso.com/assignLicense', { body: add(E5, []) });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: idOf('bob@contoso.com'), userPrincipalName: 'bob@contoso.com' });
    expect(body['@odata.context']).toMatch(/#users\/\$entity$/);
    const read = await call(emulator, '/v1.0/users/bob@contoso.com?$select=assignedLicenses,licenseAssignmentStates');
    expect(read.body.assignedLicenses).toEqual([{ skuId: E5, disabledPlans: [] }]);
    expect(read.body.licenseAssignmentStates[0]).toMatchObject({ skuId: E5, assignedByGroup: null, state: 'Active' });
    const skus = await call(emulator, '/v1.0/subscribedSkus');
    expect(skus.body.value.find((sku: { skuId: string }) => sku.skuId === E5).consumedUnits).toBe(1);
  });

  it('updates disabled plans in place when the SKU is added again', async () => {
    emulator = await startSmall();
    await call(emulator, '/v1.0/users/alice@contoso.com/assignLicense', { body: add(E3, [SWAY]) });
    const read = await call(emulator, '/v1.0/users/alice@contoso.com?$select=assignedLicenses');
    expect(read.body.assignedLicenses).toEqual([{ skuId: E3, disabledPlans: [SWAY] }]);
  });

  it('passes the shared rules\' refusals through in Graph\'s envelope and changes nothing', async () => {
    emulator = await startSmall();
    const noLocation = await call(emulator, '/v1.0/users/erin@contoso.com/assignLicense', { body: add(E3) });
    expect(noLocation.status).toBe(400);
    expect(noLocation.body.error).toMatchObject({ code: 'Request_BadRequest', message: 'License assignment cannot be done for user with invalid usage location.' });
    expect(noLocation.body.error.innerError['request-id']).toBe(noLocation.headers.get('request-id'));
    const notHeld = await call(emulator, '/v1.0/users/bob@contoso.com/assignLicense', { body: { addLicenses: [], removeLicenses: [E3] } });
    expect(notHeld.body.error.message).toBe('User does not have a corresponding license.');
    const missing = await call(emulator, '/v1.0/users/ghost@contoso.com/assignLicense', { body: add(E3) });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('Request_ResourceNotFound');
    const notJson = await fetch(`${emulator.url}/v1.0/users/bob@contoso.com/assignLicense`, { method: 'POST', headers: { authorization: `Bearer ${emulator.token}` }, body: '{nope' });
    expect(notJson.status).toBe(400);
    expect(emulator.state.users.find((user) => user.userPrincipalName === 'bob@contoso.com')?.assignedLicenses).toEqual([]);
    expect(emulator.stats.writes).toBe(3);
  });

  it('accepts a group assignment with 202 and a Location, then processes members after the delay', async () => {
    const clock = new FakeClock();
    emulator = await startSmall({ clock, groupProcessingDelayMs: 10_000 });
    const { status, headers, body } = await call(emulator, `/v1.0/groups/${INTERNS_ID}/assignLicense`, { body: add(BI) });
    expect(status).toBe(202);
    expect(headers.get('location')).toBe(`${emulator.url}/v2/${emulator.state.tenant.id}/directoryObjects/${INTERNS_ID}/Microsoft.DirectoryServices.Group`);
    expect(body.id).toBe(INTERNS_ID);
    const stateOf = async (): Promise<unknown> => (await call(emulator, `/v1.0/groups/${INTERNS_ID}?$select=licenseProcessingState,hasMembersWithLicenseErrors`)).body;
    expect(await stateOf()).toMatchObject({ licenseProcessingState: { state: 'QueuedForProcessing' } });
    clock.advance(5_000);
    expect(await stateOf()).toMatchObject({ licenseProcessingState: { state: 'ProcessingInProgress' } });
    const bobBefore = await call(emulator, '/v1.0/users/bob@contoso.com?$select=assignedLicenses');
    expect(bobBefore.body.assignedLicenses).toEqual([]);
    clock.advance(5_000);
    // One seat of Power BI Pro for two members: one gets it, the other a CountViolation.
    expect(await stateOf()).toEqual(expect.objectContaining({ licenseProcessingState: { state: 'ProcessingComplete' }, hasMembersWithLicenseErrors: true }));
    const errors = await call(emulator, `/v1.0/groups/${INTERNS_ID}/membersWithLicenseErrors?$select=id,licenseAssignmentStates`);
    expect(errors.body.value).toHaveLength(1);
    expect(errors.body.value[0].licenseAssignmentStates).toEqual([expect.objectContaining({ assignedByGroup: INTERNS_ID, state: 'Error', error: 'CountViolation' })]);
  });

  it('applies a group removal to members once processing completes', async () => {
    emulator = await startSmall();
    const { status } = await call(emulator, `/v1.0/groups/${SALES_ID}/assignLicense`, { body: { addLicenses: [], removeLicenses: [E3] } });
    expect(status).toBe(202);
    const carol = await call(emulator, '/v1.0/users/carol@contoso.com?$select=assignedLicenses');
    expect(carol.body.assignedLicenses).toEqual([]);
  });

  describe('permissions', () => {
    it('answers 403 Authorization_RequestDenied when the token lacks the needed role', async () => {
      emulator = await startSmall();
      const readOnly = createTestToken({ roles: ['User.Read.All', 'GroupMember.Read.All'] });
      const denied = await call(emulator, '/v1.0/users/bob@contoso.com/assignLicense', { body: add(E5), token: readOnly });
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject({ code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
      expect((await call(emulator, '/v1.0/subscribedSkus', { token: readOnly })).status).toBe(403);
      expect((await call(emulator, '/v1.0/users', { token: readOnly })).status).toBe(200);
      const writer = createTestToken({ roles: ['LicenseAssignment.ReadWrite.All'] });
      expect((await call(emulator, '/v1.0/users/bob@contoso.com/assignLicense', { body: add(E5), token: writer })).status).toBe(200);
      expect((await call(emulator, '/v1.0/users', { token: writer })).status).toBe(403);
      expect(emulator.state.users.find((user) => user.userPrincipalName === 'bob@contoso.com')?.assignedLicenses).toHaveLength(1);
    });

    it('accepts only the exact token when one is required', async () => {
      emulator = await startSmall({ auth: { requireToken: 'secret-test-token' } });
      expect(emulator.token).toBe('secret-test-token');
      expect((await call(emulator, '/v1.0/users', { token: 'other' })).status).toBe(401);
      expect((await call(emulator, '/v1.0/users')).status).toBe(200);
    });
  });
});
