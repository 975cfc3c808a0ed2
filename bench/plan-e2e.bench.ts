/**
 * End-to-end plan benchmark: `skuform plan` of a config listing N users against an N-user
 * tenant file, as a user runs it (a fresh `node` process), next to a process that only
 * parses the same two files with the fastest parsers (js-yaml + JSON.parse): the floor.
 * Prints, measured in one run on this machine, best-of-R wall times, their ratio and the
 * peak memory of both. Targets: at most 1.5x the floor in time at 10,000 and 100,000 users
 * and 1.5x its peak memory at 100,000; at 500,000 users (--large) at most 2x the floor and
 * under 4 GB.
 *
 * Run after `npm run build`: node dist/bench/plan-e2e.bench.js [--users 10000,100000] [--repeats 3]
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCatalog } from '../src/catalog/index.js';
import type { CatalogSku } from '../src/catalog/index.js';
import type { SubscribedSku, TenantDocument, TenantGroup, TenantUser } from '../src/model/tenant.js';
import { loadTenantState } from '../src/stores/semantics/index.js';
import { numberOption } from './bench-args.js';
import { ratio, verdict, type Verdict } from './verdict.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** A deterministic GUID for object `n` of a kind. */
function objectId(kind: string, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${kind}-0000-4000-8000-${hex}`;
}

function catalogSku(part: string): CatalogSku {
  const sku = loadCatalog().skus.find((s) => s.skuPartNumber === part);
  if (!sku) throw new Error(`catalogue has no ${part}`);
  return sku;
}

function subscribed(part: string, enabled: number): SubscribedSku {
  const sku = catalogSku(part);
  return {
    skuId: sku.skuId, skuPartNumber: part, appliesTo: 'User', capabilityStatus: 'Enabled', consumedUnits: 0,
    prepaidUnits: { enabled, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans: sku.servicePlans.map((p) => ({ servicePlanId: p.servicePlanId, servicePlanName: p.servicePlanName, provisioningStatus: 'Success', appliesTo: 'User' })),
  };
}

function planIds(part: string, names: readonly string[]): string[] {
  const sku = catalogSku(part);
  return names.map((name) => {
    const plan = sku.servicePlans.find((p) => p.servicePlanName === name);
    if (!plan) throw new Error(`${part} has no ${name}`);
    return plan.servicePlanId;
  }).sort();
}

const PROFILES = ['knowledge-worker', 'analyst', 'power-user', 'engineer'] as const;

/**
 * N users in four profiles over real SKUs and plans, 1% of them not yet licensed (so the
 * plan has work), 20 groups of 500 members, two of which license E3 (inherited notes).
 */
export function generateWorkload(users: number): { tenant: TenantDocument; config: string } {
  const e3 = subscribed('SPE_E3', users);
  const e5 = subscribed('SPE_E5', users);
  const pbi = subscribed('POWER_BI_PRO', users);
  const visio = subscribed('VISIOCLIENT', users);
  const e3Off = planIds('SPE_E3', ['SWAY', 'YAMMER_ENTERPRISE']);
  const e5Off = planIds('SPE_E5', ['YAMMER_ENTERPRISE']);
  const direct: Record<(typeof PROFILES)[number], { skuId: string; disabledPlans: string[] }[]> = {
    'knowledge-worker': [{ skuId: e3.skuId, disabledPlans: e3Off }],
    analyst: [{ skuId: e3.skuId, disabledPlans: e3Off }, { skuId: pbi.skuId, disabledPlans: [] }],
    'power-user': [{ skuId: e5.skuId, disabledPlans: e5Off }],
    engineer: [{ skuId: e3.skuId, disabledPlans: e3Off }, { skuId: visio.skuId, disabledPlans: [] }],
  };
  const tenantUsers: TenantUser[] = [];
  const lines: string[] = [];
  for (let i = 0; i < users; i++) {
    const profile = PROFILES[i % PROFILES.length] ?? 'knowledge-worker';
    const upn = `user${i}@contoso.com`;
    const licenses = i % 100 === 99 ? [] : direct[profile];
    tenantUsers.push({
      id: objectId('0000a11c', i), userPrincipalName: upn, displayName: `User ${i}`, accountEnabled: true, usageLocation: 'NL',
      assignedLicenses: [],
      licenseAssignmentStates: licenses.map((l) => ({ ...l, assignedByGroup: null, state: 'Active', error: null, lastUpdatedDateTime: '2026-01-01T00:00:00Z' })),
    });
    lines.push(`  ${upn}: ${profile}`);
  }
  const groups: TenantGroup[] = Array.from({ length: 20 }, (_, g) => ({
    id: objectId('00009a0b', g), displayName: `Team ${g}`, securityEnabled: true,
    assignedLicenses: g < 2 ? [{ skuId: e3.skuId, disabledPlans: [] }] : [],
    members: tenantUsers.slice(g * 500, g * 500 + 500).map((u) => u.id),
  }));
  const doc: TenantDocument = {
    tenant: { id: objectId('7e5a0000', 1), displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com', countryLetterCode: 'NL' },
    subscribedSkus: [e3, e5, pbi, visio],
    users: tenantUsers,
    groups,
  };
  loadTenantState(doc, { now: () => new Date('2026-01-01T00:00:00Z') });
  const config = [
    'version: 1',
    'profiles:',
    '  knowledge-worker:',
    '    - sku: SPE_E3',
    '      disabledPlans: [SWAY, YAMMER_ENTERPRISE]',
    '  analyst:',
    '    - sku: SPE_E3',
    '      disabledPlans: [SWAY, YAMMER_ENTERPRISE]',
    '    - sku: POWER_BI_PRO',
    '  power-user:',
    '    - sku: SPE_E5',
    '      disabledPlans: [YAMMER_ENTERPRISE]',
    '  engineer:',
    '    - sku: SPE_E3',
    '      disabledPlans: [SWAY, YAMMER_ENTERPRISE]',
    '    - sku: Visio Plan 2',
    'users:',
    ...lines,
    '',
  ].join('\n');
  return { tenant: doc, config };
}

/** Wall seconds, CPU (user + system) seconds and peak resident memory (KiB) of one command, from GNU time. */
export function measure(args: readonly string[]): { seconds: number; cpuSeconds: number; maxRssKiB: number } {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return parseTime(run.stderr);
}

function parseTime(stderr: string): { seconds: number; cpuSeconds: number; maxRssKiB: number } {
  const last = stderr.trim().split('\n').pop() ?? '';
  const [seconds, user, system, rss] = last.split(' ').map(Number);
  if (seconds === undefined || user === undefined || system === undefined || rss === undefined || Number.isNaN(seconds)) {
    throw new Error(`unexpected output of time: ${stderr}`);
  }
  return { seconds, cpuSeconds: user + system, maxRssKiB: rss };
}

/** A process that does nothing but parse both inputs with js-yaml and JSON.parse: the yardstick. */
const PARSE_ONLY = `
const { readFileSync } = require('node:fs');
const yaml = require(${JSON.stringify(join(ROOT, 'node_modules', 'js-yaml'))});
yaml.load(readFileSync(process.argv[1], 'utf8'));
JSON.parse(readFileSync(process.argv[2], 'utf8'));
`;

export interface PlanE2eResult {
  users: number;
  tenantMiB: number;
  configMiB: number;
  parseSeconds: number;
  planSeconds: number;
  ratio: number;
  parsePeakMiB: number;
  planPeakMiB: number;
}

/** The workload of one size, written to files as a user would have them. */
export interface WorkloadFiles {
  users: number;
  configPath: string;
  tenantPath: string;
  configMiB: number;
  tenantMiB: number;
}

/** Writes the workload of each size to a scratch folder, measures it, and removes the folder. */
export async function measureWorkloads<T>(sizes: readonly number[], measureOne: (files: WorkloadFiles) => T): Promise<T[]> {
  const dir = await mkdtemp(join(tmpdir(), 'skuform-bench-'));
  const results: T[] = [];
  try {
    for (const users of sizes) {
      const { tenant, config } = generateWorkload(users);
      const tenantPath = join(dir, `tenant-${users}.json`);
      const configPath = join(dir, `licenses-${users}.yaml`);
      const tenantBytes = await writeTenantFile(tenantPath, tenant);
      await writeFile(configPath, config);
      results.push(measureOne({ users, configPath, tenantPath, configMiB: config.length / 2 ** 20, tenantMiB: tenantBytes / 2 ** 20 }));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

/**
 * Writes the tenant as `JSON.stringify(doc, null, 2)` would, one user at a time: the text of
 * 500,000 users is close to the longest string JavaScript can hold. Returns its size in bytes.
 */
async function writeTenantFile(path: string, doc: TenantDocument): Promise<number> {
  const handle = await open(path, 'w');
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    await handle.write(text);
  };
  const indented = (value: unknown, by: string) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${by}`);
  try {
    await write(`{\n  "tenant": ${indented(doc.tenant, '  ')},\n  "subscribedSkus": ${indented(doc.subscribedSkus, '  ')},\n  "users": [`);
    const batch = 1_000;
    for (let start = 0; start < doc.users.length; start += batch) {
      const users = doc.users.slice(start, start + batch).map((user) => `    ${indented(user, '    ')}`);
      await write(`${start === 0 ? '\n' : ',\n'}${users.join(',\n')}`);
    }
    await write(`${doc.users.length === 0 ? '' : '\n  '}],\n  "groups": ${indented(doc.groups, '  ')}\n}\n`);
  } finally {
    await handle.close();
  }
  return bytes;
}

/** The target of each size: 1.5x the floor up to 100,000 users, 2x beyond (where memory, not time, is the question). */
function timeTarget(users: number): number {
  return users > 100_000 ? 2 : 1.5;
}

export function runPlanE2eBench(sizes: readonly number[], repeats: number): Promise<PlanE2eResult[]> {
  return measureWorkloads(sizes, ({ users, configPath, tenantPath, configMiB, tenantMiB }) => {
    let parse = Number.POSITIVE_INFINITY;
    let plan = Number.POSITIVE_INFINITY;
    let parsePeak = 0;
    let planPeak = 0;
    for (let r = 0; r < repeats; r++) {
      // Interleaved, so background load on a shared machine hits both alike.
      const floor = measure([process.execPath, '-e', PARSE_ONLY, configPath, tenantPath]);
      parse = Math.min(parse, floor.seconds);
      parsePeak = Math.max(parsePeak, floor.maxRssKiB);
      const run = measure([process.execPath, CLI, 'plan', configPath, '--store', `file:${tenantPath}`]);
      plan = Math.min(plan, run.seconds);
      planPeak = Math.max(planPeak, run.maxRssKiB);
    }
    return { users, tenantMiB, configMiB, parseSeconds: parse, planSeconds: plan, ratio: plan / parse, parsePeakMiB: parsePeak / 1024, planPeakMiB: planPeak / 1024 };
  });
}

export function formatPlanE2e(results: readonly PlanE2eResult[]): string {
  const lines = ['End-to-end `skuform plan` against parsing the same inputs (js-yaml + JSON.parse), fresh process each, best of runs:'];
  for (const r of results) {
    lines.push(
      `  ${r.users.toLocaleString('en')} users (tenant ${r.tenantMiB.toFixed(1)} MiB, config ${r.configMiB.toFixed(1)} MiB): ` +
        `parse only ${r.parseSeconds.toFixed(2)} s, ${r.parsePeakMiB.toFixed(0)} MiB; plan ${r.planSeconds.toFixed(2)} s, ${r.planPeakMiB.toFixed(0)} MiB ` +
        `(${ratio(r.ratio)} the time, ${ratio(r.planPeakMiB / r.parsePeakMiB)} the memory)`,
    );
  }
  return lines.join('\n');
}

/** The plan targets these results speak to. */
export function planE2eVerdicts(results: readonly PlanE2eResult[]): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const r of results) {
    const size = `${r.users.toLocaleString('en')} users`;
    const target = timeTarget(r.users);
    verdicts.push(verdict(`plan, tenant file, ${size}: time`, `${ratio(r.ratio)} the floor`, `<= ${target}x`, r.ratio <= target));
    const memory = r.planPeakMiB / r.parsePeakMiB;
    if (r.users === 100_000) verdicts.push(verdict(`plan, tenant file, ${size}: peak memory`, `${ratio(memory)} the floor's (${r.planPeakMiB.toFixed(0)} MiB)`, '<= 1.5x', memory <= 1.5));
    if (r.users > 100_000) verdicts.push(verdict(`plan, tenant file, ${size}: peak memory`, `${(r.planPeakMiB / 1024).toFixed(2)} GiB`, '< 4 GiB', r.planPeakMiB < 4096));
  }
  return verdicts;
}

/** `--users 10000,100000 --repeats 3`, the command line of the plan benchmarks. */
export function readSizesAndRepeats(argv: readonly string[]): { sizes: number[]; repeats: number } {
  const at = argv.indexOf('--users');
  const sizes = (at >= 0 ? (argv[at + 1] ?? '') : '10000,100000').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return { sizes, repeats: numberOption(argv, '--repeats', 3) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { sizes, repeats } = readSizesAndRepeats(process.argv.slice(2));
  console.log(formatPlanE2e(await runPlanE2eBench(sizes, repeats)));
}
