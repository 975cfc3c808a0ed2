import { isAbsolute, resolve } from 'node:path';
import { systemClock, systemSleep } from '../../apply/clock.js';
import { createMemoryJournal, defaultJournalPath, openFileJournal, type Journal } from '../../apply/journal.js';
import type { Store } from '../../model/store.js';
import { parseStoreSpec } from '../../stores/open-store.js';
import { countStoreRequests } from '../../watch/counting-store.js';
import { startWatch, type RunningWatch } from '../../watch/start-watch.js';
import { createWatchLogger, type LogFormat, type WatchLogger } from '../../watch/watch-log.js';
import { WatchMetrics } from '../../watch/watch-metrics.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { checkOutputPaths, refuseOverwritingInputs, type InputFile } from '../local-files.js';
import { configFilesOf, loadConfigFiles } from '../make-plan.js';
import { chooseStore, openCliStore, storeFileOf, type StoreFlags } from '../open-cli-store.js';

export interface WatchCommandOptions {
  paths: string[];
  storeFlags: StoreFlags;
  apply: boolean;
  intervalMs: number;
  debounceMs: number;
  logFormat: LogFormat;
  healthPort?: number;
  healthHost: string;
  unhealthyAfter: number;
  suspendFile?: string;
  maxRemovals?: number;
  allowRemoveAll: boolean;
  journal?: string;
}

/**
 * `skuform watch`: keeps the tenant converged with the files until SIGTERM or SIGINT. The
 * first signal lets the run in flight finish and exits 0; a second stops that run the way
 * apply does (nothing new starts, requests in flight finish); a third aborts those requests.
 */
export async function runWatchCommand(ctx: CliContext, options: WatchCommandOptions): Promise<ExitCodeValue> {
  const clock = systemClock;
  const log = createWatchLogger({ format: options.logFormat, sink: ctx.terminal.stdout, clock, debug: ctx.debug });
  const metrics = new WatchMetrics();
  const journalOutput = { flag: '--journal', path: options.journal ?? defaultJournalPath(ctx.cwd), createsFolder: true, example: 'journal.jsonl' };
  if (options.apply) await checkOutputPaths(ctx.cwd, [journalOutput]);
  const { store, tenantFile, inputs } = await openWatchedStore(ctx, options, log, metrics);
  let journal: Journal;
  try {
    if (options.apply) await refuseOverwritingInputs(ctx.cwd, [journalOutput], inputs);
    journal = options.apply ? await openFileJournal(resolve(ctx.cwd, journalOutput.path)) : createMemoryJournal();
  } catch (error) {
    await store.close();
    throw error;
  }
  let watch: RunningWatch | undefined;
  let signals = 0;
  let stopRequested: () => void = () => undefined;
  const stopped = new Promise<void>((done) => {
    stopRequested = done;
  });
  const removeHandlers = ctx.onSignals((signal) => {
    signals += 1;
    if (signals === 1) {
      log.log('info', 'watch-stopping', `${signal}: finishing the run in flight, then stopping. Send it again to stop that run sooner.`, {});
      stopRequested();
      return;
    }
    const what = watch?.reconciler.interruptRun(signal) ?? 'idle';
    if (what !== 'idle') log.log('warn', 'watch-stopping', what === 'stopping' ? `${signal}: the run starts no new operation; requests in flight finish. Send it again to abort them.` : `${signal}: aborting requests in flight`, {});
  });
  try {
    watch = await startWatch({
      paths: options.paths,
      cwd: ctx.cwd,
      store,
      ...(tenantFile === undefined ? {} : { tenantFile }),
      apply: options.apply,
      maxRemovals: options.maxRemovals,
      allowRemoveAll: options.allowRemoveAll,
      ...(options.suspendFile === undefined ? {} : { suspendFile: absolute(ctx, options.suspendFile) }),
      journal,
      log,
      metrics,
      clock,
      sleep: systemSleep,
      intervalMs: options.intervalMs,
      debounceMs: options.debounceMs,
      unhealthyAfter: options.unhealthyAfter,
      ...(options.healthPort === undefined ? {} : { health: { host: options.healthHost, port: options.healthPort } }),
    }).catch((error: unknown) => {
      throw listenError(error, options);
    });
    await stopped;
    await watch.stop();
    return ExitCode.ok;
  } finally {
    removeHandlers();
    await journal.close();
    await store.close();
  }
}

/**
 * The store from --store or the config's `store:`; a tenant file is also watched, and its
 * reads are counted here. `inputs` are the files the journal must never be written over (the
 * tenant file, the config files as they are at start, the suspend file).
 */
async function openWatchedStore(
  ctx: CliContext, options: WatchCommandOptions, log: WatchLogger, metrics: WatchMetrics,
): Promise<{ store: Store; tenantFile?: string; inputs: InputFile[] }> {
  const loaded = await loadConfigFiles(ctx, options.paths);
  const inputs = [
    ...storeFileOf(ctx, options.storeFlags, loaded.config), ...configFilesOf(ctx, loaded),
    ...(options.suspendFile === undefined ? [] : [{ what: 'the --suspend-file', path: absolute(ctx, options.suspendFile) }]),
  ];
  const onWarning = (message: string): void => log.log('warn', 'store-warning', message, {});
  const opened = await openCliStore(ctx, options.storeFlags, loaded.config, onWarning, (event) => {
    if (event.inBatch !== true) metrics.recordStoreRequests();
  });
  const { spec, baseDir } = chooseStore(ctx, options.storeFlags, loaded.config);
  const parsed = parseStoreSpec(spec, baseDir);
  if (parsed.kind !== 'file') return { store: opened, inputs };
  return { store: countStoreRequests(opened, () => metrics.recordStoreRequests()), tenantFile: parsed.path, inputs };
}

function absolute(ctx: CliContext, path: string): string {
  return isAbsolute(path) ? path : resolve(ctx.cwd, path);
}

function listenError(error: unknown, options: WatchCommandOptions): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') return error;
  return new UsageError(`Cannot serve /healthz and /metrics on ${options.healthHost}:${options.healthPort ?? ''} (${code}).`, {
    hint: code === 'EADDRINUSE' ? 'Another process uses that port: choose another --health-port.' : 'Choose another --health-host or --health-port.',
  });
}
