import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorText, isErrno, readTenantFile, sameAsFile, sameVersion, statVersion, type FileVersion } from '../../../src/stores/file/read-tenant-file.js';
import { serializeTenantDocument } from '../../../src/stores/file/serialize-tenant-document.js';
import { contractTenant } from '../../support/contract-tenant.js';
import { openFilesUnder } from '../../support/open-files.js';
import { storeErrorOf } from '../../support/store-error.js';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-read-tenant-'));
  path = join(dir, 'tenant.json');
});

afterEach(() => rm(dir, { recursive: true, force: true }));

describe('statVersion', () => {
  it('says a missing file does not exist, but reports any other failure to look at it', async () => {
    expect(await statVersion(path)).toBeUndefined();
    // A path through a regular file: the system answers "not a directory", not "missing".
    await writeFile(path, '{}');
    const error = await storeErrorOf(statVersion(join(path, 'tenant.json')));
    expect(error.message).toBe(`Cannot read ${join(path, 'tenant.json')}: not a directory`);
    expect(error.code).toBe('FileUnreadable');
  });
});

describe('sameVersion', () => {
  const base: FileVersion = { ino: 7, size: 100, mtimeMs: 1_000 };

  // Any one of inode (a rename), size or time changing means another version of the file.
  it.each([
    ['the same file', base, true],
    ['another inode', { ...base, ino: 8 }, false],
    ['another size', { ...base, size: 101 }, false],
    ['another modification time', { ...base, mtimeMs: 1_001 }, false],
    ['a missing file', undefined, false],
  ])('%s', (_name, other, same) => {
    expect(sameVersion(base, other)).toBe(same);
    expect(sameVersion(other, base)).toBe(same);
  });
});

describe('sameAsFile', () => {
  it('answers from the size alone when it differs, without reading the file', async () => {
    // The file is gone: reading it would fail, so only the size check can answer.
    expect(await sameAsFile(path, 'abc', { ino: 1, size: 5, mtimeMs: 0 })).toBe(false);
  });

  it('is false for a file whose version is unknown, and compares bytes otherwise', async () => {
    await writeFile(path, 'abc');
    expect(await sameAsFile(path, 'abc', undefined)).toBe(false);
    expect(await sameAsFile(path, 'abc', { ino: 1, size: 3, mtimeMs: 0 })).toBe(true);
    expect(await sameAsFile(path, 'abd', { ino: 1, size: 3, mtimeMs: 0 })).toBe(false);
  });
});

describe('isErrno', () => {
  it('is false, never a crash, for values that are not system errors', () => {
    expect(isErrno(null, 'ENOENT')).toBe(false);
    expect(isErrno(undefined, 'ENOENT')).toBe(false);
    expect(isErrno('ENOENT', 'ENOENT')).toBe(false);
    expect(isErrno(Object.assign(new Error('x'), { code: 'ENOENT' }), 'ENOENT')).toBe(true);
  });
});

describe('errorText', () => {
  // People see the system's reason, not Node's "CODE: reason, syscall 'path'" nor a stack.
  it.each([
    ['a Node system error', Object.assign(new Error("EISDIR: illegal operation on a directory, read 'x'"), { code: 'EISDIR' }), 'illegal operation on a directory'],
    ['an error whose message does not start with its code', Object.assign(new Error('disk on fire'), { code: 'EIO' }), 'disk on fire'],
    ['an error with a code and no message', Object.assign(new Error(''), { code: 'EIO' }), 'EIO'],
    ['a plain object with a code', { code: 'EACCES' }, 'EACCES'],
    ['an error without a code', new Error('broken'), 'broken'],
    ['a string', 'gone', 'gone'],
  ])('%s', (_name, error, text) => {
    expect(errorText(error)).toBe(text);
  });
});

describe('readTenantFile', () => {
  it('tells how to get a tenant file when there is none', async () => {
    const error = await storeErrorOf(readTenantFile(path, 'tenant.json'));
    expect(error.message).toBe('Tenant file not found: tenant.json');
    expect(error.code).toBe('FileNotFound');
    expect(error.hint).toBe('Check the --store path, or capture a tenant with `skuform export --store graph --snapshot FILE`.');
  });

  it('names a path that is a directory as unreadable, with the system reason', async () => {
    await mkdir(path);
    const error = await storeErrorOf(readTenantFile(path, 'tenant.json'));
    expect(error.message).toBe('Cannot read tenant.json: illegal operation on a directory');
    expect(error.code).toBe('FileUnreadable');
  });

  it('says where the Graph shapes are described when the file is not a tenant file', async () => {
    await writeFile(path, '{"tenant": 1}');
    const error = await storeErrorOf(readTenantFile(path, 'tenant.json'));
    expect(error.message).toMatch(/^tenant\.json: not a tenant file: \$\.tenant: /);
    expect(error.code).toBe('InvalidTenantFile');
    expect(error.hint).toBe('The tenant file uses Microsoft Graph shapes; see the file store section of the documentation.');
  });

  it('locates a syntax error exactly in a file that starts with a byte-order mark', async () => {
    await writeFile(path, '\ufeff{\n  "tenant": {\n    "displayName" "Contoso"\n  }\n}\n');
    const error = await storeErrorOf(readTenantFile(path, 'tenant.json'));
    expect(error.message).toBe(`tenant.json:3:19: not valid JSON: expected ':' after the property name, found '"'`);
    expect(error.code).toBe('InvalidJson');
  });

  it('reads a file exactly at the whole-read limit whole, one byte over it in pieces only', async () => {
    const text = `${serializeTenantDocument(contractTenant())}\n{}`;
    await writeFile(path, text);
    const size = Buffer.byteLength(text);
    const whole = await storeErrorOf(readTenantFile(path, 'tenant.json', { maxTextBytes: size }));
    const pieces = await storeErrorOf(readTenantFile(path, 'tenant.json', { maxTextBytes: size - 1 }));
    expect(pieces.message).not.toBe(whole.message);
    expect(pieces.message).toMatch(/^tenant\.json:\d+:1: not valid JSON: unexpected text after the object$/);
    expect(pieces.code).toBe('InvalidJson');
  });

  it('leaves no file open, whatever the outcome', async () => {
    await writeFile(path, serializeTenantDocument(contractTenant()));
    await readTenantFile(path, 'tenant.json');
    await writeFile(path, '{"tenant": 1}');
    await storeErrorOf(readTenantFile(path, 'tenant.json'));
    expect(await openFilesUnder(dir)).toEqual([]);
  });
});
