import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AssignLicenseRequest } from '../../src/model/store.js';
import type { TenantDocument } from '../../src/model/tenant.js';
import { FileStore, type FileStoreOptions } from '../../src/stores/file-store.js';
import { serializeTenantDocument } from '../../src/stores/file/serialize-tenant-document.js';
import { SKU, USER, contractTenant } from '../support/contract-tenant.js';
import { storeErrorOf } from '../support/store-error.js';

// The messages, hints, codes and `local` flags people and the retry policy see from the file
// store, checked in-process on real files.

let dir: string;
let path: string;
const stores: FileStore[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-file-store-errors-'));
  path = join(dir, 'tenant.json');
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await rm(dir, { recursive: true, force: true });
});

function open(options: FileStoreOptions = { location: 'file:tenant.json' }, at = path): FileStore {
  const store = new FileStore(at, options);
  stores.push(store);
  return store;
}

const e5ForFrank: AssignLicenseRequest = { principal: { kind: 'user', id: USER.frank }, addLicenses: [{ skuId: SKU.e5, disabledPlans: [] }], removeLicenses: [] };
const failing: AssignLicenseRequest = { ...e5ForFrank, addLicenses: [{ skuId: SKU.unknown, disabledPlans: [] }] };

async function frankSkus(at = path): Promise<string[]> {
  const doc = JSON.parse(await readFile(at, 'utf8')) as TenantDocument;
  return doc.users.find((user) => user.id === USER.frank)?.assignedLicenses.map((license) => license.skuId) ?? [];
}

describe('how the file store presents itself', () => {
  it('is shown as file:<path> by default and is never paced (no remote quota)', () => {
    const store = open({}, 'data/tenant.json');
    expect(store.location).toBe('file:data/tenant.json');
    expect(store.pacedWrites).toBe(false);
  });

  it('drops only a leading file: scheme from the name in messages', async () => {
    const error = await storeErrorOf(open({ location: 'profile:tenant.json' }).readOverview());
    expect(error.message).toBe('Tenant file not found: profile:tenant.json');
  });
});

describe('errors for people', () => {
  it('names a missing group and the file, as Graph would (404)', async () => {
    await writeFile(path, serializeTenantDocument(contractTenant()));
    const error = await storeErrorOf(open().readGroupProcessing([USER.alice]));
    expect(error.message).toBe(`Group ${USER.alice} does not exist in tenant.json.`);
    expect(error.code).toBe('Request_ResourceNotFound');
  });

  it('refuses writes without the lock and says what to do', async () => {
    await writeFile(path, serializeTenantDocument(contractTenant()));
    const error = await storeErrorOf(open().applyBatch([e5ForFrank]));
    expect(error.message).toBe('Refusing to write tenant.json without the apply lock.');
    expect(error.hint).toBe('Call lock() before applyBatch().');
  });

  it('lists every inconsistency of a tenant file as a local (never retried) error', async () => {
    const doc = contractTenant();
    doc.users.push({ ...structuredClone(doc.users[1]!), userPrincipalName: 'bob2@contoso.com' });
    doc.users.push({ ...structuredClone(doc.users[2]!), userPrincipalName: 'carol2@contoso.com' });
    await writeFile(path, serializeTenantDocument(doc));
    const error = await storeErrorOf(open().readOverview());
    expect(error.message).toBe(`tenant.json: duplicate user id '${USER.bob}'; duplicate user id '${doc.users[2]!.id}'`);
    expect(error.code).toBe('InvalidTenantFile');
    expect(error.local).toBe(true);
  });

  it('reports a failed write as local, and forgets the unwritten change', async () => {
    // Writes go to the file the link led to when the lock was taken; that file is now a
    // directory, so the atomic replace fails, while reads through the link still succeed.
    const real = join(dir, 'real.json');
    await writeFile(real, serializeTenantDocument(contractTenant()));
    await symlink(real, path);
    const store = open();
    await store.lock();
    await copyFile(real, join(dir, 'copy.json'));
    await rm(real);
    await mkdir(real);
    await rm(path);
    await symlink(join(dir, 'copy.json'), path);
    const error = await storeErrorOf(store.applyBatch([e5ForFrank]));
    expect(error.message).toBe('Cannot write tenant.json: illegal operation on a directory');
    expect(error.code).toBe('WriteFailed');
    expect(error.local).toBe(true);
    const snapshot = await store.readSnapshot({ users: [USER.frank], groups: [], holdersOf: [], members: false });
    expect(snapshot.users[0]?.assignedLicenses.map((license) => license.skuId)).not.toContain(SKU.e5);
  });
});

describe('writing', () => {
  it('writes a batch where only some requests succeed', async () => {
    await writeFile(path, serializeTenantDocument(contractTenant()));
    const store = open();
    await store.lock();
    expect((await store.applyBatch([failing, e5ForFrank])).map((result) => result.ok)).toEqual([false, true]);
    expect(await frankSkus()).toContain(SKU.e5);
  });

  it('does not rewrite a file it wrote itself when the next batch changes nothing', async () => {
    await writeFile(path, serializeTenantDocument(contractTenant()));
    const store = open();
    await store.lock();
    await store.applyBatch([e5ForFrank]);
    expect(store.fileWrites).toBe(1);
    expect(await store.applyBatch([e5ForFrank])).toEqual([{ ok: true, status: 200 }]);
    expect(store.fileWrites).toBe(1);
  });

  it('stamps new assignment states with the injected clock', async () => {
    await writeFile(path, serializeTenantDocument(contractTenant()));
    const store = open({ location: 'file:tenant.json', now: () => new Date('2026-03-04T05:06:07Z') });
    await store.lock();
    await store.applyBatch([e5ForFrank]);
    const doc = JSON.parse(await readFile(path, 'utf8')) as TenantDocument;
    const states = doc.users.find((user) => user.id === USER.frank)?.licenseAssignmentStates ?? [];
    expect(states.find((state) => state.skuId === SKU.e5)?.lastUpdatedDateTime).toBe('2026-03-04T05:06:07Z');
  });
});

describe('releasing the lock', () => {
  beforeEach(() => writeFile(path, serializeTenantDocument(contractTenant())));

  it('refuses writes once released, and a second release of an old lock leaves the new one', async () => {
    const store = open();
    const first = await store.lock();
    await first();
    expect((await storeErrorOf(store.applyBatch([e5ForFrank]))).code).toBe('NotLocked');
    await store.lock();
    await first();
    expect(await store.applyBatch([e5ForFrank])).toEqual([{ ok: true, status: 200 }]);
  });

  it('close() releases the lock for the next apply', async () => {
    const store = open();
    await store.lock();
    await store.close();
    expect((await storeErrorOf(store.applyBatch([e5ForFrank]))).code).toBe('NotLocked');
    const release = await open().lock();
    await release();
  });
});
