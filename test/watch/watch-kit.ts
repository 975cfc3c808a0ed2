import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createMemoryJournal, type MemoryJournal } from '../../src/apply/journal.js';
import type { Store } from '../../src/model/store.js';
import type { TenantDocument } from '../../src/model/tenant.js';
import { FileStore } from '../../src/stores/file-store.js';
import { startWatch, type RunningWatch, type WatchOptions } from '../../src/watch/start-watch.js';
import { createWatchLogger } from '../../src/watch/watch-log.js';
import { WatchMetrics } from '../../src/watch/watch-metrics.js';
import { FakeClock } from '../apply/fake-clock.js';
import { aLicenseState, aSku, aTenant, aUser, skuIdOf } from '../support/builders.js';

export const E3 = skuIdOf('SPE_E3');
export const E5 = skuIdOf('SPE_E5');
export const DEBOUNCE_MS = 2_000;
export const INTERVAL_MS = 300_000;

/** Contoso in miniature: alice and dave hold E3, carol E5; bob and erin nothing. */
export function tinyTenant(): TenantDocument {
  return {
    tenant: aTenant(),
    subscribedSkus: [
      aSku({ skuPartNumber: 'SPE_E3', total: 20, consumedUnits: 2 }),
      aSku({ skuPartNumber: 'SPE_E5', total: 10, consumedUnits: 1 }),
      aSku({ skuPartNumber: 'POWER_BI_PRO', total: 5 }),
    ],
    users: [
      aUser({ userPrincipalName: 'alice@contoso.com', licenseAssignmentStates: [aLicenseState(E3)] }),
      aUser({ userPrincipalName: 'bob@contoso.com' }),
      aUser({ userPrincipalName: 'carol@contoso.com', licenseAssignmentStates: [aLicenseState(E5)] }),
      aUser({ userPrincipalName: 'dave@contoso.com', licenseAssignmentStates: [aLicenseState(E3)] }),
      aUser({ userPrincipalName: 'erin@contoso.com' }),
    ],
    groups: [],
  };
}

/** alice E3, bob E3 without Sway, carol E5; bob's is the one change the tiny tenant needs. */
export const TINY_CONFIG = `settings:
  managedSkus: [SPE_E3, SPE_E5]
users:
  alice@contoso.com: [{ sku: SPE_E3 }]
  bob@contoso.com: [{ sku: SPE_E3, disabledPlans: [SWAY] }]
  carol@contoso.com: [{ sku: SPE_E5 }]
`;

/** One parsed `--log-format json` line. */
export type LoggedEvent = Record<string, unknown> & { event: string; level: string; message: string; runId?: number; trigger?: string };

export interface HarnessOptions extends Partial<Omit<WatchOptions, 'store' | 'clock' | 'sleep' | 'log' | 'metrics'>> {
  tenant?: TenantDocument;
  /** Config files by path relative to the scratch directory (default: licenses/users.yaml). */
  files?: Record<string, string>;
  /** Watch the tenant file too (the file store's default in the CLI). */
  watchTenant?: boolean;
  /** A store to use instead of a tenant file in the scratch directory. */
  store?: Store;
  /** Runs in the scratch directory after the files are written and before the watch starts. */
  prepare?: (dir: string) => Promise<void>;
}

export interface Harness {
  dir: string;
  tenantFile: string;
  clock: FakeClock;
  watch: RunningWatch;
  metrics: WatchMetrics;
  journal: MemoryJournal;
  events: LoggedEvent[];
  write(path: string, text: string): Promise<void>;
  readTenant(): Promise<TenantDocument>;
  /** run-end events so far. */
  runs(): LoggedEvent[];
  /** Waits until the watchers have seen a change, lets stragglers arrive, passes the debounce, and waits for the runs. */
  afterFileChange(): Promise<void>;
  /** Lets due timers fire and waits for the runs they start. */
  settle(): Promise<void>;
  /** Passes one interval and waits for the run. */
  afterInterval(): Promise<void>;
  stop(): Promise<void>;
}

/** Polls (real time) until `condition` holds: file events arrive when the OS delivers them. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A watch over real files in a scratch directory, with a fake clock for the debounce and the
 * interval, JSON logs captured, and the start-up run finished.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'skuform-watch-'));
  const tenantFile = join(dir, 'tenant.json');
  await writeFile(tenantFile, `${JSON.stringify(options.tenant ?? tinyTenant(), null, 2)}\n`);
  const write = async (path: string, text: string): Promise<void> => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  };
  for (const [path, text] of Object.entries(options.files ?? { 'licenses/users.yaml': TINY_CONFIG })) await write(path, text);
  await options.prepare?.(dir);
  const clock = new FakeClock();
  const events: LoggedEvent[] = [];
  const log = createWatchLogger({ format: 'json', clock, debug: true, sink: { write: (line: string) => events.push(JSON.parse(line) as LoggedEvent) } });
  const metrics = new WatchMetrics({ processMetrics: false });
  const journal = createMemoryJournal();
  const store = options.store ?? new FileStore(tenantFile, { location: 'file:tenant.json' });
  const { files: _files, tenant: _tenant, watchTenant, store: _store, prepare: _prepare, ...rest } = options;
  const watch = await startWatch({
    paths: ['licenses'],
    cwd: dir,
    apply: false,
    journal,
    unhealthyAfter: 3,
    intervalMs: INTERVAL_MS,
    debounceMs: DEBOUNCE_MS,
    ...rest,
    ...(watchTenant === true ? { tenantFile } : {}),
    store,
    clock,
    sleep: clock.sleep,
    log,
    metrics,
    applyOptions: { writeQuota: null, ...rest.applyOptions },
  });
  // Timers pending when nothing runs (the interval): a file change adds a debounce timer.
  let idleTimers = 0;
  const settle = async (): Promise<void> => {
    await clock.advance(0);
    await watch.loop.whenIdle();
    idleTimers = clock.pendingTimers;
  };
  await settle();
  return {
    dir,
    tenantFile,
    clock,
    watch,
    metrics,
    journal,
    events,
    write,
    readTenant: async () => JSON.parse(await readFile(tenantFile, 'utf8')) as TenantDocument,
    runs: () => events.filter((e) => e.event === 'run-end'),
    settle,
    async afterFileChange() {
      await waitFor(() => clock.pendingTimers > idleTimers, 'the file watcher to see the change');
      await pause(150);
      await clock.advance(DEBOUNCE_MS);
      await settle();
    },
    async afterInterval() {
      await settle();
      await clock.advance(INTERVAL_MS);
      await settle();
    },
    async stop() {
      await watch.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** skuIds a user holds directly. */
export function directSkus(doc: TenantDocument, upn: string): string[] {
  const user = doc.users.find((u) => u.userPrincipalName === upn);
  return (user?.licenseAssignmentStates ?? []).filter((s) => s.assignedByGroup === null).map((s) => s.skuId).sort();
}

/** One sample's value from the harness's /metrics text, e.g. `skuform_config_valid`. */
export async function metric(h: Harness, sample: string): Promise<number> {
  const { text } = await h.metrics.render();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return Number(line?.split(' ').at(-1));
}

/** A change made the way the admin center makes it: one assignLicense by another client of the tenant file. */
export async function portalEdit(tenantFile: string, upn: string, add: string[], remove: string[]): Promise<void> {
  const store = new FileStore(tenantFile);
  const release = await store.lock();
  try {
    const snapshot = await store.readSnapshot({ users: [upn], groups: [], holdersOf: [], members: false });
    const id = snapshot.resolved.users.get(upn)?.[0];
    if (id === undefined) throw new Error(`no user ${upn}`);
    const [result] = await store.applyBatch([{ principal: { kind: 'user', id }, addLicenses: add.map((skuId) => ({ skuId, disabledPlans: [] })), removeLicenses: remove }]);
    if (result?.ok !== true) throw new Error(`portal edit failed: ${JSON.stringify(result)}`);
  } finally {
    await release();
    await store.close();
  }
}
