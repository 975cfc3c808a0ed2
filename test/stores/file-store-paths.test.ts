import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { createMemoryJournal } from '../../src/apply/journal.js';
import { StoreError } from '../../src/model/store.js';
import { FileStore } from '../../src/stores/file-store.js';
import { serializeTenantDocument } from '../../src/stores/file/serialize-tenant-document.js';
import { anOperation, aPlan } from '../apply/plan-builders.js';
import { contractTenant, SKU, USER } from '../support/contract-tenant.js';

/** The file store's path handling on real files: real path for lock and replace, read-only refused, local failures final. */
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-store-paths-'));
  await mkdir(join(dir, 'real'));
  await writeFile(join(dir, 'real', 'tenant.json'), serializeTenantDocument(contractTenant()));
  await symlink(join(dir, 'real', 'tenant.json'), join(dir, 'link.json'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const e5ForFrank = { principal: { kind: 'user' as const, id: USER.frank }, addLicenses: [{ skuId: SKU.e5, disabledPlans: [] }], removeLicenses: [] };

describe('a tenant file reached through a symlink', () => {
  it('is locked and replaced at its real path; the link stays a link', async () => {
    const store = new FileStore(join(dir, 'link.json'));
    const release = await store.lock();
    expect((await readdir(join(dir, 'real'))).sort()).toEqual(['tenant.json', 'tenant.json.lock']);
    expect(await readdir(dir)).not.toContain('link.json.lock');
    const [result] = await store.applyBatch([e5ForFrank]);
    expect(result?.ok).toBe(true);
    await release();
    await store.close();
    expect((await lstat(join(dir, 'link.json'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'real', 'tenant.json'), 'utf8')).toContain(SKU.e5);
  });

  it('shares one lock between the link and the real path', async () => {
    const viaLink = new FileStore(join(dir, 'link.json'));
    const release = await viaLink.lock();
    const direct = new FileStore(join(dir, 'real', 'tenant.json'));
    await expect(direct.lock()).rejects.toThrow(/tenant\.json is locked by pid/);
    await release();
    await viaLink.close();
    await direct.close();
  });
});

describe('local failures', () => {
  it('refuses to lock a read-only tenant file, saying so', async () => {
    await chmod(join(dir, 'real', 'tenant.json'), 0o444);
    const store = new FileStore(join(dir, 'link.json'), { location: 'file:link.json' });
    const error = await store.lock().then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'ReadOnly', local: true, message: 'link.json is read-only (mode 0444); skuform will not replace it.' });
    await store.close();
  });

  it('fails every operation at once, without retrying, when the tenant file turns corrupt during an apply', async () => {
    const store = new FileStore(join(dir, 'real', 'tenant.json'));
    const release = await store.lock();
    await writeFile(join(dir, 'real', 'tenant.json'), '{"tenant": ');
    const plan = aPlan([anOperation({ id: USER.frank, add: ['E5'] }), anOperation({ id: USER.erin, add: ['E5'] })]);
    const journal = createMemoryJournal();
    const result = await applyPlan(plan, store, { journal, takeLock: false, sleep: () => Promise.reject(new Error('a local failure must not be retried')) });
    expect(result.counts).toEqual({ applied: 0, failed: 2, skipped: 0 });
    for (const outcome of result.outcomes) expect(outcome).toMatchObject({ attempts: 1, error: { code: 'InvalidJson' } });
    await release();
    await store.close();
  });
});
