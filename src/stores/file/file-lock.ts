import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { basename } from 'node:path';
import { StoreError, StoreLockedError } from '../../model/store.js';
import { errorText, isErrno } from './read-tenant-file.js';

/** What the lock file holds: who took it and when; `token` tells one acquisition from another. */
export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
  token: string;
}

export interface FileLockOptions {
  pid?: number;
  hostname?: string;
  now?: () => Date;
  /** Whether a process of this host is running. Default: signal 0. */
  isProcessAlive?: (pid: number) => boolean;
}

/** A held lock. */
export interface FileLock {
  readonly owner: LockOwner;
  /** Throws a StoreError when the lock file is no longer ours (deleted or taken over). */
  assertHeld(): Promise<void>;
  /** Deletes the lock file if it is still ours. */
  release(): Promise<void>;
}

/**
 * Takes the exclusive lock `target.lock` by creating it with O_EXCL. A lock left by a
 * process of this host that no longer runs is taken over; any other holder makes this
 * fail fast with a StoreLockedError naming its pid.
 */
export async function acquireFileLock(target: string, options: FileLockOptions = {}): Promise<FileLock> {
  const lockPath = `${target}.lock`;
  const owner: LockOwner = {
    pid: options.pid ?? process.pid,
    hostname: options.hostname ?? osHostname(),
    startedAt: (options.now?.() ?? new Date()).toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const isAlive = options.isProcessAlive ?? isProcessAlive;
  // Further rounds run after removing a stale lock, after the holder released it meanwhile, or
  // after another process took the stale lock over first (the next round reads who holds it).
  // A lock that keeps changing hands ends the attempt rather than racing on without bound.
  for (let round = 0; round < 3; round++) {
    if (await createExclusive(lockPath, owner)) return heldLock(lockPath, owner);
    const holder = await readOwner(lockPath);
    if (holder === 'gone') continue;
    if (holder === 'unreadable') throw lockedError(target, undefined, owner.hostname);
    const stale = holder.hostname === owner.hostname && !isAlive(holder.pid);
    if (!stale || !(await removeStaleLock(lockPath, holder))) throw lockedError(target, holder, owner.hostname);
  }
  throw contendedError(target);
}

/**
 * Creates the lock file with its content in one step: the owner is written to a private
 * temporary file first and then hard-linked to the lock path, which fails with EEXIST when
 * the lock exists. A crash can never leave an empty lock file that looks held forever.
 */
async function createExclusive(lockPath: string, owner: LockOwner): Promise<boolean> {
  const temporary = `${lockPath}.new-${owner.token}`;
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(`${JSON.stringify(owner)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temporary, lockPath);
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw new StoreError(`Cannot create the lock file ${lockPath}: ${errorText(error)}`, {
      code: 'LockFailed',
      cause: error,
      local: true,
      hint: 'The lock is made next to the tenant file: check that its folder exists and that this user may write there.',
    });
  } finally {
    await rm(temporary, { force: true });
  }
}

async function readOwner(lockPath: string): Promise<LockOwner | 'gone' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    return isErrno(error, 'ENOENT') ? 'gone' : 'unreadable';
  }
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.hostname === 'string' && typeof value.token === 'string') {
      return { pid: value.pid, hostname: value.hostname, startedAt: String(value.startedAt ?? 'unknown'), token: value.token };
    }
  } catch {
    // Damaged by hand (skuform writes it whole, see createExclusive): treat it as held.
  }
  return 'unreadable';
}

/**
 * Moves the stale lock aside under a unique name and checks that what was moved is the
 * lock judged stale. If another process took the lock over in between, its fresh lock
 * is put back. True when the lock is worth another look: removed, gone meanwhile, or now
 * someone else's; false when it cannot be moved at all.
 */
async function removeStaleLock(lockPath: string, stale: LockOwner): Promise<boolean> {
  const aside = `${lockPath}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    return isErrno(error, 'ENOENT');
  }
  const moved = await readOwner(aside);
  if (typeof moved === 'object' && moved.token === stale.token) {
    await rm(aside, { force: true });
    return true;
  }
  // Put it back without overwriting a newer lock; if that fails its owner's assertHeld notices.
  await link(aside, lockPath).catch(() => undefined);
  await rm(aside, { force: true });
  return true;
}

function heldLock(lockPath: string, owner: LockOwner): FileLock {
  const isOurs = async (): Promise<boolean> => {
    const current = await readOwner(lockPath);
    return typeof current === 'object' && current.token === owner.token;
  };
  return {
    owner,
    async assertHeld() {
      if (await isOurs()) return;
      throw new StoreError(`The lock ${basename(lockPath)} was removed or taken over by another process; nothing was written.`, { code: 'LockLost', local: true });
    },
    async release() {
      if (await isOurs()) await rm(lockPath, { force: true });
    },
  };
}

function lockedError(target: string, holder: LockOwner | undefined, ourHost: string): StoreLockedError {
  const name = basename(target);
  const advice = `If no skuform apply is running, delete ${name}.lock.`;
  if (holder === undefined) return new StoreLockedError(`${name} is locked (${name}.lock exists but cannot be read). ${advice}`, 0, advice);
  const host = holder.hostname === ourHost ? '' : ` on host ${holder.hostname}`;
  return new StoreLockedError(`${name} is locked by pid ${holder.pid}${host} (started ${holder.startedAt}). ${advice}`, holder.pid, advice);
}

function contendedError(target: string): StoreLockedError {
  const name = basename(target);
  const advice = `Try again in a moment; if no skuform apply is running, delete ${name}.lock.`;
  return new StoreLockedError(`${name} is locked: ${name}.lock changed hands several times while skuform tried to take it, so another skuform apply is probably starting.`, 0, advice);
}

/** Signal 0 checks existence: ESRCH means gone; EPERM means it runs under another user. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}
