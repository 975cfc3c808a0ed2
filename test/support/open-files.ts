import { readdir, readlink, realpath } from 'node:fs/promises';

/**
 * The files under `dir` this process holds open, read from /proc/self/fd (Linux, where the
 * suite runs). A descriptor left open is a leak: it keeps a deleted temporary file's space,
 * and on Windows it would make the next rename of the file fail.
 */
export async function openFilesUnder(dir: string): Promise<string[]> {
  const root = await realpath(dir);
  const descriptors = await readdir('/proc/self/fd');
  const targets = await Promise.all(descriptors.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target === root || target.startsWith(`${root}/`));
}
