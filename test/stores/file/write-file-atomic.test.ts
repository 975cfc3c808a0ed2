import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeLeftoverTempFiles, writeFileAtomic } from '../../../src/stores/file/write-file-atomic.js';
import { openFilesUnder } from '../../support/open-files.js';

/** Replacing the tenant file on real files: whole or not at all, same permissions, nothing left open or behind. */
let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-atomic-'));
  path = join(dir, 'tenant.json');
});

afterEach(() => rm(dir, { recursive: true, force: true }));

const modeOf = async (file: string): Promise<number> => (await stat(file)).mode & 0o777;

describe('writeFileAtomic', () => {
  it('replaces the content, keeps the permission bits, and leaves no temporary file or descriptor', async () => {
    await writeFile(path, 'old');
    await chmod(path, 0o600);
    await writeFileAtomic(path, 'new ✓');
    expect(await readFile(path, 'utf8')).toBe('new ✓');
    expect(await modeOf(path)).toBe(0o600);
    expect(await readdir(dir)).toEqual(['tenant.json']);
    expect(await openFilesUnder(dir)).toEqual([]);
  });

  it('creates a missing file readable by all and writable by its owner only, whatever the umask allows', async () => {
    const child = fileURLToPath(new URL('./children/write-with-umask.ts', import.meta.url));
    const register = fileURLToPath(new URL('../../support/register-ts-loader.mjs', import.meta.url));
    await promisify(execFile)(process.execPath, ['--import', register, child, '000', path, '{}\n']);
    expect(await readFile(path, 'utf8')).toBe('{}\n');
    expect(await modeOf(path)).toBe(0o644);
  });

  it('fails with the reason when it cannot put the file in place, and removes its temporary file', async () => {
    // A folder where the file should be: the rename over it fails after the text was written.
    await mkdir(path);
    const error = await writeFileAtomic(path, 'new').then(() => undefined, (caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EISDIR', syscall: 'rename' });
    expect(await readdir(dir)).toEqual(['tenant.json']);
    expect(await readdir(path)).toEqual([]);
    expect(await openFilesUnder(dir)).toEqual([]);
  });
});

describe('removeLeftoverTempFiles', () => {
  it("removes this file's temporary files and nothing else", async () => {
    const kept = ['tenant.json', 'notes.tmp', '.other.json.123.abc.tmp', '.tenant.json.bak', 'x.tenant.json.1.tmp'];
    const leftovers = ['.tenant.json.12345.abcdef.tmp', '.tenant.json.9.0.tmp'];
    for (const name of [...kept, ...leftovers]) await writeFile(join(dir, name), 'x');
    await removeLeftoverTempFiles(path);
    expect((await readdir(dir)).sort()).toEqual([...kept].sort());
  });

  it('does nothing for a folder that does not exist', async () => {
    await expect(removeLeftoverTempFiles(join(dir, 'missing', 'tenant.json'))).resolves.toBeUndefined();
  });
});
