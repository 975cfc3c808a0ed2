import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StoreError } from '../../model/store.js';
import { errorText, isErrno } from './read-tenant-file.js';

/**
 * The file a path leads to once every symlink is followed; the path itself when it does not
 * exist (reading it then reports the missing file). Writing through the real path replaces the
 * target and keeps the link; locking it makes every path to one file share one lock.
 */
export async function resolveRealPath(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return path;
    throw new StoreError(`Cannot resolve ${path}: ${errorText(error)}`, {
      code: 'FileUnreadable',
      cause: error,
      local: true,
      hint: 'Check the path: each part before the file name must be a folder, and each symbolic link on it must lead somewhere.',
    });
  }
}

/**
 * Refuses, before anything is planned or written, a tenant file skuform may not replace: one
 * without write permission (a read-only file states an intent; the atomic rename would
 * silently bypass it, even for root), or one whose folder cannot take the temporary file.
 */
export async function checkWritable(path: string, shownAs: string): Promise<void> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw new StoreError(`Cannot read ${shownAs}: ${errorText(error)}`, { code: 'FileUnreadable', cause: error, local: true });
  }
  const readOnly = (mode & 0o222) === 0 || !(await canAccess(path, constants.W_OK));
  if (readOnly) {
    throw new StoreError(`${shownAs} is read-only (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); skuform will not replace it.`, {
      code: 'ReadOnly',
      local: true,
      hint: `Make it writable first (chmod u+w ${shownAs}) if apply may change it, or apply to a copy.`,
    });
  }
  const folder = dirname(path);
  if (!(await canAccess(folder, constants.W_OK | constants.X_OK))) {
    throw new StoreError(`Cannot replace ${shownAs}: its folder ${folder} is not writable, and the new version is written next to it first.`, {
      code: 'ReadOnly',
      local: true,
      hint: 'Give this user write permission on the folder, or apply to a copy elsewhere.',
    });
  }
}

async function canAccess(path: string, mode: number): Promise<boolean> {
  try {
    await access(path, mode);
    return true;
  } catch {
    return false;
  }
}
