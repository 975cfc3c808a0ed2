import { afterEach, describe, expect, it } from 'vitest';
import type { TenantDocument } from '../../src/model/tenant.js';
import { generateTenant } from '../../emulator/generate-tenant.js';
import { call } from '../graph-emulator/emulator-test-kit.js';
import { startEmulatedGraph, type EmulatedGraph } from '../stores/graph/graph-emulator-kit.js';
import { aUser } from '../support/builders.js';
import { directSkus, E3, E5, metric, startHarness, tinyTenant, TINY_CONFIG, type Harness, type HarnessOptions } from './watch-kit.js';

let harness: Harness | undefined;
let graph: EmulatedGraph | undefined;
afterEach(async () => {
  await harness?.stop();
  await graph?.stop();
  harness = undefined;
  graph = undefined;
});

async function watchGraph(doc: TenantDocument, options: HarnessOptions = {}): Promise<Harness> {
  graph = await startEmulatedGraph(doc);
  harness = await startHarness({ ...options, store: graph.store });
  return harness;
}

/** A change in the admin center: assignLicense sent to Graph by someone else. */
async function portalAssign(upn: string, add: string[], remove: string[]): Promise<void> {
  if (graph === undefined) throw new Error('no emulator');
  const answer = await call(graph.emulator, `/v1.0/users/${upn}/assignLicense`, { body: { addLicenses: add.map((skuId) => ({ skuId, disabledPlans: [] })), removeLicenses: remove } });
  expect(answer.status).toBe(200);
}

function messages(h: Harness, event: string, runId: number): string[] {
  return h.events.filter((e) => e.event === event && e.runId === runId).map((e) => e.message);
}

describe('watch against Graph (the emulator over HTTP)', () => {
  it('with --apply, reverts a portal change within one interval', async () => {
    const h = await watchGraph(tinyTenant(), { apply: true });
    expect(h.runs()).toMatchObject([{ result: 'applied' }]);
    await portalAssign('alice@contoso.com', [E5], [E3]);
    await h.afterInterval();
    expect(h.runs().at(-1)).toMatchObject({ trigger: 'interval', result: 'applied' });
    expect(messages(h, 'drift', 2)).toEqual(['user alice@contoso.com changed outside skuform: SPE_E3 removed; SPE_E5 added']);
    expect(directSkus(graph?.emulator.state as TenantDocument, 'alice@contoso.com')).toEqual([E3]);
    await h.afterInterval();
    expect(h.runs().at(-1)).toMatchObject({ result: 'converged' });
    expect(messages(h, 'drift', 3)).toEqual([]);
  });

  it('without --apply, only reports the portal change', async () => {
    const h = await watchGraph(tinyTenant());
    await portalAssign('carol@contoso.com', [], [E5]);
    await h.afterInterval();
    expect(h.runs().at(-1)).toMatchObject({ trigger: 'interval', result: 'pending' });
    expect(messages(h, 'drift', 2)).toEqual(['user carol@contoso.com changed outside skuform: SPE_E5 removed']);
    expect(messages(h, 'pending', 2)).toContain('user carol@contoso.com: + SPE_E5');
    expect(directSkus(graph?.emulator.state as TenantDocument, 'carol@contoso.com')).toEqual([]);
    expect(graph?.emulator.stats.byOperation['POST /users/{id}/assignLicense'] ?? 0).toBe(1);
  });

  it('reads everything again, and says so, when the delta token has expired', async () => {
    const h = await watchGraph(tinyTenant(), { apply: true });
    graph?.emulator.expireDeltaTokens();
    await portalAssign('alice@contoso.com', [], [E3]);
    await h.afterInterval();
    expect(messages(h, 'store-resync', 2)).toEqual([expect.stringMatching(/^Graph refused the users delta token \(410 syncStateNotFound: .*\); reading everything again$/)]);
    expect(h.runs().at(-1)).toMatchObject({ result: 'applied' });
    expect(directSkus(graph?.emulator.state as TenantDocument, 'alice@contoso.com')).toEqual([E3]);
  });

  it('when pruning, names a new holder of a managed SKU and removes it', async () => {
    const h = await watchGraph(tinyTenant(), { apply: true, files: { 'licenses/users.yaml': TINY_CONFIG.replace('managedSkus: [SPE_E3, SPE_E5]', 'managedSkus: [SPE_E3, SPE_E5]\n  prune: true\n  maxRemovals: 5') } });
    expect(directSkus(graph?.emulator.state as TenantDocument, 'dave@contoso.com')).toEqual([]);
    await portalAssign('erin@contoso.com', [E5], []);
    await h.afterInterval();
    expect(h.events.filter((e) => e.event === 'drift' && e.runId === 2).map((e) => [e.kind, e.message])).toEqual([
      ['new-holder', 'user erin@contoso.com new holder of SPE_E5, not listed in the config'],
    ]);
    expect(directSkus(graph?.emulator.state as TenantDocument, 'erin@contoso.com')).toEqual([]);
  });

  it('sees a SKU gain a service plan and seats', async () => {
    const h = await watchGraph(tinyTenant());
    graph?.emulator.mutate((doc) => {
      const e3 = doc.subscribedSkus.find((sku) => sku.skuId === E3);
      if (e3 === undefined) return;
      e3.prepaidUnits.enabled = 40;
      e3.servicePlans.push({ servicePlanId: '00000000-0000-4000-8000-0000000000bb', servicePlanName: 'TEAMS_PREMIUM', provisioningStatus: 'Success', appliesTo: 'User' });
    });
    await h.afterInterval();
    expect(h.events.filter((e) => e.event === 'drift' && e.runId === 2).map((e) => [e.kind, e.message])).toEqual([
      ['sku-changed', 'SKU SPE_E3 new service plan TEAMS_PREMIUM; seats 20 -> 40'],
    ]);
    expect(await metric(h, 'skuform_drift_detected_total{kind="sku-changed"}')).toBe(1);
  });

  it('costs the same few requests per quiet round at 1,000 and at 50,000 users', async () => {
    const listed = Array.from({ length: 40 }, (_, n) => `  user${n * 5}@contoso.example: [{ sku: SPE_E3 }]`).join('\n');
    const config = `settings:\n  managedSkus: [SPE_E3]\n  maxRemovals: 100\nusers:\n${listed}\ngroups:\n  Team 1: { licenses: [{ sku: SPE_E3 }] }\n`;
    const quietRound = async (users: number): Promise<{ requests: number; operations: Record<string, number> }> => {
      const h = await watchGraph(generateTenant({ users }), { files: { 'licenses/users.yaml': config } });
      expect(h.runs()).toMatchObject([{ result: 'pending' }]);
      await h.afterInterval();
      graph?.emulator.resetStats();
      await h.afterInterval();
      expect(h.runs().at(-1)).toMatchObject({ trigger: 'interval', result: 'pending' });
      const counted = { requests: graph?.emulator.stats.httpRequests ?? -1, operations: { ...graph?.emulator.stats.byOperation } };
      await h.stop();
      await graph?.stop();
      harness = undefined;
      graph = undefined;
      return counted;
    };
    const small = await quietRound(1_000);
    const large = await quietRound(50_000);
    expect(large).toEqual(small);
    expect(small.requests).toBe(1);
    expect(small.operations).toEqual({ 'GET /users/delta': 1, 'GET /groups/delta': 1, 'GET /subscribedSkus': 1 });
  }, 120_000);

  it('follows a user created later under a listed name', async () => {
    const h = await watchGraph(tinyTenant(), { apply: true, files: { 'licenses/users.yaml': `${TINY_CONFIG}  zoe@contoso.com: [{ sku: SPE_E5 }]\n` } });
    expect(h.runs()).toMatchObject([{ result: 'blocked' }]);
    graph?.emulator.mutate((doc) => {
      doc.users.push(aUser({ userPrincipalName: 'zoe@contoso.com' }));
    });
    await h.afterInterval();
    expect(h.runs().at(-1)).toMatchObject({ result: 'applied' });
    expect(directSkus(graph?.emulator.state as TenantDocument, 'zoe@contoso.com')).toEqual([E5]);
  });
});

