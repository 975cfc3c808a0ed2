import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { decodeConfigText } from './decode-config-text.js';
import { discoverConfigFiles } from './discover-config-files.js';
import { loadConfigSources } from './load-config-sources.js';
import { sortDiagnostics } from './sort-diagnostics.js';
import type { ConfigSource, LoadConfigResult, LoadSourcesOptions } from './load-config-sources.js';

export type { LoadConfigResult } from './load-config-sources.js';

/**
 * Larger files are refused before they are read. 100,000 listed users take about 5 MB and
 * about ten times that in memory once loaded; 64 MiB is well over a million users.
 */
export const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface LoadConfigOptions extends LoadSourcesOptions {
  /** Relative PATHs and the defaults are looked up here. */
  cwd: string;
  maxFileBytes?: number;
  /**
   * The most bytes all files together may have: planning holds about a hundred times the
   * config's size in memory, so the caller derives this from its memory limit. A larger config
   * is refused before anything is read. Default: no limit (validating needs far less).
   */
  maxTotalBytes?: { bytes: number; why: string; hint: (total: number) => string };
}

/** `12.3 MB` */
function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

async function totalSize(files: readonly { path: string }[]): Promise<number> {
  let total = 0;
  for (const file of files) total += await stat(file.path).then((info) => info.size, () => 0);
  return total;
}

async function readSource(path: string, shown: string, maxBytes: number): Promise<ConfigSource | Diagnostic> {
  const location = { file: shown, line: 1, column: 1 };
  try {
    const info = await stat(path);
    if (info.size > maxBytes) {
      return { severity: 'error', code: 'file-too-large', message: `the file is ${info.size} bytes; the limit is ${maxBytes}`, location };
    }
    const decoded = decodeConfigText(shown, await readFile(path));
    return 'text' in decoded ? { file: shown, text: decoded.text, dir: dirname(path) } : decoded.diagnostic;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { severity: 'error', code: 'file-unreadable', message: `cannot read the file (${code})`, location };
  }
}

/**
 * Loads the desired state from PATHs (files or directories; none: `skuform.yaml`, else
 * `licenses/` in `cwd`). Never throws on bad input: unreadable, binary, huge or malformed
 * files are diagnostics with `path:line:col`. The caller decides the exit code.
 */
export async function loadConfig(paths: readonly string[], options: LoadConfigOptions): Promise<LoadConfigResult> {
  const discovered = await discoverConfigFiles(paths, options.cwd);
  const sources: ConfigSource[] = [];
  const diagnostics: Diagnostic[] = [...discovered.diagnostics];
  const limit = options.maxTotalBytes;
  const total = limit === undefined ? 0 : await totalSize(discovered.files);
  if (limit !== undefined && total > limit.bytes) {
    const files = discovered.files.length === 1 ? '1 file' : `${discovered.files.length} files`;
    diagnostics.push({
      severity: 'error',
      code: 'config-too-large',
      message: `the config is ${megabytes(total)} in ${files}, more than the ${megabytes(limit.bytes)} ${limit.why}`,
      hint: limit.hint(total),
    });
    return { ...loadConfigSources([], options), diagnostics };
  }
  for (const file of discovered.files) {
    const read = await readSource(file.path, file.shown, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    if ('text' in read) sources.push(read);
    else diagnostics.push(read);
  }
  const loaded = loadConfigSources(sources, options);
  const files = discovered.files.map((f) => f.shown);
  return { ...loaded, diagnostics: sortDiagnostics([...diagnostics, ...loaded.diagnostics], files) };
}
