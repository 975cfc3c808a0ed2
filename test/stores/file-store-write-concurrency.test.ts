import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssignLicenseRequest } from '../../src/model/store.js';
import type { TenantDocument } from '../../src/model/tenant.js';
import { FileStore } from '../../src/stores/file-store.js';
import { serializeTenantDocument } from '../../src/stores/file/serialize-tenant-document.js';
import { generateTenant, GENERATED_SKUS } from '../../emulator/generate-tenant.js';

let dir: string;
let path: string;
const stores: FileStore[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-file-writes-'));
  path = join(dir, 'tenant.json');
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function lockedStore(users: number): Promise<FileStore> {
  const doc = generateTenant({ users });
  for (const user of doc.users) user.usageLocation = 'NL';
  await writeFile(path, serializeTenantDocument(doc));
  const store = new FileStore(path);
  stores.push(store);
  await store.lock();
  return store;
}

/** Batches of `size` E5 assignments, user 0 onwards. */
function e5Batches(store: { maxBatchSize: number }, users: number, size: number, doc = generateTenant({ users })): AssignLicenseRequest[][] {
  const requests = doc.users.map((user) => ({ principal: { kind: 'user' as const, id: user.id }, addLicenses: [{ skuId: GENERATED_SKUS.e5, disabledPlans: [] }], removeLicenses: [] }));
  expect(size).toBeLessThanOrEqual(store.maxBatchSize);
  const batches: AssignLicenseRequest[][] = [];
  for (let start = 0; start < requests.length; start += size) batches.push(requests.slice(start, start + size));
  return batches;
}

/** User ids holding E5 directly in the file on disk right now (read synchronously, bypassing every cache). */
function e5HoldersOnDisk(): Set<string> {
  const doc = JSON.parse(readFileSync(path, 'utf8')) as TenantDocument;
  return new Set(doc.users.filter((user) => user.licenseAssignmentStates.some((state) => state.skuId === GENERATED_SKUS.e5 && state.assignedByGroup === null)).map((user) => user.id));
}

describe('file store writes under concurrency', () => {
  it('lands two batches sent at the same time', async () => {
    const store = await lockedStore(1000);
    const [first = [], second = []] = e5Batches(store, 1000, 500);
    const results = await Promise.all([store.applyBatch(first), store.applyBatch(second)]);

    expect(results.flat().every((result) => result.ok)).toBe(true);
    expect(e5HoldersOnDisk().size).toBe(1000);
    const fresh = new FileStore(path);
    stores.push(fresh);
    const snapshot = await fresh.readSnapshot({ users: [...first, ...second].map((request) => request.principal.id), groups: [], holdersOf: [], members: false });
    expect(snapshot.users.filter((user) => user.licenseAssignmentStates.some((state) => state.skuId === GENERATED_SKUS.e5))).toHaveLength(1000);
  });

  it('reports a batch only once its changes are on disk, and writes the file once per round of batches in flight', async () => {
    const store = await lockedStore(6000);
    const batches = e5Batches(store, 6000, 250);
    const seenOnDisk: boolean[] = [];
    // 24 batches at once, far more than any --concurrency: each checks the file itself the
    // moment its own call returns.
    await Promise.all(
      batches.map((batch, index) =>
        store.applyBatch(batch).then(() => {
          const onDisk = e5HoldersOnDisk();
          seenOnDisk[index] = batch.every((request) => onDisk.has(request.principal.id));
        }),
      ),
    );

    expect(seenOnDisk).toEqual(batches.map(() => true));
    expect(e5HoldersOnDisk().size).toBe(6000);
    // The first batch is written alone; the 23 that changed the state meanwhile share the next write.
    expect(store.fileWrites).toBe(2);
  });

  it('shows every returned write to the next read while other writes are still being flushed', async () => {
    const store = await lockedStore(2000);
    const batches = e5Batches(store, 2000, 200);
    const query = (batch: AssignLicenseRequest[]) => ({ users: batch.map((request) => request.principal.id), groups: [], holdersOf: [], members: false });
    const holdsE5 = await Promise.all(
      batches.map(async (batch) => {
        await store.applyBatch(batch);
        const snapshot = await store.readSnapshot(query(batch));
        return snapshot.users.every((user) => user.licenseAssignmentStates.some((state) => state.skuId === GENERATED_SKUS.e5));
      }),
    );

    expect(holdsE5).toEqual(batches.map(() => true));
    expect(e5HoldersOnDisk().size).toBe(2000);
  });
});
