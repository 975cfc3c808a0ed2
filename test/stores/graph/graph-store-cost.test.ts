import { afterEach, describe, expect, it } from 'vitest';
import type { TenantDocument, TenantUser } from '../../../src/model/tenant.js';
import { aSku, PLAN, SKU } from '../../support/contract-tenant.js';
import { startEmulatedGraph, type EmulatedGraph } from './graph-emulator-kit.js';

const running: EmulatedGraph[] = [];
afterEach(async () => {
  for (const graph of running.splice(0)) await graph.stop();
});

const userId = (n: number) => `40000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const groupId = (n: number) => `50000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A tenant of `count` users, every third one holding E3 directly, and 100 groups of 20 members. */
function largeTenant(count: number): TenantDocument {
  const users: TenantUser[] = [];
  for (let n = 0; n < count; n++) {
    const licensed = n % 3 === 0;
    users.push({
      id: userId(n),
      userPrincipalName: `user${n}@contoso.com`,
      displayName: `User ${n}`,
      accountEnabled: true,
      usageLocation: 'NL',
      assignedLicenses: licensed ? [{ skuId: SKU.e3, disabledPlans: [] }] : [],
      licenseAssignmentStates: licensed
        ? [{ skuId: SKU.e3, assignedByGroup: null, state: 'Active', error: null, disabledPlans: [], lastUpdatedDateTime: '2026-01-01T00:00:00Z' }]
        : [],
    });
  }
  const groups = Array.from({ length: 100 }, (_, g) => ({
    id: groupId(g),
    displayName: `Team ${g}`,
    securityEnabled: true,
    assignedLicenses: [],
    members: Array.from({ length: 20 }, (_, m) => userId(g * 20 + m)),
  }));
  return {
    tenant: { id: '30000000-0000-4000-8000-000000000001', displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com', countryLetterCode: 'NL' },
    subscribedSkus: [aSku(SKU.e3, 'SPE_E3', count, Math.ceil(count / 3), { EXCHANGE_S_ENTERPRISE: PLAN.exchange })],
    users,
    groups,
  };
}

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
    // Batch 1: organization, SKUs, first user page, group holders. Then 1 more user page (999 + 1).
    expect(graph.emulator.stats.httpRequests).toBe(2);
  });
});
