import { afterEach, describe, expect, it } from 'vitest';
import { aSku, PLAN, SKU } from '../../support/contract-tenant.js';
import { openGraphStore } from '../../../src/stores/graph/open-graph-store.js';
import { APPLY_ROLES, startEmulatedGraph, type EmulatedGraph } from './graph-emulator-kit.js';
import { generateLargeTenant as largeTenant, groupId, userId } from './graph-tenants.js';

const running: EmulatedGraph[] = [];
afterEach(async () => {
  for (const graph of running.splice(0)) await graph.stop();
});

describe('Graph store read cost grows with the config, not the tenant', () => {
  it('plans 10 users and 2 groups of a 50,000-user tenant in fewer than 10 HTTP requests', async () => {
    const graph = await startEmulatedGraph(largeTenant(50_000));
    running.push(graph);
    graph.emulator.resetStats();
    const users = Array.from({ length: 10 }, (_, i) => `USER${i * 4_999}@contoso.com`);
    const snapshot = await graph.store.readSnapshot({ users, groups: ['Team 7', groupId(42)], holdersOf: [], members: true });
    for (const key of users) expect(snapshot.resolved.users.get(key)).toHaveLength(1);
    expect(snapshot.resolved.groups).toEqual(new Map([['Team 7', [groupId(7)]], [groupId(42), [groupId(42)]]]));
    expect(snapshot.users).toHaveLength(10 + 40);
    const { httpRequests, operations } = graph.emulator.stats;
    // One $batch (organization, SKUs, one `in` lookup for the users, an id and a name lookup for
    // the groups) and one $batch for both member lists.
    expect(httpRequests).toBe(2);
    expect(httpRequests).toBeLessThan(10);
    expect(operations).toBe(5 + 2);
  });

  it('looks up 300 users in one $batch of `in` filters', async () => {
    const graph = await startEmulatedGraph(largeTenant(2_000));
    running.push(graph);
    graph.emulator.resetStats();
    const users = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? `user${i}@contoso.com` : userId(i)));
    const snapshot = await graph.store.readSnapshot({ users, groups: [], holdersOf: [], members: false });
    expect([...snapshot.resolved.users.values()].every((ids) => ids.length === 1)).toBe(true);
    // 2 overview sub-requests + 10 UPN chunks + 10 id chunks = 22 sub-requests: two $batch calls.
    expect(graph.emulator.stats.httpRequests).toBe(2);
  });

  it('walks only the holders of the asked SKUs, paging by 999', async () => {
    const graph = await startEmulatedGraph(largeTenant(3_000));
    running.push(graph);
    graph.emulator.resetStats();
    const snapshot = await graph.store.readSnapshot({ users: [], groups: [], holdersOf: [SKU.e3], members: false });
    expect(snapshot.users).toHaveLength(1_000);
    // Batch 1: organization, SKUs, the counts (3,000 users, 1,000 holders) and the group walk.
    // The holders are 2 pages against a scan's 3: the walk, 999 + 1.
    expect(graph.emulator.stats.httpRequests).toBe(1 + 2);
  });

  it('reads a 40-principal config in a 20,000-user tenant in 3 requests', async () => {
    const graph = await startEmulatedGraph(largeTenant(20_000));
    running.push(graph);
    graph.emulator.resetStats();
    await graph.store.readOverview();
    const users = Array.from({ length: 30 }, (_, i) => `user${i * 601}@contoso.com`);
    const groups = Array.from({ length: 10 }, (_, i) => `Team ${i * 9}`);
    const snapshot = await graph.store.readSnapshot({ users, groups, holdersOf: [], members: true });
    expect([...snapshot.resolved.users.values()].every((ids) => ids.length === 1)).toBe(true);
    expect(snapshot.groups.every((group) => group.members.length === 20)).toBe(true);
    // The overview (with the tenant's user count); every lookup in one $batch; the ten member lists in one more.
    expect(graph.emulator.stats.httpRequests).toBe(3);
    expect(graph.emulator.stats.byOperation['GET /users']).toBe(1 + 2);
  });

  it('scans every user when the config names more of the tenant than lookups would cost', async () => {
    const graph = await startEmulatedGraph(largeTenant(5_000));
    running.push(graph);
    graph.emulator.resetStats();
    const users = Array.from({ length: 5_000 }, (_, i) => (i % 2 === 0 ? `user${i}@contoso.com` : userId(i)));
    const snapshot = await graph.store.readSnapshot({ users, groups: ['Team 3'], holdersOf: [], members: true });
    expect([...snapshot.resolved.users.values()].every((ids) => ids.length === 1)).toBe(true);
    expect(snapshot.users).toHaveLength(5_000);
    expect(snapshot.groups[0]?.members).toHaveLength(20);
    // 334 `in` filters would be 17 $batches; 5,000 users are 6 pages of 999. One $batch for the
    // overview, the user count and the group, then the 6 pages, the member list riding in the first.
    expect(graph.emulator.stats.httpRequests).toBe(1 + 6);
    expect(graph.emulator.stats.byOperation['GET /users']).toBe(1 + 6);
  });

  it('goes straight to the scan after reading the overview, which counted the users', async () => {
    const graph = await startEmulatedGraph(largeTenant(5_000));
    running.push(graph);
    graph.emulator.resetStats();
    await graph.store.readOverview();
    const users = Array.from({ length: 5_000 }, (_, i) => `user${i}@contoso.com`);
    const snapshot = await graph.store.readSnapshot({ users, groups: [], holdersOf: [], members: false });
    expect(snapshot.users).toHaveLength(5_000);
    expect(graph.emulator.stats.httpRequests).toBe(1 + 6);
    // The overview is used once: a later snapshot reads it afresh (and counts again).
    graph.emulator.resetStats();
    await graph.store.readSnapshot({ users, groups: [], holdersOf: [], members: false });
    expect(graph.emulator.stats.httpRequests).toBe(1 + 6);
    expect(graph.emulator.stats.byOperation['GET /organization']).toBe(1);
  });

  it('reads only names when that is all the query needs (validate), by lookup or by scan', async () => {
    const graph = await startEmulatedGraph(largeTenant(5_000));
    running.push(graph);
    const paths: string[] = [];
    const store = openGraphStore({ ...graph.options(), debug: (event) => paths.push(event.path) });
    for (const count of [30, 5_000]) {
      const users = Array.from({ length: count }, (_, i) => `user${i}@contoso.com`);
      const snapshot = await store.readSnapshot({ users, groups: [], holdersOf: [], members: false, namesOnly: true });
      expect([...snapshot.resolved.users.values()].every((ids) => ids.length === 1)).toBe(true);
      expect(snapshot.users.every((user) => user.licenseAssignmentStates.length === 0 && user.assignedLicenses.length === 0)).toBe(true);
    }
    const userReads = paths.filter((path) => path.startsWith('/users?') && !path.includes('$count'));
    expect(userReads.length).toBeGreaterThan(6);
    expect(userReads.every((path) => path.includes('$select=id,userPrincipalName,displayName,accountEnabled,usageLocation&'))).toBe(true);
  });

  it('looks users up when that costs fewer requests than a scan, even past one $batch', async () => {
    const graph = await startEmulatedGraph(largeTenant(20_000));
    running.push(graph);
    graph.emulator.resetStats();
    const users = Array.from({ length: 1_500 }, (_, i) => `user${i * 13}@contoso.com`);
    const snapshot = await graph.store.readSnapshot({ users, groups: [], holdersOf: [], members: false });
    expect(snapshot.users).toHaveLength(1_500);
    // 100 filters are 5 $batches, a scan 21 pages: the count, then the lookups.
    expect(graph.emulator.stats.httpRequests).toBe(1 + 5);
  });

  it('chooses between walking the holders of each SKU and a scan from how many hold them', async () => {
    const graph = await startEmulatedGraph(largeTenant(6_000));
    running.push(graph);
    const everyone = largeTenant(6_000).users.filter((user) => user.licenseAssignmentStates.length > 0);
    graph.emulator.resetStats();
    const few = await graph.store.readSnapshot({ users: [], groups: [], holdersOf: [SKU.e3], members: false });
    expect(few.users.map((user) => user.id).sort()).toEqual(everyone.map((user) => user.id).sort());
    // Counting first (the tenant: 7 pages; E3's holders: 3), then the walk's 3 pages.
    expect(graph.emulator.stats.httpRequests).toBe(1 + 3);

    graph.emulator.resetStats();
    const skus = Array.from({ length: 10 }, (_, i) => (i === 0 ? SKU.e3 : `0d0f0d0f-0000-4000-8000-00000000010${i}`));
    const many = await graph.store.readSnapshot({ users: [], groups: [], holdersOf: skus, members: false });
    expect(many.users.map((user) => user.id).sort()).toEqual(everyone.map((user) => user.id).sort());
    // 10 SKUs: counting the tenant and each SKU's holders, with the 10 group walks, takes 2 $batches
    // (23 requests). The E3 holders are 3 pages against 7 for a scan: the walks go out together
    // (1 $batch), then the E3 walk's 2 more pages.
    expect(graph.emulator.stats.httpRequests).toBe(2 + 3);
  });

  it('scans once where the holders of the asked SKUs overlap into more pages than the tenant', async () => {
    const doc = largeTenant(6_000);
    const both = (skuId: string) => ({ skuId, assignedByGroup: null, state: 'Active', error: null, disabledPlans: [], lastUpdatedDateTime: '2026-01-01T00:00:00Z' });
    doc.subscribedSkus.push(aSku(SKU.e5, 'SPE_E5', 6_000, 6_000, { EXCHANGE_S_ENTERPRISE: PLAN.exchange }));
    for (const user of doc.users) {
      user.licenseAssignmentStates = [both(SKU.e3), both(SKU.e5)];
      user.assignedLicenses = [{ skuId: SKU.e3, disabledPlans: [] }, { skuId: SKU.e5, disabledPlans: [] }];
    }
    (doc.subscribedSkus[0] as { consumedUnits: number }).consumedUnits = 6_000;
    const graph = await startEmulatedGraph(doc);
    running.push(graph);
    graph.emulator.resetStats();
    const skus = [SKU.e3, SKU.e5, ...Array.from({ length: 8 }, (_, i) => `0d0f0d0f-0000-4000-8000-00000000010${i}`)];
    const snapshot = await graph.store.readSnapshot({ users: [], groups: [], holdersOf: skus, members: false });
    expect(snapshot.users).toHaveLength(6_000);
    // Walks of 7 + 7 pages against a scan of 7: two $batches to count and walk the groups, then the scan.
    expect(graph.emulator.stats.httpRequests).toBe(2 + 7);
  });

  it('reads sign-in activity (report inactive) 500 users to a page, whether it walks the holders or scans', async () => {
    const doc = largeTenant(3_000);
    doc.users.forEach((user, n) => {
      user.signInActivity = n % 2 === 0 ? null : { lastSignInDateTime: '2026-11-30T08:15:00Z', lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: null };
    });
    const graph = await startEmulatedGraph(doc, {}, [...APPLY_ROLES, 'AuditLog.Read.All']);
    running.push(graph);
    const paths: string[] = [];
    const store = openGraphStore({ ...graph.options([...APPLY_ROLES, 'AuditLog.Read.All']), debug: (event) => paths.push(event.path) });
    const expected = new Map(doc.users.map((user) => [user.id, user.signInActivity]));
    // The report's query: the holders of every SKU, the listed users, members, sign-ins. The
    // 1,000 E3 holders are 2 pages of 500 against a scan's 6; listing all 3,000 users (200
    // lookups, 10 $batches) makes the scan of 6 pages cheaper.
    for (const [listed, scan] of [[0, false], [3_000, true]] as const) {
      paths.length = 0;
      graph.emulator.resetStats();
      const users = Array.from({ length: listed }, (_, i) => `user${i}@contoso.com`);
      const snapshot = await store.readSnapshot({ users, groups: [], holdersOf: [SKU.e3], members: true, signInActivity: true });
      expect(snapshot.users).toHaveLength(listed === 0 ? 1_000 : 3_000);
      for (const user of snapshot.users) expect(user.signInActivity).toEqual(expected.get(user.id));
      const userReads = paths.filter((path) => path.startsWith('/users?') && !path.includes('$count'));
      expect(userReads.length).toBeGreaterThan(0);
      expect(userReads.every((path) => path.includes(',signInActivity&') && path.includes('$top=500'))).toBe(true);
      expect(userReads.some((path) => !path.includes('$filter'))).toBe(scan);
      // One $batch counts and walks the groups; then 2 pages of holders, or 6 of everyone.
      expect(graph.emulator.stats.httpRequests).toBe(1 + (scan ? 6 : 2));
    }
  });
});
