import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TenantDocument, TenantUser } from '../src/model/tenant.js';
import { createTestToken, type AuthOptions } from './access-token.js';
import { copyTenantDocument } from './copy-tenant.js';
import { DeltaTokens, DEFAULT_DELTA_TOKEN_TTL_MS } from './delta-tokens.js';
import { EmulatedTenant, type MutateOptions } from './emulated-tenant.js';
import { EmulatorStats } from './emulator-stats.js';
import { FaultInjector, type FaultOptions } from './fault-injector.js';
import { DEFAULT_PERMISSIONS, type Operation } from './graph-permissions.js';
import { handleHttp } from './http-adapter.js';
import type { PipelineDeps } from './request-pipeline.js';
import { PageCursors } from './page-cursors.js';
import type { EmulatorCore } from './route-types.js';
import { createSeededRandom } from './seeded-random.js';
import { DEFAULT_WRITE_QUOTA, WriteQuota, type WriteQuotaOptions } from './write-quota.js';

/** Fixed latency in ms, or a uniformly random one between min and max. */
export type LatencyOption = number | { min: number; max: number };

/** Time for everything that waits or stamps: inject a fake one in tests. */
export interface EmulatorClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface GraphEmulatorOptions {
  /** The tenant to serve (SPEC 4.1 shape). Copied unless `cloneTenant` is false. */
  tenant: TenantDocument;
  cloneTenant?: boolean;
  /** Default 0: a random free port on 127.0.0.1. */
  port?: number;
  host?: string;
  latency?: LatencyOption;
  /** Directory write quota per app (default 3,000 per 150 s, sliding); false for none. */
  writeQuota?: WriteQuotaOptions | false;
  /** Resource units per app per window for all requests (off by default; Graph: 3,500-8,000 per 10 s). */
  resourceUnitQuota?: WriteQuotaOptions | false;
  faults?: FaultOptions;
  /** How long group license processing takes after a group assignLicense (default 0). */
  groupProcessingDelayMs?: number;
  /**
   * For this long after a user or group changed, reads show it as it was before (Graph
   * replicates; default 0). The write's own answer is current.
   */
  replicationLagMs?: number;
  auth?: AuthOptions;
  /** Which permissions satisfy each operation (defaults follow Microsoft's API pages). */
  permissions?: Partial<Record<Operation, readonly string[]>>;
  deltaTokenTtlMs?: number;
  /** Graph does not track licenseAssignmentStates in users delta (default false). */
  deltaTracksAssignmentStates?: boolean;
  /** `$batch` response order (default `reversed`: Graph does not promise request order). */
  batchResponseOrder?: 'request' | 'reversed';
  clock?: EmulatorClock;
  /** Seed for latency jitter. */
  seed?: number;
}

export interface GraphEmulator {
  /** Root without version, e.g. `http://127.0.0.1:43121` (a Graph client's `graphUrl`). */
  readonly url: string;
  /** `url` + `/v1.0`. */
  readonly serviceRoot: string;
  /** A bearer token the emulator accepts (the required one, or an opaque test token). */
  readonly token: string;
  readonly stats: EmulatorStats;
  /** The live tenant document (group processing advanced to now). Read it; change it through `mutate`. */
  readonly state: TenantDocument;
  /** Warnings from loading the tenant (derived fields that disagreed and were recomputed). */
  readonly loadWarnings: readonly string[];
  setFaults(options: FaultOptions | null): void;
  setQuota(options: WriteQuotaOptions | false): void;
  setResourceUnitQuota(options: WriteQuotaOptions | false): void;
  setLatency(latency: LatencyOption): void;
  setGroupProcessingDelay(ms: number): void;
  setReplicationLag(ms: number): void;
  /**
   * A portal-style edit of the live document; indexes and derived fields are rebuilt and
   * delta sees the change. `touched` (object ids) makes it faster on large tenants.
   */
  mutate(edit: (doc: TenantDocument) => void, options?: MutateOptions): void;
  /** Changes properties of one user (e.g. usageLocation, accountEnabled) as an admin would. */
  updateUser(idOrUpn: string, patch: Partial<Omit<TenantUser, 'id'>>): void;
  /** Deletes a user (soft by default: delta says `changed`; `permanent`: `deleted`) and its memberships. */
  deleteUser(idOrUpn: string, options?: { permanent?: boolean }): void;
  /** Completes every pending group license processing now. */
  settleGroupProcessing(): void;
  /** Makes every delta token issued so far expired (next use: 410). */
  expireDeltaTokens(): void;
  resetStats(): void;
  stop(): Promise<void>;
}

const REAL_CLOCK: EmulatorClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const UNLIMITED: WriteQuotaOptions = { limit: Number.MAX_SAFE_INTEGER, windowSeconds: 1 };

function latencyFunction(latency: LatencyOption | undefined, random: () => number): () => number {
  if (latency === undefined) return () => 0;
  if (typeof latency === 'number') return () => latency;
  return () => latency.min + random() * (latency.max - latency.min);
}

interface EmulatorParts {
  tenant: EmulatedTenant;
  core: EmulatorCore;
  deps: PipelineDeps;
  random: () => number;
}

function createParts(options: GraphEmulatorOptions, clock: EmulatorClock): EmulatorParts {
  const doc = options.cloneTenant === false ? options.tenant : copyTenantDocument(options.tenant);
  const tenant = new EmulatedTenant(doc, () => clock.now(), options.groupProcessingDelayMs ?? 0);
  tenant.replicas.lagMs = options.replicationLagMs ?? 0;
  const stats = new EmulatorStats(clock.now());
  const core: EmulatorCore = {
    tenant,
    cursors: new PageCursors(),
    deltaTokens: new DeltaTokens(options.deltaTokenTtlMs ?? DEFAULT_DELTA_TOKEN_TTL_MS),
    now: () => clock.now(),
    deltaTracksAssignmentStates: options.deltaTracksAssignmentStates ?? false,
    permissions: { ...DEFAULT_PERMISSIONS, ...options.permissions },
    countScan: () => { stats.filterScans++; },
  };
  const deps: PipelineDeps = {
    core,
    stats,
    quota: new WriteQuota(options.writeQuota === false ? UNLIMITED : (options.writeQuota ?? DEFAULT_WRITE_QUOTA)),
    resourceUnits: { quota: options.resourceUnitQuota ? new WriteQuota(options.resourceUnitQuota) : null },
    faults: new FaultInjector(options.faults),
  };
  return { tenant, core, deps, random: options.seed === undefined ? Math.random : createSeededRandom(options.seed) };
}

async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return `http://${address.address}:${address.port}`;
}

/** Starts a Graph v1.0 emulator over a tenant document on loopback. */
export async function startGraphEmulator(options: GraphEmulatorOptions): Promise<GraphEmulator> {
  const clock = options.clock ?? REAL_CLOCK;
  const { tenant, core, deps, random } = createParts(options, clock);
  let latency = latencyFunction(options.latency, random);
  const auth = options.auth ?? {};
  const adapter = {
    deps,
    auth,
    batchResponseOrder: options.batchResponseOrder ?? 'reversed',
    delay: async () => { const ms = latency(); if (ms > 0) await clock.sleep(ms); },
  } as const;
  const server: Server = createServer((req, res) => {
    handleHttp(adapter, req, res, serviceRoot).catch((error: unknown) => {
      // A bug in the emulator: answer 500 rather than hanging the client.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error instanceof Error ? error.stack : error));
    });
  });
  const url = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const serviceRoot = `${url}/v1.0`;
  const { stats, faults, quota, resourceUnits } = deps;
  return {
    url,
    serviceRoot,
    token: auth.requireToken ?? createTestToken({ appid: 'skuform-emulator', tid: tenant.doc.tenant.id, ...(auth.roles ? { roles: [...auth.roles] } : {}) }),
    stats,
    get state() { tenant.advance(clock.now()); return tenant.doc; },
    loadWarnings: tenant.warnings,
    setFaults: (next) => faults.configure(next ?? { rate: 0 }),
    setQuota: (next) => quota.reset(next === false ? UNLIMITED : next),
    setResourceUnitQuota: (next) => { resourceUnits.quota = next === false ? null : new WriteQuota(next); },
    setLatency: (next) => { latency = latencyFunction(next, random); },
    setGroupProcessingDelay: (ms) => { tenant.processingDelayMs = ms; },
    setReplicationLag: (ms) => { tenant.replicas.lagMs = ms; },
    mutate: (edit, mutateOptions) => tenant.mutate(edit, mutateOptions),
    updateUser: (idOrUpn, patch) => tenant.updateUser(idOrUpn, patch),
    deleteUser: (idOrUpn, deleteOptions) => tenant.deleteUser(idOrUpn, deleteOptions?.permanent === true),
    settleGroupProcessing: () => tenant.settle(),
    expireDeltaTokens: () => core.deltaTokens.expireAll(),
    resetStats: () => stats.reset(clock.now()),
    stop: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
