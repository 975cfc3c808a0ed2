import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

/**
 * Replaces a file so that a crash at any moment leaves either the old or the new content:
 * the text goes to a temporary file in the same directory (same file system, so rename is
 * atomic), is flushed to disk, renamed over the target, and the directory entry is flushed.
 * The new file keeps the old one's permission bits.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `${tempPrefix(path)}${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = await stat(path).then((info) => info.mode & 0o777, () => 0o644);
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Flushes a directory entry (the rename); some platforms cannot open directories, which is fine there. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems refuse fsync on a directory; the rename is still atomic.
  } finally {
    await handle?.close();
  }
}

/**
 * Deletes temporary files a killed writer left behind. Only safe while holding the
 * exclusive lock, when no other writer can be half-way through.
 */
export async function removeLeftoverTempFiles(path: string): Promise<void> {
  const prefix = tempPrefix(path);
  const dir = dirname(path);
  const names = await readdir(dir).catch(() => []);
  await Promise.all(
    names.filter((name) => name.startsWith(prefix) && name.endsWith('.tmp')).map((name) => rm(join(dir, name), { force: true })),
  );
}
