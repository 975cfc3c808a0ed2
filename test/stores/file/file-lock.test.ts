import { execFile, execFileSync } from 'node:child_process';
import { constants, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError, StoreLockedError } from '../../../src/model/store.js';
import { acquireFileLock, isProcessAlive, type LockOwner } from '../../../src/stores/file/file-lock.js';
import { isErrno } from '../../../src/stores/file/read-tenant-file.js';
import { openFilesUnder } from '../../support/open-files.js';
import { storeErrorOf } from '../../support/store-error.js';

/** The exclusive apply lock on real files: who holds it, stale takeover, races with other processes. */
let dir: string;
let target: string;
let lockPath: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-file-lock-'));
  target = join(dir, 'tenant.json');
  lockPath = `${target}.lock`;
});

afterEach(() => rm(dir, { recursive: true, force: true }));

const HOST = 'build-agent-1';
/** A pid the tests declare dead through the injected liveness check. */
const DEAD = 4_000_001;
const anOwner = (fields: Partial<LockOwner> = {}): LockOwner => ({ pid: DEAD, hostname: HOST, startedAt: '2026-12-01T08:00:00.000Z', token: 'stale', ...fields });
const lockText = (owner: LockOwner): string => `${JSON.stringify(owner)}\n`;
const readLock = async (): Promise<LockOwner> => JSON.parse(await readFile(lockPath, 'utf8')) as LockOwner;

describe('taking a free lock', () => {
  it('writes who holds it in one step and leaves nothing else behind', async () => {
    const lock = await acquireFileLock(target, { pid: 4242, hostname: HOST, now: () => new Date('2026-12-05T09:00:00Z') });
    expect(lock.owner).toMatchObject({ pid: 4242, hostname: HOST, startedAt: '2026-12-05T09:00:00.000Z' });
    expect(lock.owner.token).toMatch(/^[0-9a-f]{16}$/);
    expect(await readFile(lockPath, 'utf8')).toBe(lockText(lock.owner));
    // The owner is written to a private file that is then linked into place: the private
    // name is gone, and no descriptor stays open on either.
    expect(await readdir(dir)).toEqual(['tenant.json.lock']);
    expect(await openFilesUnder(dir)).toEqual([]);
    await lock.assertHeld();
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives every acquisition its own token, so a lock taken again is not the old one', async () => {
    const first = await acquireFileLock(target, { hostname: HOST });
    await first.release();
    const second = await acquireFileLock(target, { hostname: HOST });
    expect(second.owner.token).not.toBe(first.owner.token);
    await expect(first.assertHeld()).rejects.toThrow(StoreError);
    await second.release();
  });

  it('says where it could not create the lock and what to check', async () => {
    const missing = join(dir, 'no-such-folder', 'tenant.json');
    const error = await storeErrorOf(acquireFileLock(missing, { hostname: HOST }));
    expect(error).toMatchObject({
      code: 'LockFailed',
      local: true,
      message: `Cannot create the lock file ${missing}.lock: no such file or directory`,
      hint: 'The lock is made next to the tenant file: check that its folder exists and that this user may write there.',
    });
    expect(error).not.toBeInstanceOf(StoreLockedError);
  });
});

describe('a lock held by someone else', () => {
  it('is never taken from a process that runs, and names it', async () => {
    await writeFile(lockPath, lockText(anOwner({ pid: 777 })));
    const error = await storeErrorOf(acquireFileLock(target, { hostname: HOST, isProcessAlive: () => true }));
    expect(error).toBeInstanceOf(StoreLockedError);
    expect(error.message).toBe('tenant.json is locked by pid 777 (started 2026-12-01T08:00:00.000Z). If no skuform apply is running, delete tenant.json.lock.');
    expect(error.hint).toBe('If no skuform apply is running, delete tenant.json.lock.');
    expect((error as StoreLockedError).pid).toBe(777);
    expect(await readLock()).toEqual(anOwner({ pid: 777 }));
  });

  it('says "unknown" for a start time the lock file does not hold', async () => {
    const { startedAt: _omitted, ...withoutStart } = anOwner({ hostname: 'build-agent-7' });
    await writeFile(lockPath, JSON.stringify(withoutStart));
    const error = await storeErrorOf(acquireFileLock(target, { hostname: HOST, isProcessAlive: () => false }));
    expect(error.message).toBe(`tenant.json is locked by pid ${DEAD} on host build-agent-7 (started unknown). If no skuform apply is running, delete tenant.json.lock.`);
  });

  it('takes over the lock of a process of this host that no longer runs', async () => {
    await writeFile(lockPath, lockText(anOwner()));
    const lock = await acquireFileLock(target, { hostname: HOST, isProcessAlive: (pid) => pid !== DEAD });
    expect(await readLock()).toEqual(lock.owner);
    expect(await readdir(dir)).toEqual(['tenant.json.lock']);
    await lock.release();
  });

  it('takes the lock when the stale one was removed by someone else meanwhile', async () => {
    await writeFile(lockPath, lockText(anOwner()));
    const lock = await acquireFileLock(target, {
      hostname: HOST,
      // Judged stale; before it is moved aside, another skuform clears it.
      isProcessAlive: (pid) => {
        unlinkSync(lockPath);
        return pid !== DEAD;
      },
    });
    expect(await readLock()).toEqual(lock.owner);
    await lock.release();
  });

  it('leaves the lock to the process that took the stale one over first, and names that process', async () => {
    await writeFile(lockPath, lockText(anOwner()));
    const fresh = anOwner({ pid: 778, token: 'fresh' });
    const error = await storeErrorOf(
      acquireFileLock(target, {
        hostname: HOST,
        // Judged stale; before it is moved aside, another skuform replaces it with its own.
        isProcessAlive: (pid) => {
          if (pid === DEAD) {
            writeFileSync(`${lockPath}.other`, lockText(fresh));
            renameSync(`${lockPath}.other`, lockPath);
          }
          return pid !== DEAD;
        },
      }),
    );
    expect(error.message).toBe('tenant.json is locked by pid 778 (started 2026-12-01T08:00:00.000Z). If no skuform apply is running, delete tenant.json.lock.');
    expect(await readLock()).toEqual(fresh);
    expect(await readdir(dir)).toEqual(['tenant.json.lock']);
  });
});

describe('a lock that keeps changing hands', () => {
  it.each([
    { times: 2, outcome: 'taken' },
    { times: 3, outcome: 'given up' },
  ])('is $outcome after it turned stale under the taker $times times in a row', async ({ times }) => {
    const result = await acquireWhileLockChangesHands(times);
    if (times < 3) {
      expect(result).toMatchObject({ owner: { hostname: HOST } });
      return;
    }
    expect(result).toBeInstanceOf(StoreLockedError);
    expect(result).toMatchObject({
      message: 'tenant.json is locked: tenant.json.lock changed hands several times while skuform tried to take it, so another skuform apply is probably starting.',
      hint: 'Try again in a moment; if no skuform apply is running, delete tenant.json.lock.',
    });
  });
});

describe('a held lock', () => {
  it('notices when another process took it over, and then leaves that lock alone', async () => {
    const lock = await acquireFileLock(target, { hostname: HOST });
    const other = anOwner({ pid: 779, token: 'other' });
    await writeFile(lockPath, lockText(other));
    const error = await storeErrorOf(lock.assertHeld());
    expect(error).toMatchObject({ code: 'LockLost', local: true, message: 'The lock tenant.json.lock was removed or taken over by another process; nothing was written.' });
    await lock.release();
    expect(await readLock()).toEqual(other);
  });

  it('notices when its lock file was deleted', async () => {
    const lock = await acquireFileLock(target, { hostname: HOST });
    await rm(lockPath);
    expect((await storeErrorOf(lock.assertHeld())).code).toBe('LockLost');
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('isProcessAlive', () => {
  it('sees this process as running and a pid no system hands out as gone', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    // Linux never hands out pids above 2^22.
    expect(isProcessAlive(2 ** 22 + 1)).toBe(false);
  });

  it('counts a process of another user as running, though it may not be signalled', async () => {
    // pid 1 belongs to root. Root itself may signal any process, so under root the question
    // is asked by a child that turns itself into nobody, about this process.
    if (process.getuid?.() !== 0) {
      expect(isProcessAlive(1)).toBe(true);
      return;
    }
    const child = fileURLToPath(new URL('./children/is-process-alive.ts', import.meta.url));
    const register = fileURLToPath(new URL('../../support/register-ts-loader.mjs', import.meta.url));
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--import', register, child, String(process.pid)], (error, out) => (error ? reject(error) : resolve(out)));
    });
    expect(stdout).toBe('true\n');
  });
});

/**
 * Races a taker against processes that each take the freed lock and die at once: the lock
 * file is a FIFO, so every read of it waits for the test, which answers with a stale owner
 * and, while the taker checks what it moved aside, puts the next stale lock in place. Returns
 * the lock taken or the error.
 */
async function acquireWhileLockChangesHands(times: number): Promise<unknown> {
  let settled = false;
  const stop = (): boolean => settled;
  execFileSync('mkfifo', [lockPath]);
  const attempt = acquireFileLock(target, { hostname: HOST, isProcessAlive: (pid) => pid !== DEAD }).finally(() => (settled = true));
  try {
    for (let round = 0; round < times; round++) {
      const text = lockText(anOwner({ token: `stale-${round}` }));
      if (!(await feed(lockPath, text, stop))) break;
      const aside = await poll(async () => (await readdir(dir)).find((name) => name.includes('.stale-')), stop);
      if (aside === undefined) break;
      if (round < times - 1) execFileSync('mkfifo', [lockPath]);
      if (!(await feed(join(dir, aside), text, stop))) break;
    }
    return await attempt.then((lock) => lock, (error: unknown) => error);
  } finally {
    // A taker still waiting on a FIFO would hold a thread of the pool for good.
    await feed(lockPath, '', () => true).catch(() => undefined);
  }
}

/** Writes `text` to a FIFO once a reader has it open (polling, so no thread of the pool blocks). */
async function feed(fifo: string, text: string, stop: () => boolean): Promise<boolean> {
  for (let first = true; ; first = false) {
    if (!first && stop()) return false;
    try {
      const handle = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
      await handle.write(text).finally(() => handle.close());
      return true;
    } catch (error) {
      if (!isErrno(error, 'ENXIO') && !isErrno(error, 'ENOENT')) throw error;
      if (stop()) return false;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

async function poll<T>(attempt: () => Promise<T | undefined>, stop: () => boolean): Promise<T | undefined> {
  for (;;) {
    const value = await attempt();
    if (value !== undefined || stop()) return value;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
