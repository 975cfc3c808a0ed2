import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONCURRENCY } from '../../src/apply/apply-options.js';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { createMemoryJournal } from '../../src/apply/journal.js';
import { FileStore } from '../../src/stores/file-store.js';
import { serializeTenantDocument } from '../../src/stores/file/serialize-tenant-document.js';
import { generateTenant, GENERATED_SKUS } from '../../emulator/generate-tenant.js';
import { desiredState, planFor } from './plan-helpers.js';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-apply-file-'));
  path = join(dir, 'tenant.json');
});

afterEach(() => rm(dir, { recursive: true, force: true }));

describe('apply through the tenant file at scale', () => {
  it('applies 10,000 operations at the default concurrency, writes the file a handful of times, and a fresh plan has no changes', async () => {
    const doc = generateTenant({ users: 10_000 });
    for (const user of doc.users) user.usageLocation = 'NL';
    await writeFile(path, serializeTenantDocument(doc));
    // Every user gains E5; those who hold E3 (every third) also lose it: swaps and acquisitions, two phases.
    const desired = desiredState({ users: Object.fromEntries(doc.users.map((user) => [user.id, [GENERATED_SKUS.e5]])), managed: [GENERATED_SKUS.e3, GENERATED_SKUS.e5] });
    const store = new FileStore(path);
    const plan = await planFor(store, desired);
    expect(plan.operations).toHaveLength(10_000);
    expect(new Set(plan.operations.map((operation) => operation.phase))).toEqual(new Set(['swap', 'acquire']));

    const result = await applyPlan(plan, store, { journal: createMemoryJournal() });
    await store.close();

    expect(DEFAULT_CONCURRENCY).toBeGreaterThan(1);
    expect(result.counts).toEqual({ applied: 10_000, failed: 0, skipped: 0 });
    expect(store.fileWrites).toBeLessThanOrEqual(6);
    const fresh = new FileStore(path);
    expect((await planFor(fresh, desired)).operations).toEqual([]);
    await fresh.close();
  });
});
