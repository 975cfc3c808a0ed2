import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotFeed } from '../../../src/model/snapshot-feed.js';
import type { SnapshotQuery } from '../../../src/model/snapshot.js';
import { openGraphStore } from '../../../src/stores/graph/open-graph-store.js';
import { call, E3, E5, idOf, SALES_ID, smallTenant } from '../../graph-emulator/emulator-test-kit.js';
import { GENERATED_SKUS, generateTenant } from '../../../emulator/generate-tenant.js';
import { aUser } from '../../support/builders.js';
import { startEmulatedGraph, type EmulatedGraph } from './graph-emulator-kit.js';

const QUERY: SnapshotQuery = { users: ['alice@contoso.com', 'bob@contoso.com', 'zoe@contoso.com'], groups: ['Sales'], holdersOf: [], members: true };

let graph: EmulatedGraph;
afterEach(() => graph.stop());

async function round(feed: SnapshotFeed, query = QUERY) {
  await feed.beginRound();
  return feed.readSnapshot(query);
}

function licensesOf(snapshot: { users: { userPrincipalName: string; licenseAssignmentStates: { skuId: string; assignedByGroup: string | null }[] }[] }, upn: string): string[] {
  const user = snapshot.users.find((u) => u.userPrincipalName === upn);
  return (user?.licenseAssignmentStates ?? []).filter((s) => s.assignedByGroup === null).map((s) => s.skuId);
}

async function assign(upn: string, add: string[], remove: string[] = []): Promise<void> {
  const answer = await call(graph.emulator, `/v1.0/users/${upn}/assignLicense`, { body: { addLicenses: add.map((skuId) => ({ skuId, disabledPlans: [] })), removeLicenses: remove } });
  expect(answer.status).toBe(200);
}

describe('the Graph snapshot feed (delta queries)', () => {
  it('reads everything once, then a quiet round is one $batch and changes nothing', async () => {
    graph = await startEmulatedGraph(smallTenant());
    const feed = graph.store.openSnapshotFeed();
    const first = await round(feed);
    expect(first).toMatchObject({ read: 'full', reason: 'first read' });
    expect(first.snapshot.resolved.users.get('zoe@contoso.com')).toEqual([]);
    graph.emulator.resetStats();
    const quiet = await round(feed);
    expect(quiet).toMatchObject({ read: 'incremental', changes: { reported: 0, reread: 0, removed: 0 } });
    expect(graph.emulator.stats.httpRequests).toBe(1);
    expect(graph.emulator.stats.byRoute).toEqual({ 'POST /$batch': 1 });
    expect(graph.emulator.stats.byOperation).toEqual({ 'GET /users/delta': 1, 'GET /groups/delta': 1, 'GET /subscribedSkus': 1 });
    expect(quiet.snapshot.users).toEqual(first.snapshot.users);
    expect(quiet.snapshot.groups).toEqual(first.snapshot.groups);
  });

  it('re-reads only the changed principals the config names, and sees what a portal edit did', async () => {
    graph = await startEmulatedGraph(smallTenant());
    const feed = graph.store.openSnapshotFeed();
    await round(feed);
    await assign('alice@contoso.com', [E5], [E3]);
    await assign('erin@contoso.com', [], []); // erin is not in the config: a change the feed must not read
    graph.emulator.updateUser('erin@contoso.com', { usageLocation: 'DE' });
    const changed = await round(feed);
    expect(changed).toMatchObject({ read: 'incremental', changes: { reported: 2, reread: 1, removed: 0 } });
    expect(licensesOf(changed.snapshot, 'alice@contoso.com')).toEqual([E5]);
    expect(changed.snapshot.users.some((u) => u.userPrincipalName === 'erin@contoso.com')).toBe(false);
    const full = await openGraphStore(graph.options()).readSnapshot(QUERY);
    expect(sortById(changed.snapshot.users)).toEqual(sortById(full.users));
  });

  it('follows users who join a listed group, deletions, and a user created under a listed name', async () => {
    graph = await startEmulatedGraph(smallTenant());
    const feed = graph.store.openSnapshotFeed();
    await round(feed);
    const bob = idOf('bob@contoso.com');
    graph.emulator.mutate((doc) => {
      const sales = doc.groups.find((g) => g.id === SALES_ID);
      sales?.members.push(bob);
      doc.users.push(aUser({ userPrincipalName: 'zoe@contoso.com', displayName: 'Zoe' }));
    });
    graph.emulator.deleteUser('carol@contoso.com');
    const next = await round(feed);
    expect(next.read).toBe('incremental');
    const sales = next.snapshot.groups.find((g) => g.id === SALES_ID);
    expect(sales?.members).toContain(bob);
    expect(sales?.members).not.toContain(idOf('carol@contoso.com'));
    expect(next.snapshot.users.some((u) => u.id === idOf('carol@contoso.com'))).toBe(false);
    expect(next.snapshot.resolved.users.get('zoe@contoso.com')).toEqual([idOf('zoe@contoso.com')]);
    expect(next.changes?.removed).toBe(1);
  });

  it('pages through a round with many changes', async () => {
    graph = await startEmulatedGraph(generateTenant({ users: 600 }));
    const feed = graph.store.openSnapshotFeed();
    const users = Array.from({ length: 450 }, (_, n) => `user${n}@contoso.example`);
    const query: SnapshotQuery = { users, groups: [], holdersOf: [], members: false };
    await round(feed, query);
    graph.emulator.mutate((doc) => {
      for (const user of doc.users.slice(0, 450)) user.usageLocation = 'BE';
    });
    graph.emulator.resetStats();
    const next = await round(feed, query);
    expect(next.changes).toMatchObject({ reported: 450, reread: 450 });
    expect(graph.emulator.stats.byOperation['GET /users/delta']).toBeGreaterThan(1);
    expect(next.snapshot.users.filter((u) => u.usageLocation === 'BE')).toHaveLength(450);
  });

  it('when pruning, reads a new holder of a managed SKU it had not seen', async () => {
    graph = await startEmulatedGraph(generateTenant({ users: 30 }));
    const feed = graph.store.openSnapshotFeed();
    const query: SnapshotQuery = { users: ['user1@contoso.example'], groups: [], holdersOf: [GENERATED_SKUS.e5], members: true };
    const first = await round(feed, query);
    expect(first.snapshot.users.map((u) => u.userPrincipalName)).toEqual(['user1@contoso.example']);
    await assign('user7@contoso.example', [GENERATED_SKUS.e5]);
    const next = await round(feed, query);
    expect(licensesOf(next.snapshot, 'user7@contoso.example')).toContain(GENERATED_SKUS.e5);
  });

  it('reads everything again, saying why, when Graph refuses an expired token', async () => {
    graph = await startEmulatedGraph(smallTenant());
    const feed = graph.store.openSnapshotFeed();
    await round(feed);
    graph.emulator.expireDeltaTokens();
    await assign('alice@contoso.com', [E5]);
    const next = await round(feed);
    expect(next.read).toBe('full');
    expect(next.resync).toBe(true);
    expect(next.reason).toMatch(/Graph refused the users delta token \(410 syncStateNotFound: .*\); reading everything again/);
    expect(licensesOf(next.snapshot, 'alice@contoso.com').sort()).toEqual([E3, E5].sort());
    expect(await round(feed)).toMatchObject({ read: 'incremental' });
  });

  it('reads the whole query again when the query changes', async () => {
    graph = await startEmulatedGraph(smallTenant());
    const feed = graph.store.openSnapshotFeed();
    await round(feed);
    const next = await round(feed, { ...QUERY, users: [...QUERY.users, 'erin@contoso.com'] });
    expect(next).toMatchObject({ read: 'full', reason: 'the config changed' });
    expect(next.resync).toBeUndefined();
    expect(next.snapshot.resolved.users.get('erin@contoso.com')).toEqual([idOf('erin@contoso.com')]);
  });
});

function sortById<T extends { id: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.id.localeCompare(b.id));
}
