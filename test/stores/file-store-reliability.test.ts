import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreLockedError } from '../../src/model/store.js';
import { FileStore } from '../../src/stores/file-store.js';
import { serializeTenantDocument } from '../../src/stores/file/serialize-tenant-document.js';
import { contractTenant } from '../support/contract-tenant.js';
import { spawnTypeScript, waitForExit, waitForLine } from '../support/spawn-ts.js';

const HOLDER = fileURLToPath(new URL('./children/file-store-lock-holder.ts', import.meta.url));

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-file-crash-'));
  path = join(dir, 'tenant.json');
});

afterEach(() => rm(dir, { recursive: true, force: true }));

describe('file store under crashes and concurrency', () => {
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
