import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Clock, Sleep } from '../apply/clock.js';
import { DEFAULT_CONFIG_DIR, DEFAULT_CONFIG_FILE } from '../config/index.js';
import { offersSnapshotFeed } from '../model/snapshot-feed.js';
import type { Store } from '../model/store.js';
import { createFileTrigger, isYamlFile } from './file-trigger.js';
import { createFullReadFeed } from './full-read-feed.js';
import { startHealthServer, type HealthServer } from './health-server.js';
import { ReconcileLoop } from './reconcile-loop.js';
import { Reconciler, type ReconcilerOptions } from './reconciler.js';
import { nextLifecycleBoundary } from '../plan/index.js';
import { createIntervalTrigger, createTimerTrigger } from './timer-trigger.js';
import type { TriggerSource } from './triggers.js';
import type { WatchLogger } from './watch-log.js';
import type { WatchMetrics } from './watch-metrics.js';

export interface WatchOptions extends Omit<ReconcilerOptions, 'feed'> {
  /** The tenant file of a file store: watched too, so a hand edit is seen at once. */
  tenantFile?: string;
  intervalMs: number;
  debounceMs: number;
  /** Serve /healthz and /metrics here. */
  health?: { host: string; port: number };
  sleep: Sleep;
  clock: Clock;
  log: WatchLogger;
  metrics: WatchMetrics;
}

export interface RunningWatch {
  loop: ReconcileLoop;
  reconciler: Reconciler;
  /** `http://HOST:PORT` of /healthz and /metrics, when serving. */
  healthUrl?: string;
  /** Starts no new run, lets the one in flight finish, stops watching and serving. */
  stop(): Promise<void>;
}

/**
 * `skuform watch`: a start-up run, then a run whenever the config files or the tenant file
 * change (debounced) and every interval; one run at a time. Returns once everything is
 * watching and the start-up run has been started.
 */
export async function startWatch(options: WatchOptions): Promise<RunningWatch> {
  const { log, clock, sleep } = options;
  const store: Store = options.store;
  const feed = offersSnapshotFeed(store) ? store.openSnapshotFeed() : createFullReadFeed(store);
  const reconciler = new Reconciler({ ...options, feed });
  const onError = (message: string): void => log.log('warn', 'watch-error', message, {});
  const configPaths = options.paths.length > 0 ? options.paths : await defaultConfigPaths(options.cwd);
  // Every way a run can start. Dated license entries start or end at their own time, not at
  // the next interval: a timer is set to the next such boundary of the config in force.
  const sources: TriggerSource[] = [
    createFileTrigger({ kind: 'config', paths: configPaths, cwd: options.cwd, debounceMs: options.debounceMs, sleep, accept: isYamlFile, onError }),
    createIntervalTrigger(options.intervalMs, `every ${formatDuration(options.intervalMs)}`, clock, sleep),
    createTimerTrigger({
      kind: 'lifecycle',
      detail: 'a dated license entry starts or ends',
      clock,
      sleep,
      nextAt: (run) => (run.desired === undefined ? undefined : nextLifecycleBoundary(run.desired, run.endedAt)),
    }),
  ];
  const tenantFile = options.tenantFile;
  if (tenantFile !== undefined) {
    sources.push(createFileTrigger({ kind: 'tenant', paths: [tenantFile], cwd: options.cwd, debounceMs: options.debounceMs, sleep, onError, identity: () => fileIdentity(tenantFile) }));
  }
  const loop = new ReconcileLoop({
    run: (triggers) => reconciler.run(triggers),
    sources,
    onDropped: (triggers) => log.log('debug', 'trigger-dropped', `${triggers.map((t) => t.kind).join(', ')}: the last run made that change itself`, {}),
    onError: (error) => onError(error instanceof Error ? error.message : String(error)),
  });
  let server: HealthServer | undefined;
  if (options.health !== undefined) {
    server = await startHealthServer({ ...options.health, health: () => reconciler.health(), metrics: () => options.metrics.render() });
    log.log('info', 'health-listening', `serving ${server.url}/healthz and ${server.url}/metrics`, { url: server.url });
  }
  log.log('info', 'watch-start', `watching ${configPaths.join(', ')}${tenantFile === undefined ? '' : ` and ${tenantFile}`}; ${options.apply ? 'applying' : 'reporting only (no --apply)'}`, {
    store: store.location,
    interval: formatDuration(options.intervalMs),
    debounce: formatDuration(options.debounceMs),
  });
  await loop.start();
  return {
    loop,
    reconciler,
    ...(server === undefined ? {} : { healthUrl: server.url }),
    async stop() {
      await loop.stop();
      await server?.close();
      log.log('info', 'watch-stop', 'stopped', { runs: loop.runs });
    },
  };
}

/** Without PATHs: `skuform.yaml` if it exists, else `licenses/` (watched even before it exists). */
async function defaultConfigPaths(cwd: string): Promise<string[]> {
  const file = await stat(resolve(cwd, DEFAULT_CONFIG_FILE)).catch(() => undefined);
  return [file?.isFile() === true ? DEFAULT_CONFIG_FILE : DEFAULT_CONFIG_DIR];
}

async function fileIdentity(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  return info === undefined ? 'missing' : `${info.size}:${info.mtimeMs}:${info.ino}`;
}

/** `90s` -> `1m30s`, `300000` ms -> `5m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (hours > 0) parts.push(`${hours}h`);
  if (minutes > 0) parts.push(`${minutes}m`);
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return parts.join('');
}
