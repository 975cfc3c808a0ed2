import { lstat } from 'node:fs/promises';
import { basename, isAbsolute, join, parse, relative, resolve, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Sleep } from '../apply/clock.js';
import { Debouncer } from './debouncer.js';
import type { FinishedRun, Trigger, TriggerSource } from './triggers.js';

export interface FileTriggerOptions {
  kind: 'config' | 'tenant';
  /** Files or directories (absolute, or relative to `cwd`). */
  paths: readonly string[];
  cwd: string;
  debounceMs: number;
  sleep: Sleep;
  /** Which changed files count (default: all). Directories always count. */
  accept?: (path: string) => boolean;
  /**
   * A cheap identity of what is watched (e.g. the tenant file's size, mtime and inode). When
   * given, it is taken after every run, and a trigger whose files still have that identity when
   * its run is due is dropped: the run itself made the change.
   */
  identity?: () => Promise<string>;
  onError: (message: string) => void;
}

/**
 * Files and directories watched with chokidar: files added, changed and removed, debounced
 * into one trigger. A symlink on the way to a watched path (git-sync's `current` link, which
 * it re-points atomically to each new checkout) is watched itself; when it is re-pointed the
 * watchers are rebuilt on the new target and a run is triggered.
 */
export function createFileTrigger(options: FileTriggerOptions): TriggerSource {
  const absolute = options.paths.map((path) => (isAbsolute(path) ? path : resolve(options.cwd, path)));
  // Paths in the log as the user sees them: relative to the working directory when inside it.
  const shown = (path: string): string => {
    const inside = relative(options.cwd, path);
    return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
  };
  let watchers: FSWatcher[] = [];
  let fire: ((trigger: Trigger) => void) | undefined;
  let identity: string | undefined;
  let stopped = false;
  let rebuilding: Promise<void> = Promise.resolve();
  const stillRelevant = options.identity === undefined ? undefined : async () => identity === undefined || (await options.identity?.()) !== identity;
  const debouncer = new Debouncer(options.sleep, options.debounceMs, (detail) => {
    fire?.({ kind: options.kind, detail, ...(stillRelevant ? { stillRelevant } : {}) });
  });

  const build = async (): Promise<void> => {
    const links = (await Promise.all(absolute.map(symlinksOnTheWay))).flat();
    const roots = new Set(absolute);
    const content = watch([...absolute], {
      ignoreInitial: true,
      ignored: (path) => !roots.has(path) && (basename(path).startsWith('.') || basename(path) === 'node_modules'),
    });
    content.on('all', (event, path) => {
      const isFile = event === 'add' || event === 'change' || event === 'unlink';
      if (isFile && !roots.has(path) && options.accept && !options.accept(path)) return;
      debouncer.poke(shown(path));
    });
    const linkWatchers = [...new Set(links)].map((link) => watchLink(link, () => relink(link)));
    watchers = [content, ...linkWatchers];
    for (const watcher of watchers) watcher.on('error', (error) => options.onError(`watching ${options.kind} files: ${error instanceof Error ? error.message : String(error)}`));
    await Promise.all(watchers.map((watcher) => new Promise<void>((ready) => watcher.once('ready', () => ready()))));
  };
  const closeAll = async (): Promise<void> => {
    const closing = watchers;
    watchers = [];
    await Promise.all(closing.map((watcher) => watcher.close()));
  };
  const relink = (link: string): void => {
    rebuilding = rebuilding.then(async () => {
      if (stopped) return;
      await closeAll();
      await build();
      debouncer.poke(shown(link));
    }).catch((error: unknown) => options.onError(`watching ${shown(link)} again: ${error instanceof Error ? error.message : String(error)}`));
  };

  return {
    async start(onFire) {
      fire = onFire;
      await build();
    },
    async afterRun(_run: FinishedRun) {
      if (options.identity) identity = await options.identity();
    },
    async stop() {
      stopped = true;
      fire = undefined;
      debouncer.cancel();
      await rebuilding;
      await closeAll();
    },
  };
}

/** Watches a symlink itself (not its target): re-pointing it is a change of the link. */
function watchLink(link: string, onChange: () => void): FSWatcher {
  let ready = false;
  const watcher = watch(link, { followSymlinks: false, depth: 0, ignoreInitial: true });
  watcher.once('ready', () => {
    ready = true;
  });
  // chokidar may report the link itself as added while it starts; only later events count.
  watcher.on('all', (_event, path) => {
    if (ready && path === link) onChange();
  });
  return watcher;
}

/** Every symlink among the path's components, the path itself included. */
async function symlinksOnTheWay(path: string): Promise<string[]> {
  const { root } = parse(path);
  const parts = path.slice(root.length).split(sep).filter((part) => part !== '');
  const links: string[] = [];
  let current = root;
  for (const part of parts) {
    current = join(current, part);
    const info = await lstat(current).catch(() => undefined);
    if (info === undefined) break;
    if (info.isSymbolicLink()) links.push(current);
  }
  return links;
}

/** `*.yaml` and `*.yml`, the files a config directory is made of. */
export function isYamlFile(path: string): boolean {
  return /\.ya?ml$/iu.test(path) && !basename(path).startsWith('.');
}
