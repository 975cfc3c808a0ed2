import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot, SnapshotQuery } from '../../../src/model/snapshot.js';
import type { TenantDocument } from '../../../src/model/tenant.js';
import { FileStore } from '../../../src/stores/file-store.js';
import type { GraphDebugEvent } from '../../../src/stores/graph/graph-client.js';
import { openGraphStore } from '../../../src/stores/graph/open-graph-store.js';
import { GROUP, SKU, TENANT_ID, USER, contractTenant } from '../../support/contract-tenant.js';
import { PLAN_ROLES, startEmulatedGraph, type EmulatedGraph } from './graph-emulator-kit.js';

const running: EmulatedGraph[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const graph of running.splice(0)) await graph.stop();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function emulated(doc: TenantDocument = contractTenant(), ...rest: Parameters<typeof startEmulatedGraph> extends [unknown, ...infer R] ? R : never): Promise<EmulatedGraph> {
  const graph = await startEmulatedGraph(doc, ...rest);
  running.push(graph);
  return graph;
}

async function fileStoreFor(doc: TenantDocument): Promise<FileStore> {
  const dir = await mkdtemp(join(tmpdir(), 'skuform-graph-'));
  dirs.push(dir);
  const path = join(dir, 'tenant.json');
  await writeFile(path, JSON.stringify(doc));
  return new FileStore(path);
}

/** A snapshot with every list in a canonical order, so two stores' answers compare as data. */
function sorted(snapshot: Snapshot): Snapshot {
  const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);
  return {
    ...snapshot,
    users: [...snapshot.users].sort(byId).map((user) => ({
      ...user,
      licenseAssignmentStates: [...user.licenseAssignmentStates].sort((a, b) => `${a.skuId}${a.assignedByGroup}`.localeCompare(`${b.skuId}${b.assignedByGroup}`)),
    })),
    groups: [...snapshot.groups].sort(byId).map((group) => ({ ...group, members: [...group.members].sort() })),
    holdersOf: [...snapshot.holdersOf].sort(),
  };
}

const QUERIES: [string, SnapshotQuery][] = [
  ['users by UPN and id, one unknown', { users: ['ALICE@contoso.com', USER.dave, 'nobody@contoso.com', "o'brien@contoso.com"], groups: [], holdersOf: [], members: false }],
  ['groups by name (one ambiguous) and id, with members', { users: [], groups: ['sales', 'Marketing', GROUP.analysts, 'Nobody'], holdersOf: [], members: true }],
  ['holders of E3 and Power BI', { users: [], groups: [], holdersOf: [SKU.e3, SKU.powerBi.toUpperCase()], members: false }],
  ['everything at once', { users: ['bob@contoso.com', 'carol@contoso.com'], groups: ['Engineering', GROUP.sales], holdersOf: [SKU.e3], members: true }],
  ['nothing', { users: [], groups: [], holdersOf: [], members: false }],
];

describe('GraphStore reads against the emulator', () => {
  it.each(QUERIES)('gives the same snapshot as the file store: %s', async (_label, query) => {
    const doc = contractTenant();
    const graph = await emulated(doc);
    const file = await fileStoreFor(doc);
    const fromGraph = sorted(await graph.store.readSnapshot(query));
    expect(fromGraph).toEqual(sorted(await file.readSnapshot(query)));
    const asked = query.users.length + query.groups.length + query.holdersOf.length;
    expect(fromGraph.users.length + fromGraph.groups.length > 0).toBe(asked > 0);
  });

  it('reads the tenant overview like the file store', async () => {
    const doc = contractTenant();
    const graph = await emulated(doc);
    expect(await graph.store.readOverview()).toEqual(await (await fileStoreFor(doc)).readOverview());
  });

  it('works with least-privilege plan permissions: the tenant id then comes from the token', async () => {
    const graph = await emulated(contractTenant(), {}, PLAN_ROLES);
    const snapshot = await graph.store.readSnapshot({ users: ['alice@contoso.com'], groups: ['Sales'], holdersOf: [], members: true });
    expect(snapshot.tenant).toEqual({ id: TENANT_ID, displayName: '', defaultDomain: '', countryLetterCode: null });
    expect(snapshot.resolved).toEqual({ users: new Map([['alice@contoso.com', [USER.alice]]]), groups: new Map([['Sales', [GROUP.sales]]]) });
    expect(snapshot.skus).toHaveLength(4);
  });

  it('fails with Graph\'s 403 when a plan permission is missing', async () => {
    const graph = await emulated(contractTenant(), {}, ['GroupMember.Read.All', 'LicenseAssignment.Read.All']);
    await expect(graph.store.readSnapshot({ users: ['alice@contoso.com'], groups: [], holdersOf: [], members: false })).rejects.toMatchObject({
      name: 'StoreError',
      status: 403,
      code: 'Authorization_RequestDenied',
    });
  });

  it('exports the whole tenant as a tenant document', async () => {
    const doc = contractTenant();
    const graph = await emulated(doc);
    const exported = await graph.store.readTenantDocument();
    expect(exported.tenant).toEqual(doc.tenant);
    expect(exported.subscribedSkus).toEqual(doc.subscribedSkus);
    // Everyone, licensed or not (a config may name someone who holds nothing yet), and every
    // group with the members of those that can carry licenses.
    expect(exported.users.map((user) => user.id).sort()).toEqual(doc.users.map((user) => user.id).sort());
    const membersOf = (groups: typeof doc.groups) =>
      groups.map((group) => [group.id, group.securityEnabled || group.assignedLicenses.length > 0 ? [...group.members].sort() : []]).sort();
    expect(membersOf(exported.groups)).toEqual(membersOf(doc.groups));
    const file = await fileStoreFor(exported);
    const query: SnapshotQuery = { users: [USER.alice, USER.dave], groups: ['Sales'], holdersOf: [SKU.e3], members: true };
    expect(sorted(await file.readSnapshot(query))).toEqual(sorted(await graph.store.readSnapshot(query)));
  });
});

describe('GraphStore reads under injected faults', () => {
  it('retries throttling, unavailability and dropped connections to the same snapshot, logging no token', async () => {
    const doc = contractTenant();
    const graph = await emulated(doc, { faults: { rate: 0.3, statuses: [429, 503, 504], dropConnections: true, scope: 'reads', seed: 7, retryAfterSeconds: 0.01 } });
    const events: GraphDebugEvent[] = [];
    const options = graph.options();
    const store = openGraphStore({ ...options, debug: (event) => events.push(event) });
    const query = QUERIES[3]?.[1] as SnapshotQuery;
    const snapshot = await store.readSnapshot(query);
    expect(sorted(snapshot)).toEqual(sorted(await (await fileStoreFor(doc)).readSnapshot(query)));
    const faults = Object.values(graph.emulator.stats.faults).reduce((sum, n) => sum + n, 0);
    expect(faults).toBeGreaterThan(0);
    expect(events.filter((event) => event.attempt > 0).length).toBeGreaterThan(0);
    const token = options.env.SKUFORM_GRAPH_TOKEN ?? 'missing';
    expect(JSON.stringify(events)).not.toContain(token);
  });
});
