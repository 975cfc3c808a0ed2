import { getHeapStatistics } from 'node:v8';
import { resolve } from 'node:path';
import { catalogAsSubscribedSkus, loadCatalog, planFriendlyName, skuDisplayName } from '../catalog/index.js';
import { loadConfig, type LoadConfigResult } from '../config/load-config.js';
import { resolveDesiredState } from '../config/resolve-desired-state.js';
import { sortDiagnostics } from '../config/sort-diagnostics.js';
import type { DesiredState } from '../model/desired.js';
import type { Plan } from '../model/plan.js';
import type { Snapshot } from '../model/snapshot.js';
import type { SubscribedSku } from '../model/tenant.js';
import type { ReleaseLock, Store } from '../model/store.js';
import { computePlan, snapshotQueryFor } from '../plan/index.js';
import type { CliContext } from './cli-context.js';
import { ExitCode, ExitNow } from './exit-codes.js';
import type { InputFile } from './local-files.js';
import { openCliStore, storeFileOf, type StoreFlags } from './open-cli-store.js';
import { countErrors, reportConfigDiagnostics } from './report-diagnostics.js';

/** What `plan`, `apply` and `validate --store` share: where the desired state is and how to read the tenant. */
export interface PlanInputs {
  paths: string[];
  storeFlags: StoreFlags;
  /** `--max-removals N` */
  maxRemovals?: number;
  /** `--allow-remove-all` */
  allowRemoveAll?: boolean;
  /**
   * Take the store's exclusive apply lock before reading (apply): a second apply fails fast,
   * and nothing can change the tenant file between this plan and its application.
   */
  lock?: boolean;
}

/** A plan with what it was made from. The caller closes the store. */
export interface PlanRun {
  plan: Plan;
  store: Store;
  loaded: LoadConfigResult;
  desired: DesiredState;
  snapshot: Snapshot;
  /** Releases the lock and closes the store. */
  close: () => Promise<void>;
  /** The files the plan was read from (tenant file, config files): no output may overwrite them. */
  inputs: InputFile[];
}

/**
 * Loads and validates the files. Problems are not printed yet: name resolution adds its own,
 * and every problem is reported at once (see {@link resolveOrExit}).
 */
export async function loadConfigFiles(ctx: CliContext, paths: readonly string[], options: { forPlanning?: boolean } = {}): Promise<LoadConfigResult> {
  return loadConfig(paths, { cwd: ctx.cwd, ...(options.forPlanning === true ? { maxTotalBytes: planningBudget() } : {}) });
}

/**
 * Planning holds up to about this many bytes of memory per byte of config (measured: a
 * config of 200,000 users, 9 MB, peaks at 1 GB whether the users exist or not).
 */
const MEMORY_PER_CONFIG_BYTE = 128;

/** The largest config this process can plan within its heap limit, refused early rather than dying of memory. */
function planningBudget(): { bytes: number; why: string; hint: (total: number) => string } {
  const heap = getHeapStatistics().heap_size_limit;
  return {
    bytes: Math.floor(heap / MEMORY_PER_CONFIG_BYTE),
    why: `this process can plan within its memory limit of ${(heap / 1e9).toFixed(1)} GB`,
    hint: (total) => {
      const needed = Math.ceil((total * MEMORY_PER_CONFIG_BYTE) / 2 ** 30) * 1024;
      return `give Node more memory (NODE_OPTIONS=--max-old-space-size=${needed} for ${needed / 1024} GB), or split the config into parts planned and applied one at a time`;
    },
  };
}

/**
 * Resolves SKU and plan names against a SKU list (the tenant's, or the catalogue offline),
 * then prints the load and resolution problems together, sorted; exit 1 when any is an error.
 * Parts of the files that failed to load are left out of resolution, so nothing is reported twice.
 * Against the catalogue the names are only checked: the principals of that result share their
 * profiles' licenses and must not be planned.
 */
export function resolveOrExit(ctx: CliContext, loaded: LoadConfigResult, skus: readonly SubscribedSku[] | 'catalogue'): DesiredState {
  const catalog = loadCatalog();
  // The clock only judges time-bound entries: an entry whose `until` has passed is warned about.
  const now = ctx.now().getTime();
  const resolved = skus === 'catalogue'
    ? resolveDesiredState(loaded.config, catalogAsSubscribedSkus(catalog), catalog, { offline: true, now, shareLicenses: true })
    : resolveDesiredState(loaded.config, skus, catalog, { now });
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...resolved.diagnostics], loaded.config.files);
  if (reportConfigDiagnostics(ctx, diagnostics, loaded.sources) > 0) throw new ExitNow(ExitCode.error);
  return resolved.desired;
}

/** The store query a desired state needs (see snapshotQueryFor). */
export const queryFor = snapshotQueryFor;

/** Resolves the names against the tenant's own SKU list (the truth; the catalogue only names them). */
export async function resolveAgainstStore(ctx: CliContext, loaded: LoadConfigResult, store: Store): Promise<DesiredState> {
  const overview = await store.readOverview();
  return resolveOrExit(ctx, loaded, overview.skus);
}

/**
 * The functional core wired to its shell: load the files, read what the plan needs from
 * the store, compute the plan. Nothing is printed but diagnostics.
 */
export async function makePlan(ctx: CliContext, inputs: PlanInputs): Promise<PlanRun> {
  const loaded = await loadConfigFiles(ctx, inputs.paths, { forPlanning: true });
  // Broken files are reported in full (names checked offline) before any store is touched.
  if (countErrors(loaded.diagnostics) > 0) resolveOrExit(ctx, loaded, 'catalogue');
  const store = await openCliStore(ctx, inputs.storeFlags, loaded.config);
  const close = await lockAndCloser(store, inputs.lock === true);
  try {
    const desired = await resolveAgainstStore(ctx, loaded, store);
    const snapshot = await store.readSnapshot(queryFor(desired));
    const catalog = loadCatalog();
    const plan = computePlan(desired, snapshot, {
      storeLocation: store.location,
      // As the user named them: one sticky comment, drift issue and summary per config.
      configFiles: inputs.paths.length > 0 ? inputs.paths : loaded.config.files,
      skuDisplayName: (id) => skuDisplayName(catalog, id),
      servicePlanFriendlyName: (id) => planFriendlyName(catalog, id),
      maxRemovals: inputs.maxRemovals,
      allowRemoveAll: inputs.allowRemoveAll,
      now: ctx.now().getTime(),
    });
    const files = [...storeFileOf(ctx, inputs.storeFlags, loaded.config), ...configFilesOf(ctx, loaded)];
    return { plan, store, loaded, desired, snapshot, close, inputs: files };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The config files as input files (absolute paths). */
export function configFilesOf(ctx: CliContext, loaded: LoadConfigResult): InputFile[] {
  return loaded.config.files.map((file) => ({ what: 'config file', path: resolve(ctx.cwd, file) }));
}

/** Takes the apply lock when asked (closing the store if that fails) and returns what undoes both. */
export async function lockAndCloser(store: Store, lock: boolean): Promise<() => Promise<void>> {
  let release: ReleaseLock | undefined;
  try {
    if (lock) release = await store.lock();
  } catch (error) {
    await store.close();
    throw error;
  }
  return async () => {
    try {
      await release?.();
    } finally {
      await store.close();
    }
  };
}
