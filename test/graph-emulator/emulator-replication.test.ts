import { afterEach, describe, expect, it } from 'vitest';
import type { GraphEmulator } from '../../emulator/start-graph-emulator.js';
import { BI, call, E3, E5, FakeClock, smallTenant, startSmall } from './emulator-test-kit.js';

const assign = (skuId: string) => ({ addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] });
const skusOf = (body: { assignedLicenses: { skuId: string }[] }) => body.assignedLicenses.map((license) => license.skuId).sort();

describe('emulator replication lag and group processing delay', () => {
  let emulator: GraphEmulator;
  afterEach(() => emulator.stop());

  it('shows a changed user as it was before for the lag', async () => {
    const clock = new FakeClock();
    emulator = await startSmall({ clock, replicationLagMs: 5000 });
    expect((await call(emulator, '/v1.0/users/alice@contoso.com/assignLicense', { body: assign(E5) })).status).toBe(200);
    expect(emulator.state.users.find((user) => user.userPrincipalName === 'alice@contoso.com')?.assignedLicenses).toHaveLength(2);

    const read = () => call(emulator, '/v1.0/users/alice@contoso.com?$select=id,assignedLicenses,licenseAssignmentStates');
    expect(skusOf((await read()).body)).toEqual([E3]);
    const listed = await call(emulator, `/v1.0/users?$select=id,assignedLicenses&$filter=userPrincipalName eq 'alice@contoso.com'`);
    expect(skusOf(listed.body.value[0])).toEqual([E3]);
    clock.advance(4999);
    expect(skusOf((await read()).body)).toEqual([E3]);
    clock.advance(1);
    expect(skusOf((await read()).body)).toEqual([E3, E5].sort());
  });

  it("keeps a group's previous ProcessingComplete visible after a new assignLicense, then shows it run and finish", async () => {
    const clock = new FakeClock();
    emulator = await startSmall({ clock, replicationLagMs: 1000, groupProcessingDelayMs: 4000 });
    const group = smallTenant().groups[0];
    if (group === undefined) throw new Error('no group');
    const state = async () => (await call(emulator, `/v1.0/groups/${group.id}?$select=id,licenseProcessingState`)).body.licenseProcessingState?.state as string | undefined;
    expect(await state()).toBe('ProcessingComplete');
    expect((await call(emulator, `/v1.0/groups/${group.id}/assignLicense`, { body: assign(BI) })).status).toBe(202);

    const seen: [number, string | undefined][] = [];
    for (let at = 0; at <= 5000; at += 500) {
      seen.push([at, await state()]);
      clock.advance(500);
    }
    expect(seen).toEqual([
      // The state from before the write, for the lag.
      [0, 'ProcessingComplete'], [500, 'ProcessingComplete'],
      [1000, 'QueuedForProcessing'], [1500, 'QueuedForProcessing'],
      // In progress from half the delay; each step is seen a lag later.
      [2000, 'QueuedForProcessing'], [2500, 'QueuedForProcessing'], [3000, 'ProcessingInProgress'], [3500, 'ProcessingInProgress'],
      [4000, 'ProcessingInProgress'], [4500, 'ProcessingInProgress'], [5000, 'ProcessingComplete'],
    ]);
  });
});
