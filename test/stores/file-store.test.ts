import { mkdtemp, readFile, readdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError, StoreLockedError, type Store } from '../../src/model/store.js';
import type { TenantDocument } from '../../src/model/tenant.js';
import { FileStore } from '../../src/stores/file-store.js';
import { serializeTenantDocument } from '../../src/stores/file/serialize-tenant-document.js';
import { GROUP, SKU, USER, contractTenant } from '../support/contract-tenant.js';
import { storeErrorOf } from '../support/store-error.js';

let dir: string;
let path: string;
const stores: Store[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-file-store-'));
  path = join(dir, 'tenant.json');
});

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  await rm(dir, { recursive: true, force: true });
});

function open(options: ConstructorParameters<typeof FileStore>[1] = {}): FileStore {
  const store = new FileStore(path, { location: 'file:tenant.json', ...options });
  stores.push(store);
  return store;
}

async function writeTenant(doc: TenantDocument | string): Promise<void> {
  await writeFile(path, typeof doc === 'string' ? doc : serializeTenantDocument(doc));
}

const e5ForFrank = { principal: { kind: 'user' as const, id: USER.frank }, addLicenses: [{ skuId: SKU.e5, disabledPlans: [] }], removeLicenses: [] };

describe('reading the tenant file', () => {
  it('names a missing file', async () => {
    const error = await storeErrorOf(open().readOverview());
    expect(error.message).toBe('Tenant file not found: tenant.json');
    expect(error.code).toBe('FileNotFound');
  });

  it('locates a JSON syntax error by line and column', async () => {
    await writeTenant('{\n  "tenant": {\n    "id": "x",\n    "displayName" "Contoso"\n  }\n}\n');
    const error = await storeErrorOf(open().readOverview());
    expect(error.message).toBe(`tenant.json:4:19: not valid JSON: expected ':' after the property name, found '"'`);
  });

  it.each([
    ['a truncated file', '{"tenant": {"id": "x"', 'tenant.json:1:22: not valid JSON: unexpected end of file'],
    ['an empty file', '', 'tenant.json:1:1: not valid JSON: unexpected end of file'],
    ['binary content', '\u0000\u0001PK', 'tenant.json:1:1: not valid JSON: expected a value, found character U+0000'],
    ['a trailing comma', '[1,2,]', "tenant.json:1:6: not valid JSON: expected a value, found ']'"],
  ])('locates the error in %s', async (_name, text, message) => {
    await writeTenant(text);
    expect((await storeErrorOf(open().readOverview())).message).toBe(message);
  });

  it('names the JSON path of a wrong shape', async () => {
    const doc = contractTenant() as unknown as { users: { licenseAssignmentStates: { skuId: unknown }[] }[]; tenant: Record<string, unknown> };
    const state = doc.users[0]?.licenseAssignmentStates[0];
    if (state !== undefined) state.skuId = 'E3';
    await writeTenant(JSON.stringify(doc));
    expect((await storeErrorOf(open().readOverview())).message).toBe('tenant.json: not a tenant file: $.users[0].licenseAssignmentStates[0].skuId: expected a GUID string, found the string "E3"');

    delete doc.tenant.countryLetterCode;
    await writeTenant(JSON.stringify(doc));
    expect((await storeErrorOf(open().readOverview())).message).toBe('tenant.json: not a tenant file: $.tenant: missing property "countryLetterCode"');
  });

  it('refuses duplicate user ids', async () => {
    const doc = contractTenant();
    doc.users.push({ ...structuredClone(doc.users[1]!), userPrincipalName: 'bob2@contoso.com' });
    await writeTenant(doc);
    expect((await storeErrorOf(open().readOverview())).message).toBe(`tenant.json: duplicate user id '${USER.bob}'`);
  });

  it('accepts a byte-order mark', async () => {
    await writeTenant(`\ufeff${serializeTenantDocument(contractTenant())}`);
    expect((await open().readOverview()).tenant.displayName).toBe('Contoso');
  });

  it('warns about derived fields that disagree and uses the recomputed values', async () => {
    const doc = contractTenant();
    doc.subscribedSkus[0]!.consumedUnits = 9;
    await writeTenant(doc);
    const warnings: string[] = [];
    const store = open({ onWarning: (warning) => warnings.push(warning) });
    expect((await store.readOverview()).skus[0]?.consumedUnits).toBe(3);
    await store.readOverview();
    expect(warnings).toEqual(['tenant.json: SKU SPE_E3: consumedUnits is 9 in the file but 3 users hold it; using 3']);
  });

  it('re-reads the file when it changes on disk', async () => {
    await writeTenant(contractTenant());
    const store = open();
    expect((await store.readOverview()).tenant.displayName).toBe('Contoso');
    const doc = contractTenant();
    doc.tenant.displayName = 'Fabrikam';
    await writeTenant(doc);
    expect((await store.readOverview()).tenant.displayName).toBe('Fabrikam');
  });

  it('reports group processing as complete, with the members in error', async () => {
    await writeTenant(contractTenant());
    const store = open();
    expect(await store.readGroupProcessing([GROUP.sales])).toEqual([{ groupId: GROUP.sales, state: 'ProcessingComplete', membersWithErrors: [] }]);
    expect((await storeErrorOf(store.readGroupProcessing([USER.alice]))).status).toBe(404);
  });
});

describe('tenant files too large to read as one string', () => {
  // The limit of a JavaScript string (about 512 MiB) lowered to 1 KiB: the files below are read
  // in pieces only, and their problems are reported without ever holding them whole.
  const large = { maxTextBytes: 1024 };

  it('reads them in pieces like any other', async () => {
    const doc = contractTenant();
    await writeTenant(doc);
    expect((await stat(path)).size).toBeGreaterThan(large.maxTextBytes);
    const snapshot = await open(large).readSnapshot({ users: doc.users.map((u) => u.id), groups: [], holdersOf: [], members: false });
    expect(snapshot.users.map((u) => u.userPrincipalName)).toEqual(doc.users.map((u) => u.userPrincipalName));
  });

  it('locates a syntax error by line and column', async () => {
    const text = serializeTenantDocument(contractTenant()).replace('"displayName": "bob"', '"displayName": bob');
    await writeTenant(text);
    const line = text.split('\n').findIndex((l) => l.includes('"displayName": bob')) + 1;
    expect((await storeErrorOf(open(large).readOverview())).message).toBe(`tenant.json:${line}:22: not valid JSON: expected a value, found 'b'`);
  });

  it('names the JSON path of a wrong shape', async () => {
    const doc = contractTenant() as unknown as { users: { accountEnabled: unknown }[] };
    (doc.users[2] as { accountEnabled: unknown }).accountEnabled = 'yes';
    await writeTenant(JSON.stringify(doc, null, 2));
    expect((await storeErrorOf(open(large).readOverview())).message).toBe('tenant.json: not a tenant file: $.users[2].accountEnabled: expected true or false, found the string "yes"');
  });

  it('says what it met where the file stops being one plain object', async () => {
    await writeTenant(`${serializeTenantDocument(contractTenant())}\n{}`);
    const lines = serializeTenantDocument(contractTenant()).split('\n').length;
    expect((await storeErrorOf(open(large).readOverview())).message).toBe(`tenant.json:${lines + 1}:1: not valid JSON: unexpected text after the object`);
  });
});

describe('writing the tenant file', () => {
  it('refuses writes without the lock', async () => {
    await writeTenant(contractTenant());
    const error = await storeErrorOf(open().applyBatch([e5ForFrank]));
    expect(error.code).toBe('NotLocked');
  });

  it('writes 2-space JSON in the contract key order with a trailing newline, keeping extra properties', async () => {
    const doc = contractTenant() as TenantDocument & Record<string, unknown>;
    const frank = doc.users[5] as unknown as Record<string, unknown>;
    frank.mail = 'frank@contoso.com';
    frank.onPremises = { sid: 'S-1-5', extra: [1] };
    await writeTenant(JSON.stringify({ '@odata.context': 'x', groups: doc.groups, users: doc.users, subscribedSkus: doc.subscribedSkus, tenant: doc.tenant }));
    const store = open();
    await store.lock();
    expect(await store.applyBatch([e5ForFrank])).toEqual([{ ok: true, status: 200 }]);
    const text = await readFile(path, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "tenant": {\n    "id": ')).toBe(true);
    const written = JSON.parse(text) as Record<string, unknown> & TenantDocument;
    expect(Object.keys(written)).toEqual(['tenant', 'subscribedSkus', 'users', 'groups', '@odata.context']);
    expect(Object.keys(written.users[5] ?? {})).toEqual(['id', 'userPrincipalName', 'displayName', 'accountEnabled', 'usageLocation', 'assignedLicenses', 'licenseAssignmentStates', 'mail', 'onPremises']);
    expect((written.users[5] as unknown as Record<string, unknown>).onPremises).toEqual({ sid: 'S-1-5', extra: [1] });
    expect(Object.keys(written.users[5]?.licenseAssignmentStates[0] ?? {})).toEqual(['skuId', 'assignedByGroup', 'state', 'error', 'disabledPlans', 'lastUpdatedDateTime']);
    expect(Object.keys(written.subscribedSkus[0] ?? {})).toEqual(['skuId', 'skuPartNumber', 'appliesTo', 'capabilityStatus', 'consumedUnits', 'prepaidUnits', 'servicePlans']);
    expect(text).toBe(serializeTenantDocument(written, new Set(['@odata.context', 'mail', 'onPremises', 'sid', 'extra'])));
  });

  it('leaves the file byte-identical, not even rewritten, when every request of a batch fails', async () => {
    const doc = contractTenant();
    doc.subscribedSkus[0]!.consumedUnits = 9; // a rewrite would also fix this
    await writeTenant(doc);
    const before = await readFile(path);
    const { ino, mtimeMs } = await stat(path);
    const store = open();
    await store.lock();
    const results = await store.applyBatch([{ ...e5ForFrank, principal: { kind: 'user', id: USER.bob } }, { ...e5ForFrank, addLicenses: [{ skuId: SKU.unknown, disabledPlans: [] }] }]);
    expect(results.map((result) => result.ok)).toEqual([false, false]);
    expect(await readFile(path)).toEqual(before);
    expect(await stat(path)).toMatchObject({ ino, mtimeMs });
  });

  it('does not rewrite the file when a successful batch changes nothing', async () => {
    await writeTenant(contractTenant());
    const { ino, mtimeMs } = await stat(path);
    const store = open();
    await store.lock();
    const same = { principal: { kind: 'user' as const, id: USER.erin }, addLicenses: [{ skuId: SKU.powerBi, disabledPlans: [] }], removeLicenses: [] };
    expect(await store.applyBatch([same])).toEqual([{ ok: true, status: 200 }]);
    expect(await stat(path)).toMatchObject({ ino, mtimeMs });
  });

  it('does not attempt requests once the signal is aborted', async () => {
    await writeTenant(contractTenant());
    const store = open();
    await store.lock();
    const controller = new AbortController();
    controller.abort();
    expect(await store.applyBatch([e5ForFrank], controller.signal)).toEqual([{ ok: false, status: 0, code: 'Aborted', message: 'Not attempted: the run was interrupted before this request.' }]);
  });
});

describe('the apply lock', () => {
  beforeEach(() => writeTenant(contractTenant()));

  it('is exclusive and names the holder', async () => {
    const release = await open({ now: () => new Date('2026-03-04T05:06:07Z') }).lock();
    const error = await storeErrorOf(open().lock());
    expect(error).toBeInstanceOf(StoreLockedError);
    expect(error.message).toBe(`tenant.json is locked by pid ${process.pid} (started 2026-03-04T05:06:07.000Z). If no skuform apply is running, delete tenant.json.lock.`);
    expect((error as StoreLockedError).pid).toBe(process.pid);
    await release();
    const again = await open().lock();
    await again();
    expect(await readdir(dir)).toEqual(['tenant.json']);
  });

  it('takes over a lock whose process no longer runs on this host', async () => {
    await writeFile(`${path}.lock`, JSON.stringify({ pid: 4_000_000, hostname: hostname(), startedAt: 'earlier', token: 'dead' }));
    const store = open({ lock: { isProcessAlive: (pid) => pid !== 4_000_000 } });
    await store.lock();
    const holder = JSON.parse(await readFile(`${path}.lock`, 'utf8')) as { pid: number };
    expect(holder.pid).toBe(process.pid);
    expect(await store.applyBatch([e5ForFrank])).toEqual([{ ok: true, status: 200 }]);
  });

  it('never takes over a lock of another host', async () => {
    await writeFile(`${path}.lock`, JSON.stringify({ pid: 4_000_000, hostname: 'build-agent-7', startedAt: 'earlier', token: 'remote' }));
    const error = await storeErrorOf(open({ lock: { isProcessAlive: () => false } }).lock());
    expect(error.message).toBe('tenant.json is locked by pid 4000000 on host build-agent-7 (started earlier). If no skuform apply is running, delete tenant.json.lock.');
  });

  it('treats an unreadable lock file as held', async () => {
    await writeFile(`${path}.lock`, '');
    const error = await storeErrorOf(open().lock());
    expect(error.message).toBe('tenant.json is locked (tenant.json.lock exists but cannot be read). If no skuform apply is running, delete tenant.json.lock.');
  });

  it('refuses to write once the lock file was removed from under it', async () => {
    const store = open();
    await store.lock();
    await unlink(`${path}.lock`);
    expect((await storeErrorOf(store.applyBatch([e5ForFrank]))).code).toBe('LockLost');
  });

  it('clears temporary files left by a killed writer when it takes the lock', async () => {
    await writeFile(join(dir, '.tenant.json.12345.abcdef.tmp'), '{"half": ');
    const release = await open().lock();
    expect((await readdir(dir)).sort()).toEqual(['tenant.json', 'tenant.json.lock']);
    await release();
  });
});

describe('hostile tenant files', () => {
  it('keeps deeply nested extra properties without exhausting the stack', async () => {
    const doc = contractTenant() as TenantDocument & Record<string, unknown>;
    const depth = 100_000;
    await writeTenant(`${serializeTenantDocument(doc).trimEnd().slice(0, -1)},\n  "x-deep": ${'['.repeat(depth)}${']'.repeat(depth)}\n}\n`);
    const store = open();
    const outcome = await store.readOverview().then(
      (overview) => overview.tenant.displayName,
      (error: unknown) => (error instanceof StoreError ? error.message : `unexpected ${String(error)}`),
    );
    // V8 may refuse to parse that depth; either way the answer is a value or a StoreError, never a crash.
    expect(['Contoso', 'tenant.json: not valid JSON: Maximum call stack size exceeded']).toContain(outcome);
  });
});
