import { watch } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TenantDocument } from '../../src/model/tenant.js';
import { FileStore } from '../../src/stores/file-store.js';
import { serializeTenantDocument } from '../../src/stores/file/serialize-tenant-document.js';
import { checkConsistency } from '../../src/stores/semantics/index.js';
import { GROUP, SKU, contractTenant } from '../support/contract-tenant.js';
import { spawnTypeScript, waitForExit, waitForLine } from '../support/spawn-ts.js';

/**
 * Crash safety of the tenant file: a writer killed at random moments never leaves a torn
 * file. Kept apart from the other reliability tests because it spends seconds in child
 * processes, where a mutation run's mutants are never active (see vitest.mutation.config.ts).
 */
const WRITER = fileURLToPath(new URL('./children/file-store-writer.ts', import.meta.url));

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-file-crash-'));
  path = join(dir, 'tenant.json');
});

afterEach(() => rm(dir, { recursive: true, force: true }));

/** The contract tenant plus enough Engineering members that one write takes a noticeable while. */
function largeTenant(extraUsers: number): TenantDocument {
  const doc = contractTenant();
  const engineering = doc.groups.find((group) => group.id === GROUP.engineering);
  for (let i = 0; i < extraUsers; i++) {
    const id = `40000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    doc.users.push({ id, userPrincipalName: `member${i}@contoso.com`, displayName: `Member ${i}`, accountEnabled: true, usageLocation: 'NL', assignedLicenses: [], licenseAssignmentStates: [] });
    engineering?.members.push(id);
  }
  const e3 = doc.subscribedSkus.find((sku) => sku.skuId === SKU.e3);
  if (e3 !== undefined) e3.prepaidUnits.enabled = extraUsers + 100;
  return doc;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function nextChangeIn(directory: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(directory, () => {
      watcher.close();
      resolve();
    });
  });
}

describe('file store under crashes', () => {
  it('always leaves a complete, consistent file when the writer is killed with SIGKILL at random moments', async () => {
    await writeFile(path, serializeTenantDocument(largeTenant(5000)));
    let killedMidWrite = 0;
    for (let kill = 0; kill < 10; kill++) {
      const child = spawnTypeScript(WRITER, [path]);
      await waitForLine(child, /^wrote 1$/);
      // Half the kills land at a random moment; the others the instant the directory changes,
      // i.e. while the next write is under way, where a non-atomic write would be torn.
      if (kill % 2 === 0) await sleep(Math.floor(Math.random() * 200));
      else await nextChangeIn(dir);
      child.kill('SIGKILL');
      await waitForExit(child);
      // A write the kill cut short leaves its temporary file next to the tenant file.
      if ((await readdir(dir)).some((name) => name !== 'tenant.json' && name !== 'tenant.json.lock')) killedMidWrite += 1;
      const doc = JSON.parse(await readFile(path, 'utf8')) as TenantDocument;
      expect(checkConsistency(doc)).toEqual([]);
    }
    // Only a kill in the middle of a write tests atomicity: some must have landed there.
    // (Waiting for "wrote 1" only shows the writer was running, not that it was cut short.)
    expect(killedMidWrite).toBeGreaterThan(0);
    // The next run takes over the dead writer's lock and removes its temporary files.
    const store = new FileStore(path);
    const release = await store.lock();
    expect((await readdir(dir)).sort()).toEqual(['tenant.json', 'tenant.json.lock']);
    await release();
    await store.close();
  }, 180_000);
});
