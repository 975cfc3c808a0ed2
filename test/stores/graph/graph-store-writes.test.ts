import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssignLicenseRequest, GroupProcessing, WriteFailure } from '../../../src/model/store.js';
import type { TenantDocument } from '../../../src/model/tenant.js';
import { FileStore } from '../../../src/stores/file-store.js';
import { openGraphStore } from '../../../src/stores/graph/open-graph-store.js';
import { GROUP, PLAN, SKU, USER, contractTenant } from '../../support/contract-tenant.js';
import { sendJson, startLocalHttpServer } from '../../support/local-http-server.js';
import { classifyFailure, DEFAULT_RETRY_POLICY } from '../../../src/apply/retry-policy.js';
import { startEmulatedGraph, type EmulatedGraph } from './graph-emulator-kit.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emulated(doc: TenantDocument = contractTenant(), options: Parameters<typeof startEmulatedGraph>[1] = {}): Promise<EmulatedGraph> {
  const graph = await startEmulatedGraph(doc, options);
  cleanups.push(graph.stop);
  return graph;
}

const assign = (kind: 'user' | 'group', id: string, add: { skuId: string; disabledPlans?: string[] }[], remove: string[] = []): AssignLicenseRequest => ({
  principal: { kind, id },
  addLicenses: add.map((license) => ({ skuId: license.skuId, disabledPlans: license.disabledPlans ?? [] })),
  removeLicenses: remove,
});

describe('GraphStore.applyBatch against the emulator', () => {
  it('gives each request its own outcome, aligned by index', async () => {
    const graph = await emulated();
    const results = await graph.store.applyBatch([
      assign('user', USER.frank, [{ skuId: SKU.e5, disabledPlans: [PLAN.defender] }]),
      assign('user', USER.bob, [{ skuId: SKU.e5 }]),
      assign('group', GROUP.engineering, [{ skuId: SKU.e5 }]),
      assign('user', USER.nobody, [{ skuId: SKU.e5 }]),
      assign('user', USER.alice, [{ skuId: SKU.e3, disabledPlans: [] }]),
    ]);
    expect(results.map((result) => result.status)).toEqual([200, 400, 202, 404, 200]);
    expect(results[1]).toMatchObject({ ok: false, code: 'Request_BadRequest', message: 'License assignment cannot be done for user with invalid usage location.' });
    expect(results[3]).toMatchObject({ ok: false, code: 'Request_ResourceNotFound' });
    for (const result of results) expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const snapshot = await graph.store.readSnapshot({ users: [USER.frank, USER.alice], groups: [], holdersOf: [], members: false });
    const direct = (id: string) => snapshot.users.find((user) => user.id === id)?.licenseAssignmentStates.filter((s) => s.assignedByGroup === null).map((s) => [s.skuId, s.disabledPlans]);
    expect(direct(USER.frank)).toEqual([[SKU.e5, [PLAN.defender]]]);
    expect(direct(USER.alice)).toEqual([[SKU.e3, []]]);
  });

  it('sends more than 20 requests as several $batch calls', async () => {
    const graph = await emulated();
    graph.emulator.resetStats();
    const requests = Array.from({ length: 25 }, () => assign('user', USER.frank, [{ skuId: SKU.e3 }]));
    const results = await graph.store.applyBatch(requests);
    expect(results).toHaveLength(25);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(graph.emulator.stats.byRoute['POST /$batch']).toBe(2);
  });

  it('reports per-item throttling with the Retry-After in milliseconds, without retrying', async () => {
    const graph = await emulated(contractTenant(), { writeQuota: { limit: 2, windowSeconds: 60 } });
    const results = await graph.store.applyBatch([
      assign('user', USER.frank, [{ skuId: SKU.e3 }]),
      assign('user', USER.alice, [{ skuId: SKU.e3 }]),
      assign('user', USER.erin, [{ skuId: SKU.e3 }]),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(2);
    const throttled = results.find((result) => !result.ok);
    expect(throttled).toMatchObject({ ok: false, status: 429, code: 'TooManyRequests' });
    expect(!throttled?.ok && throttled?.retryAfterMs).toBeGreaterThan(0);
    expect(graph.emulator.stats.writes).toBe(2);
  });

  it('sends the items answered 401 again once, with a fresh token, as a single request would be', async () => {
    let call = 0;
    const server = await startLocalHttpServer((request, response) => {
      call += 1;
      const { requests } = JSON.parse(request.body) as { requests: { id: string; url: string }[] };
      sendJson(response, 200, { responses: requests.map((sub) => ({ id: sub.id, status: call === 1 && sub.url.includes(USER.alice) ? 401 : 200, body: {} })) });
    });
    cleanups.push(server.close);
    const store = openGraphStore({ env: { SKUFORM_GRAPH_TOKEN: 'opaque-token' }, graphUrl: server.url });
    const results = await store.applyBatch([assign('user', USER.frank, [{ skuId: SKU.e3 }]), assign('user', USER.alice, [{ skuId: SKU.e3 }])]);
    expect(results.map((result) => result.status)).toEqual([200, 200]);
    expect(server.requests).toHaveLength(2);
    const resent = JSON.parse(server.requests[1]?.body ?? '{}') as { requests: { url: string }[] };
    expect(resent.requests.map((sub) => sub.url)).toEqual([`/users/${USER.alice}/assignLicense`]);
  });

  it('takes the items of a batch failed as a whole with 424 from its answers, and fails them retryably when it has none', async () => {
    let call = 0;
    const server = await startLocalHttpServer((request, response) => {
      call += 1;
      const { requests } = JSON.parse(request.body) as { requests: { id: string }[] };
      if (call === 1) sendJson(response, 424, { responses: requests.map((sub) => ({ id: sub.id, status: 429, headers: { 'Retry-After': '2' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } })) });
      else sendJson(response, 424, { error: { code: 'FailedDependency', message: 'The batch failed.' } });
    });
    cleanups.push(server.close);
    const store = openGraphStore({ env: { SKUFORM_GRAPH_TOKEN: 'opaque-token' }, graphUrl: server.url });
    const named = await store.applyBatch([assign('user', USER.frank, [{ skuId: SKU.e3 }])]);
    expect(named).toEqual([expect.objectContaining({ ok: false, status: 429, code: 'TooManyRequests', retryAfterMs: 2000 })]);
    const anonymous = await store.applyBatch([assign('user', USER.frank, [{ skuId: SKU.e3 }])]);
    expect(anonymous).toEqual([expect.objectContaining({ ok: false, status: 424, code: 'FailedDependency' })]);
    expect(classifyFailure(anonymous[0] as WriteFailure, DEFAULT_RETRY_POLICY)).toBe('transient');
  });

  it('fails every item with status 0 when the $batch gets no answer', async () => {
    const server = await startLocalHttpServer((_request, _response, raw) => {
      raw.socket.destroy();
    });
    cleanups.push(server.close);
    const store = openGraphStore({ env: { SKUFORM_GRAPH_TOKEN: 'opaque-token' }, graphUrl: server.url });
    const results = await store.applyBatch([assign('user', USER.frank, [{ skuId: SKU.e3 }]), assign('group', GROUP.sales, [], [SKU.e3])]);
    expect(results).toEqual([
      expect.objectContaining({ ok: false, status: 0, code: 'NetworkError' }),
      expect.objectContaining({ ok: false, status: 0, code: 'NetworkError' }),
    ]);
    expect(server.requests).toHaveLength(1);
  });
});

describe('GraphStore.readGroupProcessing against the emulator', () => {
  function sortedProcessing(entries: GroupProcessing[]): GroupProcessing[] {
    return entries
      .map((entry) => ({ ...entry, membersWithErrors: [...entry.membersWithErrors].sort((a, b) => a.userId.localeCompare(b.userId)) }))
      .sort((a, b) => a.groupId.localeCompare(b.groupId));
  }

  it('follows asynchronous processing and reports members in error like the file store', async () => {
    const doc = contractTenant();
    const graph = await emulated(doc, { groupProcessingDelayMs: 60_000 });
    // Analysts has four members and POWER_BI_PRO has no free seat: members end in CountViolation.
    const [result] = await graph.store.applyBatch([assign('group', GROUP.analysts, [{ skuId: SKU.powerBi }])]);
    expect(result).toMatchObject({ ok: true, status: 202 });
    const pending = await graph.store.readGroupProcessing([GROUP.analysts]);
    expect(pending.map((entry) => entry.state)).not.toContain('ProcessingComplete');
    graph.emulator.settleGroupProcessing();
    await expect(graph.store.readGroupProcessing([GROUP.analysts, USER.nobody])).rejects.toMatchObject({ status: 404, code: 'Request_ResourceNotFound' });
    const settled = await graph.store.readGroupProcessing([GROUP.analysts, GROUP.sales]);
    expect(settled.map((entry) => [entry.groupId, entry.state])).toEqual([[GROUP.analysts, 'ProcessingComplete'], [GROUP.sales, 'ProcessingComplete']]);
    const errors = settled[0]?.membersWithErrors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error.skuId === SKU.powerBi && error.error === 'CountViolation')).toBe(true);

    const dir = await mkdtemp(join(tmpdir(), 'skuform-graph-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'tenant.json'), JSON.stringify(doc));
    const file = new FileStore(join(dir, 'tenant.json'));
    const release = await file.lock();
    await file.applyBatch([assign('group', GROUP.analysts, [{ skuId: SKU.powerBi }])]);
    await release();
    expect(sortedProcessing(settled)).toEqual(sortedProcessing(await file.readGroupProcessing([GROUP.analysts, GROUP.sales])));
  });
});
