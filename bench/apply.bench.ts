/**
 * Apply benchmark (SPEC 10): the engine against the Graph emulator over real loopback HTTP,
 * with fixed latency. The client keeps Graph's documented write quota (3,000 per 150 s, 20/s)
 * as its ceiling; the emulator allows writes as a token bucket, standing for what the service
 * really allows: Graph's documented 20/s (bursts of 20), and a tenant whose budget is shared
 * with another app (10/s, bursts of 5). Prints, as ratios measured in one run: achieved
 * write rate as % of what the service allows, % of requests answered 429, lost operations
 * (not applied, or still planned afterwards), each with its target and whether it was met;
 * and, for the first scenario, the speed-up over a sequential loop (one POST
 * /users/{id}/assignLicense at a time, honouring Retry-After).
 *
 * Run after `npm run build`: node dist/bench/apply.bench.js [--operations N] [--quick]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyPlan } from '../src/apply/apply-plan.js';
import { openFileJournal } from '../src/apply/journal.js';
import type { DesiredState } from '../src/model/desired.js';
import type { Plan } from '../src/model/plan.js';
import { computePlan } from '../src/plan/compute-plan.js';
import { openGraphStore } from '../src/stores/graph/open-graph-store.js';
import type { GraphStore } from '../src/stores/graph/graph-store.js';
import { createTestToken } from '../emulator/access-token.js';
import { generatedId, generateTenant, GENERATED_SKUS } from '../emulator/generate-tenant.js';
import { startGraphEmulator, type GraphEmulator } from '../emulator/start-graph-emulator.js';

export interface ApplyBenchScenario {
  name: string;
  operations: number;
  /** Operations the sequential loop runs (its rate is what is compared); 0: no sequential arm. */
  sequentialOperations: number;
  /** What the emulator allows: a token bucket of `ratePerSecond`, at most `burst` at once. */
  service: { ratePerSecond: number; burst: number };
  latencyMs: number;
  targets: { rateShare: number; throttledShare: number };
}

export interface ArmResult {
  operations: number;
  elapsedMs: number;
  writesPerSecond: number;
  /** Logical requests (batch items counted) and those answered 429. */
  requests: number;
  throttled: number;
}

export interface ApplyBenchResult {
  scenario: ApplyBenchScenario;
  engine: ArmResult & { notApplied: number; pendingAfter: number };
  sequential: ArmResult | undefined;
}

const ROLES = ['User.Read.All', 'GroupMember.Read.All', 'LicenseAssignment.ReadWrite.All', 'Organization.Read.All'];

/** Users with a usage location move to E5: a swap for every third (who holds E3), else an acquisition. */
function desiredFor(operations: number): { users: number; desired: DesiredState } {
  const users = Math.ceil(operations / 0.8) + 5;
  const here = { file: 'bench.yaml', line: 1, column: 1 };
  const listed = [];
  for (let n = 0; n < users && listed.length < operations; n++) {
    if (n % 5 === 4) continue;
    listed.push({ kind: 'user' as const, key: generatedId('0000a11c', n), source: here, licenses: [{ skuId: GENERATED_SKUS.e5, disabledPlans: [], mode: 'disabledPlans' as const, source: here }] });
  }
  return {
    users,
    desired: {
      settings: { managedSkuIds: [GENERATED_SKUS.e3, GENERATED_SKUS.e5], managedSkusExplicit: true, prune: false, maxRemovals: 1_000_000, seatReserve: {} },
      users: listed,
      groups: [],
      files: ['bench.yaml'],
    },
  };
}

async function planAgainst(store: GraphStore, desired: DesiredState): Promise<Plan> {
  const snapshot = await store.readSnapshot({ users: desired.users.map((user) => user.key), groups: [], holdersOf: [], members: false });
  return computePlan(desired, snapshot, { storeLocation: store.location, configFiles: desired.files });
}

async function withEmulator<T>(scenario: ApplyBenchScenario, users: number, work: (emulator: GraphEmulator, store: GraphStore, token: string) => Promise<T>): Promise<T> {
  const tenant = generateTenant({ users });
  const { ratePerSecond, burst } = scenario.service;
  const emulator = await startGraphEmulator({ tenant, latency: scenario.latencyMs, writeQuota: { limit: ratePerSecond, windowSeconds: 1, mode: 'token-bucket', burst } });
  const token = createTestToken({ roles: ROLES, tid: tenant.tenant.id, appid: 'skuform-bench' });
  const store = openGraphStore({ env: { SKUFORM_GRAPH_TOKEN: token }, graphUrl: emulator.url });
  try {
    return await work(emulator, store, token);
  } finally {
    await store.close();
    await emulator.stop();
  }
}

function armFrom(emulator: GraphEmulator, operations: number, elapsedMs: number): ArmResult {
  return {
    operations,
    elapsedMs,
    writesPerSecond: (operations / elapsedMs) * 1000,
    requests: emulator.stats.operations,
    throttled: emulator.stats.byStatus['429'] ?? 0,
  };
}

async function runEngineArm(scenario: ApplyBenchScenario): Promise<ApplyBenchResult['engine']> {
  const { users, desired } = desiredFor(scenario.operations);
  return withEmulator(scenario, users, async (emulator, store) => {
    const plan = await planAgainst(store, desired);
    const dir = await mkdtemp(join(tmpdir(), 'skuform-bench-'));
    const journal = await openFileJournal(join(dir, 'journal.jsonl'));
    emulator.resetStats();
    try {
      // The store's default quota: Graph's documented one is the ceiling, the service decides the rest.
      const result = await applyPlan(plan, store, { journal });
      // The write phase: the verification reads after it are not writes.
      const arm = armFrom(emulator, result.counts.applied, result.elapsedMs - (result.verification?.elapsedMs ?? 0));
      const pendingAfter = (await planAgainst(store, desired)).operations.length;
      return { ...arm, notApplied: plan.operations.length - result.counts.applied, pendingAfter };
    } finally {
      await journal.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
}

/** Seconds (possibly fractional) or an HTTP date, as Graph may send. */
function retryAfterMs(header: string | null): number {
  if (header === null) return 1000;
  const seconds = Number(header);
  return Number.isFinite(seconds) ? seconds * 1000 : Math.max(0, Date.parse(header) - Date.now());
}

async function runSequentialArm(scenario: ApplyBenchScenario): Promise<ArmResult> {
  const { users, desired } = desiredFor(scenario.sequentialOperations);
  return withEmulator(scenario, users, async (emulator, store, token) => {
    const plan = await planAgainst(store, desired);
    emulator.resetStats();
    const startedAt = performance.now();
    for (const operation of plan.operations) {
      for (;;) {
        const response = await fetch(`${emulator.serviceRoot}/users/${operation.principal.id}/assignLicense`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(operation.request),
        });
        await response.arrayBuffer();
        if (response.status !== 429) break;
        await new Promise((resolve) => setTimeout(resolve, retryAfterMs(response.headers.get('retry-after'))));
      }
    }
    return armFrom(emulator, plan.operations.length, performance.now() - startedAt);
  });
}

export async function runApplyBench(scenario: ApplyBenchScenario): Promise<ApplyBenchResult> {
  const engine = await runEngineArm(scenario);
  const sequential = scenario.sequentialOperations > 0 ? await runSequentialArm(scenario) : undefined;
  return { scenario, engine, sequential };
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

export function formatApplyBench(result: ApplyBenchResult): string {
  const { scenario, engine, sequential } = result;
  const { ratePerSecond, burst } = scenario.service;
  const engine429 = engine.requests === 0 ? 0 : engine.throttled / engine.requests;
  const rateShare = engine.writesPerSecond / ratePerSecond;
  const lost = engine.notApplied + engine.pendingAfter;
  const mark = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  const { targets } = scenario;
  const lines = [
    `apply: ${scenario.name} (service allows ${ratePerSecond} writes/s, bursts of ${burst}; client ceiling: Graph's documented 20/s; latency ${scenario.latencyMs} ms; ${engine.operations} operations)`,
    `  achieved write rate   ${engine.writesPerSecond.toFixed(2)}/s = ${percent(rateShare)} of ${ratePerSecond}/s (target >= ${percent(targets.rateShare)}: ${mark(rateShare >= targets.rateShare)})`,
    `  answered 429          ${percent(engine429)} of ${engine.requests} requests (target <= ${percent(targets.throttledShare)}: ${mark(engine429 <= targets.throttledShare)})`,
    `  lost operations       ${lost} (not applied ${engine.notApplied}, still planned after ${engine.pendingAfter}; target 0: ${mark(lost === 0)})`,
  ];
  if (sequential !== undefined) {
    lines.push(
      `  sequential loop       ${sequential.writesPerSecond.toFixed(2)}/s over ${sequential.operations} calls, ${percent(sequential.requests === 0 ? 0 : sequential.throttled / sequential.requests)} answered 429`,
      `  speed-up              ${(engine.writesPerSecond / sequential.writesPerSecond).toFixed(2)}x`,
    );
  }
  return lines.join('\n');
}

/** The two services: Graph's documented 20/s, and a tenant budget shared with another app. */
export function applyBenchScenarios(operations: number): ApplyBenchScenario[] {
  return [
    {
      name: "Graph's documented quota",
      operations,
      sequentialOperations: Math.min(operations, 200),
      service: { ratePerSecond: 20, burst: 20 },
      latencyMs: 50,
      targets: { rateShare: 0.9, throttledShare: 0.05 },
    },
    {
      name: 'tenant budget shared with another app',
      operations,
      sequentialOperations: 0,
      service: { ratePerSecond: 10, burst: 5 },
      latencyMs: 50,
      targets: { rateShare: 0.7, throttledShare: 0.1 },
    },
  ];
}

async function main(args: string[]): Promise<void> {
  const index = args.indexOf('--operations');
  const operations = index >= 0 ? Number(args[index + 1]) : args.includes('--quick') ? 320 : 900;
  for (const scenario of applyBenchScenarios(operations)) {
    process.stdout.write(`${formatApplyBench(await runApplyBench(scenario))}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
