import { watch } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreLockedError } from '../../src/model/store.js';
import type { TenantDocument } from '../../src/model/tenant.js';
import { FileStore } from '../../src/stores/file-store.js';
import { serializeTenantDocument } from '../../src/stores/file/serialize-tenant-document.js';
import { checkConsistency } from '../../src/stores/semantics/index.js';
import { GROUP, SKU, contractTenant } from '../support/contract-tenant.js';
import { spawnTypeScript, waitForExit, waitForLine } from '../support/spawn-ts.js';

const WRITER = fileURLToPath(new URL('./children/file-store-writer.ts', import.meta.url));
const HOLDER = fileURLToPath(new URL('./children/file-store-lock-holder.ts', import.meta.url));

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

describe('file store under crashes and concurrency', () => {
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

  it('makes a second process fail fast while one holds the lock, naming its pid', async () => {
    await writeFile(path, serializeTenantDocument(contractTenant()));
    const child = spawnTypeScript(HOLDER, [path]);
    try {
      await waitForLine(child, /^locked$/);
      const store = new FileStore(path);
      const error = await store.lock().then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreLockedError);
      expect((error as StoreLockedError).pid).toBe(child.pid);
      expect((error as Error).message).toMatch(new RegExp(`^tenant\\.json is locked by pid ${String(child.pid)} \\(started .+\\)\\. If no skuform apply is running, delete tenant\\.json\\.lock\\.$`));
      child.stdin?.end();
      await waitForExit(child);
      expect(child.exitCode).toBe(0);
      const release = await store.lock();
      await release();
      await store.close();
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);

  it('takes over the lock of a holder that was killed', async () => {
    await writeFile(path, serializeTenantDocument(contractTenant()));
    const child = spawnTypeScript(HOLDER, [path]);
    await waitForLine(child, /^locked$/);
    child.kill('SIGKILL');
    await waitForExit(child);
    const stale = JSON.parse(await readFile(`${path}.lock`, 'utf8')) as { pid: number };
    expect(stale.pid).toBe(child.pid);
    const store = new FileStore(path);
    const release = await store.lock();
    expect((JSON.parse(await readFile(`${path}.lock`, 'utf8')) as { pid: number }).pid).toBe(process.pid);
    await release();
    await store.close();
  }, 60_000);
});
