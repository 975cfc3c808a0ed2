import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEBOUNCE_MS, directSkus, E3, E5, metric, pause, portalEdit, startHarness, TINY_CONFIG, waitFor, type Harness } from './watch-kit.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

function messages(h: Harness, event: string, runId?: number): string[] {
  return h.events.filter((e) => e.event === event && (runId === undefined || e.runId === runId)).map((e) => e.message);
}

describe('watch --apply against a tenant file', () => {
  it('reverts a portal-style edit of the tenant file at once, and does not run again for its own write', async () => {
    harness = await startHarness({ apply: true, watchTenant: true });
    expect(harness.runs()).toMatchObject([{ trigger: 'startup', result: 'applied' }]);
    // The start-up run wrote the tenant file: that change is the run's own and starts nothing.
    await waitFor(() => harness?.clock.pendingTimers === 2, 'the tenant watcher to see the start-up run\'s write');
    await pause(150);
    await harness.clock.advance(DEBOUNCE_MS);
    await harness.settle();
    expect(harness.runs()).toHaveLength(1);
    expect(harness.events.some((e) => e.event === 'trigger-dropped')).toBe(true);

    await portalEdit(harness.tenantFile, 'alice@contoso.com', [E5], [E3]);
    await harness.afterFileChange();
    expect(harness.runs().at(-1)).toMatchObject({ trigger: 'tenant', result: 'applied' });
    expect(messages(harness, 'drift', 2)).toEqual(['user alice@contoso.com changed outside skuform: SPE_E3 removed; SPE_E5 added']);
    expect(directSkus(await harness.readTenant(), 'alice@contoso.com')).toEqual([E3]);
    expect(await metric(harness, 'skuform_drift_detected_total{kind="changed-outside"}')).toBe(1);
    expect(await metric(harness, 'skuform_operations_applied_total')).toBe(2);
  });

  it('without --apply reports the drift and the pending change, within one interval, and changes nothing', async () => {
    harness = await startHarness();
    const before = await harness.readTenant();
    await portalEdit(harness.tenantFile, 'carol@contoso.com', [], [E5]);
    await harness.afterInterval();
    expect(harness.runs().at(-1)).toMatchObject({ trigger: 'interval', result: 'pending' });
    expect(messages(harness, 'drift', 2)).toEqual(['user carol@contoso.com changed outside skuform: SPE_E5 removed']);
    expect(messages(harness, 'pending', 2)).toContain('user carol@contoso.com: + SPE_E5');
    expect(directSkus(await harness.readTenant(), 'carol@contoso.com')).toEqual([]);
    expect(directSkus(await harness.readTenant(), 'bob@contoso.com')).toEqual(directSkus(before, 'bob@contoso.com'));
    expect(await metric(harness, 'skuform_pending_operations')).toBe(2);
  });

  it('names a new holder of a managed SKU and a SKU whose plans and seats changed', async () => {
    harness = await startHarness({ apply: true });
    await portalEdit(harness.tenantFile, 'erin@contoso.com', [E5], []);
    const doc = await harness.readTenant();
    const e5 = doc.subscribedSkus.find((sku) => sku.skuId === E5);
    if (e5 === undefined) throw new Error('no E5');
    e5.prepaidUnits.enabled = 25;
    e5.servicePlans.push({ servicePlanId: '00000000-0000-4000-8000-0000000000aa', servicePlanName: 'COPILOT_STUDIO', provisioningStatus: 'Success', appliesTo: 'User' });
    await writeFile(harness.tenantFile, JSON.stringify(doc));
    await harness.afterInterval();
    expect(harness.events.filter((e) => e.event === 'drift' && e.runId === 2).map((e) => [e.kind, e.message])).toEqual([
      ['new-holder', 'SKU SPE_E5 1 more seat is held outside the config (1 now)'],
      ['sku-changed', 'SKU SPE_E5 new service plan COPILOT_STUDIO; seats 10 -> 25'],
    ]);
    expect(harness.runs().at(-1)).toMatchObject({ result: 'converged' });
  });

  it('does not apply an edit that trips the removal guard, says why, and goes on', async () => {
    harness = await startHarness({ apply: true, maxRemovals: 0 });
    await harness.write('licenses/users.yaml', TINY_CONFIG.replace('alice@contoso.com: [{ sku: SPE_E3 }]', 'alice@contoso.com: []'));
    await harness.afterFileChange();
    expect(harness.runs().at(-1)).toMatchObject({ trigger: 'config', result: 'blocked' });
    expect(messages(harness, 'blocked', 2)).toEqual([expect.stringMatching(/^too many removals: /)]);
    expect(directSkus(await harness.readTenant(), 'alice@contoso.com')).toEqual([E3]);
    expect(await metric(harness, 'skuform_last_run_success')).toBe(1);
    // The loop goes on: fixing the file converges again.
    await harness.write('licenses/users.yaml', TINY_CONFIG);
    await harness.afterFileChange();
    expect(harness.runs().at(-1)).toMatchObject({ result: 'converged' });
  });

  it('pauses applying, not reporting, while settings.suspend is true or the suspend file exists', async () => {
    harness = await startHarness({ apply: true, files: { 'licenses/users.yaml': `${TINY_CONFIG.replace('settings:\n', 'settings:\n  suspend: true\n')}` } });
    expect(harness.runs()).toMatchObject([{ result: 'suspended' }]);
    expect(messages(harness, 'suspended')).toEqual([expect.stringMatching(/^not applying: settings\.suspend is true \(licenses\/users\.yaml:1\)/)]);
    expect(messages(harness, 'pending')).toEqual(['user bob@contoso.com: + SPE_E3']);
    expect(directSkus(await harness.readTenant(), 'bob@contoso.com')).toEqual([]);
    await harness.stop();

    harness = await startHarness({ apply: true, suspendFile: 'pause-skuform', prepare: (dir) => writeFile(join(dir, 'pause-skuform'), '') });
    expect(harness.runs()).toMatchObject([{ result: 'suspended' }]);
    expect(messages(harness, 'suspended')).toEqual([expect.stringMatching(/^not applying: the suspend file .*pause-skuform exists$/)]);
    await rm(join(harness.dir, 'pause-skuform'));
    await harness.afterInterval();
    expect(harness.runs().at(-1)).toMatchObject({ result: 'applied' });
    expect(directSkus(await harness.readTenant(), 'bob@contoso.com')).toEqual([E3]);
  });
});

