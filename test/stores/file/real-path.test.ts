import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/model/store.js';
import { checkWritable, resolveRealPath } from '../../../src/stores/file/real-path.js';

/** Which file a tenant path really is, and whether skuform may replace it: on real files and links. */
let dir: string;
const undo: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'skuform-real-path-')));
});

afterEach(async () => {
  for (const step of undo.splice(0).reverse()) await step();
  await rm(dir, { recursive: true, force: true });
});

async function caught(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

/**
 * Makes a folder refuse new entries. Root ignores permission bits, so as root the folder is
 * made immutable instead (which root's write access also respects).
 */
async function refuseWrites(folder: string): Promise<void> {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', folder]);
    undo.push(async () => void execFileSync('chattr', ['-i', folder]));
  } else {
    await chmod(folder, 0o555);
    undo.push(() => chmod(folder, 0o755));
  }
}

describe('resolveRealPath', () => {
  it('follows every link to the file they lead to', async () => {
    await mkdir(join(dir, 'real'));
    await writeFile(join(dir, 'real', 'tenant.json'), '{}');
    await symlink(join(dir, 'real', 'tenant.json'), join(dir, 'first.json'));
    await symlink('first.json', join(dir, 'second.json'));
    expect(await resolveRealPath(join(dir, 'second.json'))).toBe(join(dir, 'real', 'tenant.json'));
  });

  it('keeps the path of a file that does not exist, so reading it reports the missing file', async () => {
    expect(await resolveRealPath(join(dir, 'missing.json'))).toBe(join(dir, 'missing.json'));
    await symlink(join(dir, 'missing.json'), join(dir, 'dangling.json'));
    expect(await resolveRealPath(join(dir, 'dangling.json'))).toBe(join(dir, 'dangling.json'));
  });

  it('says which path cannot be followed and what to check', async () => {
    await symlink('loop-b.json', join(dir, 'loop-a.json'));
    await symlink('loop-a.json', join(dir, 'loop-b.json'));
    const error = await caught(resolveRealPath(join(dir, 'loop-a.json')));
    expect(error).toMatchObject({
      code: 'FileUnreadable',
      local: true,
      message: `Cannot resolve ${join(dir, 'loop-a.json')}: too many symbolic links encountered`,
      hint: 'Check the path: each part before the file name must be a folder, and each symbolic link on it must lead somewhere.',
    });
  });
});

describe('checkWritable', () => {
  it('accepts a file that does not exist yet, and a writable file in a writable folder', async () => {
    await expect(checkWritable(join(dir, 'new.json'), 'new.json')).resolves.toBeUndefined();
    await writeFile(join(dir, 'tenant.json'), '{}');
    await expect(checkWritable(join(dir, 'tenant.json'), 'tenant.json')).resolves.toBeUndefined();
  });

  it('says which file cannot be read when a part of its path is not a folder', async () => {
    await writeFile(join(dir, 'plain'), '');
    const error = await caught(checkWritable(join(dir, 'plain', 'tenant.json'), 'plain/tenant.json'));
    expect(error).toMatchObject({ code: 'FileUnreadable', local: true, message: 'Cannot read plain/tenant.json: not a directory' });
  });

  it('refuses a read-only file, saying how to allow it', async () => {
    await writeFile(join(dir, 'tenant.json'), '{}');
    await chmod(join(dir, 'tenant.json'), 0o440);
    const error = await caught(checkWritable(join(dir, 'tenant.json'), 'tenant.json'));
    expect(error).toMatchObject({
      code: 'ReadOnly',
      local: true,
      message: 'tenant.json is read-only (mode 0440); skuform will not replace it.',
      hint: 'Make it writable first (chmod u+w tenant.json) if apply may change it, or apply to a copy.',
    });
  });

  it('refuses a writable file whose folder cannot take the new version, naming the folder', async () => {
    const folder = join(dir, 'kept');
    await mkdir(folder);
    await writeFile(join(folder, 'tenant.json'), '{}');
    await refuseWrites(folder);
    const error = await caught(checkWritable(join(folder, 'tenant.json'), 'kept/tenant.json'));
    expect(error).toMatchObject({
      code: 'ReadOnly',
      local: true,
      message: `Cannot replace kept/tenant.json: its folder ${folder} is not writable, and the new version is written next to it first.`,
      hint: 'Give this user write permission on the folder, or apply to a copy elsewhere.',
    });
  });
});
