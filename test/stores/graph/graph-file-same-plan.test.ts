import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedId, generateTenant } from '../../../emulator/generate-tenant.js';
import { loadCatalog } from '../../../src/catalog/index.js';
import { queryFor } from '../../../src/cli/make-plan.js';
import { loadConfigSources, resolveDesiredState } from '../../../src/config/index.js';
import type { Plan } from '../../../src/model/plan.js';
import type { Store } from '../../../src/model/store.js';
import type { TenantDocument } from '../../../src/model/tenant.js';
import { computePlan } from '../../../src/plan/index.js';
import { FileStore } from '../../../src/stores/file-store.js';
import { serializeTenantDocument } from '../../../src/stores/file/serialize-tenant-document.js';
import { startEmulatedGraph, type EmulatedGraph } from './graph-emulator-kit.js';

const USERS = 20_000;

/**
 * A config over the generated tenant that touches every path of the planner: users keeping,
 * gaining, changing and losing E3, E5 with plans off, users the tenant does not have, a group
 * gaining a license for its members and one losing Power BI (the tenant's licensed group).
 */
function configFor(listed: (n: number) => boolean, prune: boolean): string {
  const lines = [
    'version: 1',
    'settings:',
    '  managedSkus: [SPE_E3, SPE_E5, POWER_BI_PRO]',
    `  prune: ${prune}`,
    '  maxRemovals: 100000',
    'profiles:',
    '  e3: [{ sku: SPE_E3 }]',
    '  e3-lean: [{ sku: SPE_E3, disabledPlans: [INTUNE_A] }]',
    '  e5: [{ sku: SPE_E5, disabledPlans: [WINDEFATP] }]',
    'users:',
  ];
  for (let n = 0; n < USERS; n++) {
    if (!listed(n)) continue;
    const key = n % 7 === 3 ? generatedId('0000a11c', n) : `User${n}@Contoso.Example`;
    lines.push(`  ${key}: ${['e3', 'e3-lean', 'e5', '[]'][n % 4]}`);
  }
  lines.push('  nobody@contoso.example: e3', 'groups:', '  Team 0: []', '  Team 1: [{ sku: POWER_BI_PRO }]', '  Team 2: e3', '  No such team: e5', '');
  return lines.join('\n');
}

async function planWith(store: Store, config: string): Promise<Plan> {
  const loaded = loadConfigSources([{ file: 'licenses.yaml', text: config }]);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const catalog = loadCatalog();
  const { desired, diagnostics } = resolveDesiredState(loaded.config, (await store.readOverview()).skus, catalog);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const snapshot = await store.readSnapshot(queryFor(desired));
  return computePlan(desired, snapshot, { storeLocation: 'either store', configFiles: ['licenses.yaml'] });
}

describe('a generated 20,000-user tenant planned through Graph and through the tenant file', () => {
  let dir: string;
  let doc: TenantDocument;
  let graph: EmulatedGraph;
  let file: FileStore;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skuform-same-plan-'));
    doc = generateTenant({ users: USERS, groups: 40 });
    await writeFile(join(dir, 'tenant.json'), serializeTenantDocument(doc));
    file = new FileStore(join(dir, 'tenant.json'));
    graph = await startEmulatedGraph(doc);
  }, 60_000);

  afterAll(async () => {
    await graph.stop();
    await file.close();
    await rm(dir, { recursive: true, force: true });
  });

  // GET /users sub-requests: a scan is 21 pages (and the counts); lookups of 2,000 users 134 `in` filters.
  it.each([
    ['every user listed, pruning the rest: Graph scans the tenant', () => true, true, { min: 21, max: 30 }],
    ['one user in ten listed: Graph looks them up', (n: number) => n % 10 === 0, false, { min: 134, max: 140 }],
  ])('gives the same plan when %s', async (_name, listed, prune, userReads) => {
    const config = configFor(listed, prune);
    const fromFile = await planWith(file, config);
    graph.emulator.resetStats();
    const fromGraph = await planWith(graph.store, config);
    expect(fromGraph).toEqual(fromFile);
    expect(fromFile.operations.length).toBeGreaterThan(1_000);
    expect(fromFile.checks.map((check) => check.code)).toEqual(expect.arrayContaining(['principal-not-found']));
    const reads = graph.emulator.stats.byOperation['GET /users'] ?? 0;
    expect(reads).toBeGreaterThanOrEqual(userReads.min);
    expect(reads).toBeLessThanOrEqual(userReads.max);
    expect(graph.emulator.stats.httpRequests).toBeLessThanOrEqual(30);
  }, 120_000);
});
