import { readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';

/** Where the desired state is looked for when no PATH is given, in this order. */
export const DEFAULT_CONFIG_FILE = 'skuform.yaml';
export const DEFAULT_CONFIG_DIR = 'licenses';

const YAML_FILE = /\.ya?ml$/iu;

function problem(code: string, message: string, hint?: string): Diagnostic {
  return { severity: 'error', code, message, hint };
}

async function statOf(path: string): Promise<Stats | NodeJS.ErrnoException> {
  try {
    return await stat(path);
  } catch (error) {
    return error as NodeJS.ErrnoException;
  }
}

/** By path, byte-wise with `/` separators, like `find | LC_ALL=C sort`: the same order on every OS. */
function comparePaths(a: string, b: string): number {
  const x = a.split(sep).join('/');
  const y = b.split(sep).join('/');
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Every `*.yaml` / `*.yml` below `dir`, skipping hidden entries and node_modules; symlink loops
 * are cut. A symlink that leads nowhere is reported: the file it stood for may hold principals,
 * and with `prune: true` leaving them out silently would remove their licenses.
 */
async function walk(dir: string, shown: string, seen: Set<string>, out: { file: string; shown: string }[], diagnostics: Diagnostic[]): Promise<void> {
  const real = await realpath(dir);
  if (seen.has(real)) return;
  seen.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const info = entry.isSymbolicLink() ? await statOf(path) : entry;
    if (info instanceof Error) {
      diagnostics.push(brokenLink(join(shown, entry.name), info));
      continue;
    }
    if (info.isDirectory()) await walk(path, join(shown, entry.name), seen, out, diagnostics);
    else if (info.isFile() && YAML_FILE.test(entry.name)) out.push({ file: path, shown: join(shown, entry.name) });
  }
}

/** A symlink in a config folder whose target is missing or unreadable; an error where it names a YAML file. */
function brokenLink(shown: string, error: NodeJS.ErrnoException): Diagnostic {
  const yaml = YAML_FILE.test(shown);
  const why = error.code === 'ENOENT' ? 'leads to nothing (its target does not exist)' : `cannot be followed (${error.code ?? 'error'})`;
  return {
    severity: yaml ? 'error' : 'warning',
    code: 'broken-link',
    message: `the symbolic link ${shown} ${why}${yaml ? '' : '; skipped'}`,
    hint: 'point the link at the file it stands for, or delete it',
  };
}

async function expand(path: string, cwd: string, diagnostics: Diagnostic[]): Promise<{ file: string; shown: string }[]> {
  const absolute = resolve(cwd, path);
  const info = await statOf(absolute);
  if (info instanceof Error) {
    diagnostics.push(info.code === 'ENOENT'
      ? problem('file-not-found', `no such file or directory: ${path}`)
      : problem('file-unreadable', `cannot read ${path} (${info.code ?? 'error'})`));
    return [];
  }
  if (!info.isDirectory()) return [{ file: absolute, shown: path }];
  const found: { file: string; shown: string }[] = [];
  try {
    await walk(absolute, path, new Set(), found, diagnostics);
  } catch (error) {
    diagnostics.push(problem('file-unreadable', `cannot read directory ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`));
  }
  if (found.length === 0) diagnostics.push(problem('no-yaml-files', `no *.yaml or *.yml files in ${path}`));
  return found.sort((a, b) => comparePaths(a.shown, b.shown));
}

async function defaultPaths(cwd: string): Promise<string[] | undefined> {
  const file = await statOf(join(cwd, DEFAULT_CONFIG_FILE));
  if (!(file instanceof Error) && file.isFile()) return [DEFAULT_CONFIG_FILE];
  const dir = await statOf(join(cwd, DEFAULT_CONFIG_DIR));
  if (!(dir instanceof Error) && dir.isDirectory()) return [DEFAULT_CONFIG_DIR];
  return undefined;
}

export interface DiscoveredFiles {
  /** Absolute path and the path to show (as the user wrote it, joined with names found inside directories). */
  files: { path: string; shown: string }[];
  diagnostics: Diagnostic[];
}

/**
 * Turns the command line's PATHs into the list of files to load: a file as is, a directory
 * as every YAML file inside it (recursively, sorted). No PATH: `skuform.yaml`, else
 * `licenses/`, in `cwd`. A file reached twice is loaded once.
 */
export async function discoverConfigFiles(paths: readonly string[], cwd: string): Promise<DiscoveredFiles> {
  const diagnostics: Diagnostic[] = [];
  const wanted = paths.length > 0 ? paths : await defaultPaths(cwd);
  if (!wanted) {
    diagnostics.push(problem('no-config', `no ${DEFAULT_CONFIG_FILE} and no ${DEFAULT_CONFIG_DIR}/ directory in ${cwd}`, 'pass the desired-state files or directories as arguments'));
    return { files: [], diagnostics };
  }
  const files: { path: string; shown: string }[] = [];
  const seen = new Set<string>();
  for (const path of wanted) {
    for (const found of await expand(path, cwd, diagnostics)) {
      const key = await realpath(found.file).catch(() => found.file);
      if (seen.has(key)) continue;
      seen.add(key);
      files.push({ path: found.file, shown: found.shown });
    }
  }
  return { files, diagnostics };
}
