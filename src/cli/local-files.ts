import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './exit-codes.js';

/** A file the command writes, named by the flag that chose it. */
export interface OutputPath {
  flag: string;
  /** As the user wrote it (relative to the working directory, or absolute). */
  path: string;
  /** The command creates missing folders on the way (the journal). */
  createsFolder?: boolean;
  /** A file name for the hint when the path is a folder; default `plan.json`. */
  example?: string;
}

/** A file the command reads and must therefore never write over. */
export interface InputFile {
  /** What it is, for the message: `the tenant file`, `config file`, `the saved plan`. */
  what: string;
  path: string;
}

const REASONS: Record<string, { reason: string; hint: string }> = {
  ENOENT: { reason: 'no such file or folder', hint: 'create the folder first, or choose a path in an existing folder' },
  ENOTDIR: { reason: 'a part of the path is a file, not a folder', hint: 'check the path' },
  EISDIR: { reason: 'it is a folder', hint: 'name a file, e.g. FOLDER/plan.json' },
  EACCES: { reason: 'permission denied', hint: 'check the permissions of the file and its folder, or choose another path' },
  EPERM: { reason: 'operation not permitted', hint: 'check the permissions of the file and its folder, or choose another path' },
  EROFS: { reason: 'the file system is read-only', hint: 'choose a path on a writable file system' },
  ENOSPC: { reason: 'no space left on the device', hint: 'free some space, or choose another path' },
  EDQUOT: { reason: 'disk quota exceeded', hint: 'free some space, or choose another path' },
  ELOOP: { reason: 'too many symbolic links', hint: 'check the symbolic links on the path' },
  ENAMETOOLONG: { reason: 'the name is too long', hint: 'choose a shorter path' },
  EMFILE: { reason: 'too many open files', hint: 'raise the open-file limit (ulimit -n)' },
  EBUSY: { reason: 'the file is busy', hint: 'close what holds it, then run again' },
};

const VERBS: Record<string, string> = {
  open: 'open', read: 'read', write: 'write', mkdir: 'create the folder', rename: 'replace', stat: 'read', lstat: 'read',
  scandir: 'read the folder', unlink: 'delete', fsync: 'write', close: 'write', copyfile: 'copy', symlink: 'create',
};

/**
 * A file-system failure (`ENOENT`, `EISDIR`, `EACCES`, ...) from Node as a sentence a person
 * can act on, or undefined when the error is not one. These are the user's to fix, never a
 * bug in skuform, and never worth retrying.
 */
export function describeFileError(error: unknown): { message: string; reason: string; hint: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, syscall, path } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || typeof syscall !== 'string') return undefined;
  const known = REASONS[code];
  if (known === undefined) return undefined;
  const verb = VERBS[syscall] ?? syscall;
  const where = typeof path === 'string' ? ` ${path}` : '';
  const reason = `${known.reason} (${code})`;
  return { message: `Cannot ${verb}${where}: ${reason}.`, reason, hint: known.hint };
}

/** The real path a file has or would have: symlinks followed, also for a file that does not exist yet. */
async function realTarget(absolute: string): Promise<string> {
  try {
    return await realpath(absolute);
  } catch {
    try {
      return join(await realpath(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

/**
 * Refuses an output path that is one of the command's inputs (the same file by real path,
 * whatever links lead to it): writing a plan, an export or a journal over the tenant file
 * or a config file would destroy it.
 */
export async function refuseOverwritingInputs(cwd: string, outputs: readonly OutputPath[], inputs: readonly InputFile[]): Promise<void> {
  if (outputs.length === 0 || inputs.length === 0) return;
  const real = new Map<string, InputFile>();
  for (const input of inputs) real.set(await realTarget(resolve(cwd, input.path)), input);
  for (const output of outputs) {
    const input = real.get(await realTarget(resolve(cwd, output.path)));
    if (input === undefined) continue;
    throw new UsageError(`${output.flag} ${output.path} is ${input.what} ${input.path}; writing there would destroy it.`, {
      hint: `Choose another path for ${output.flag}. Nothing was changed.`,
    });
  }
}

/**
 * Checks, before any work, that each output path can be written: it is not a folder, its
 * folder exists and is writable. Failing late, after a long plan, with a raw ENOENT helps no one.
 */
export async function checkOutputPaths(cwd: string, outputs: readonly OutputPath[]): Promise<void> {
  for (const output of outputs) {
    const absolute = resolve(cwd, output.path);
    const info = await stat(absolute).catch(() => undefined);
    if (info?.isDirectory() === true) {
      throw new UsageError(`${output.flag} ${output.path} is a folder.`, { hint: `Name a file, e.g. ${join(output.path, output.example ?? 'plan.json')}.` });
    }
    const folder = dirname(absolute);
    const folderInfo = await stat(folder).catch(() => undefined);
    if (output.createsFolder === true && folderInfo === undefined) continue;
    if (folderInfo === undefined || !folderInfo.isDirectory()) {
      throw new UsageError(`${output.flag} ${output.path}: the folder ${folder} does not exist.`, { hint: 'Create the folder first, or choose a path in an existing folder.' });
    }
    if (!(await writable(info === undefined ? folder : absolute))) {
      throw new UsageError(`${output.flag} ${output.path}: permission denied.`, { hint: 'Check the permissions of the file and its folder, or choose another path.' });
    }
  }
}

async function writable(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
