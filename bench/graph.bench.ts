/**
 * Graph benchmark: `skuform plan` of a config listing every user of an N-user tenant, and
 * `skuform export` of that tenant, against the Graph emulator answering each request after
 * 50 ms, next to the least any client can do to read those users: the pages of 999 users
 * followed one after the other. Every run is a fresh process, as a user runs it; the
 * emulator runs in this process and counts the requests. Also counts the requests of a
 * 40-principal config in a 20,000-user tenant.
 *
 * Run after `npm run build`: node dist/bench/graph.bench.js [--users 100000] [--repeats 3]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createTestToken } from '../emulator/access-token.js';
import { startGraphEmulator, type GraphEmulator } from '../emulator/start-graph-emulator.js';
import { USER_SELECT } from '../src/stores/graph/graph-objects.js';
import { numberOption } from './bench-args.js';
import { generateWorkload } from './plan-e2e.bench.js';
import { ratio, verdict, type Verdict } from './verdict.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const LATENCY_MS = 50;
const PLAN_ROLES = ['User.Read.All', 'GroupMember.Read.All', 'LicenseAssignment.Read.All', 'Organization.Read.All'];

/** The yardstick: every user, 999 to a page, each page asked for once the one before has arrived. */
const PAGED_READ = `
const [root, token, select] = process.argv.slice(1);
let url = root + '/v1.0/users?$select=' + select + '&$top=999';
let users = 0;
while (url) {
  const body = await (await fetch(url, { headers: { Authorization: 'Bearer ' + token } })).json();
  users += body.value.length;
  url = body['@odata.nextLink'];
}
console.log(users);
`;

export interface GraphRun {
  seconds: number;
  requests: number;
}

export interface GraphBenchResult {
  users: number;
  pagedRead: GraphRun;
  plan: GraphRun;
  export: GraphRun;
  /** `validate --store graph` of the same config: names only. */
  validate: GraphRun;
  /** Requests of a config of 30 users and 10 groups in a 20,000-user tenant. */
  smallConfigRequests: number;
}

/** Runs a child to its end without blocking this process, whose emulator must keep answering. */
function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      // plan exits 0 (or 2 with --detailed-exitcode); anything else is a failed run.
      if (code !== 0) reject(new Error(`${args.slice(1, 3).join(' ')} exited ${code}: ${stderr.slice(0, 2000)}`));
      else resolve((performance.now() - started) / 1000);
    });
  });
}

async function measure(emulator: GraphEmulator, args: readonly string[], env: NodeJS.ProcessEnv): Promise<GraphRun> {
  emulator.resetStats();
  const seconds = await run(args, env);
  return { seconds, requests: emulator.stats.httpRequests };
}

function best(runs: readonly GraphRun[]): GraphRun {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

export async function runGraphBench(users: number, repeats: number): Promise<GraphBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'skuform-graph-bench-'));
  try {
    const { tenant, config } = generateWorkload(users);
    const configPath = join(dir, 'licenses.yaml');
    await writeFile(configPath, config);
    const emulator = await startGraphEmulator({ tenant, cloneTenant: false, latency: LATENCY_MS, writeQuota: false });
    const token = createTestToken({ roles: PLAN_ROLES, tid: tenant.tenant.id });
    const env = { SKUFORM_GRAPH_TOKEN: token };
    const store = `graph:${emulator.url}`;
    const runs = { pagedRead: [] as GraphRun[], plan: [] as GraphRun[], export: [] as GraphRun[], validate: [] as GraphRun[] };
    try {
      // Interleaved, so that background load on a shared machine hits them all alike.
      for (let r = 0; r < repeats; r++) {
        runs.pagedRead.push(await measure(emulator, ['--input-type=module', '-e', PAGED_READ, emulator.url, token, USER_SELECT], {}));
        runs.plan.push(await measure(emulator, [CLI, 'plan', configPath, '--store', store], env));
        runs.export.push(await measure(emulator, [CLI, 'export', '--store', store], env));
        runs.validate.push(await measure(emulator, [CLI, 'validate', configPath, '--store', store], env));
      }
    } finally {
      await emulator.stop();
    }
    return {
      users,
      pagedRead: best(runs.pagedRead),
      plan: best(runs.plan),
      export: best(runs.export),
      validate: best(runs.validate),
      smallConfigRequests: await countSmallConfig(dir),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** 30 users and 10 groups (with their members) of a 20,000-user tenant: what a pull request usually plans. */
async function countSmallConfig(dir: string): Promise<number> {
  const { tenant } = generateWorkload(20_000);
  const lines = ['version: 1', 'users:'];
  for (let i = 0; i < 30; i++) lines.push(`  user${i * 601}@contoso.com: [{ sku: SPE_E3 }]`);
  lines.push('groups:');
  // Teams 0 and 1 license E3: leaving them out keeps the plan from blocking on removals.
  for (let g = 2; g < 12; g++) lines.push(`  Team ${g}: []`);
  const path = join(dir, 'small.yaml');
  await writeFile(path, `${lines.join('\n')}\n`);
  const emulator = await startGraphEmulator({ tenant, cloneTenant: false, latency: LATENCY_MS, writeQuota: false });
  try {
    const env = { SKUFORM_GRAPH_TOKEN: createTestToken({ roles: PLAN_ROLES, tid: tenant.tenant.id }) };
    return (await measure(emulator, [CLI, 'plan', path, '--store', `graph:${emulator.url}`], env)).requests;
  } finally {
    await emulator.stop();
  }
}

export function formatGraphBench(r: GraphBenchResult): string {
  const line = (name: string, run: GraphRun) =>
    `  ${name}: ${run.seconds.toFixed(2)} s (${ratio(run.seconds / r.pagedRead.seconds)} the paged read), ${run.requests} requests`;
  return [
    `Graph emulator, ${LATENCY_MS} ms per request, ${r.users.toLocaleString('en')} users, fresh process each, best of runs:`,
    `  paged read of every user (999 a page, one after the other): ${r.pagedRead.seconds.toFixed(2)} s, ${r.pagedRead.requests} requests`,
    line(`plan of a config listing all ${r.users.toLocaleString('en')}`, r.plan),
    line('export of the tenant', r.export),
    line('validate --store of that config (names only)', r.validate),
    `  plan of 30 users and 10 groups in a 20,000-user tenant: ${r.smallConfigRequests} requests`,
  ].join('\n');
}

export function graphVerdicts(r: GraphBenchResult): Verdict[] {
  const size = `${r.users.toLocaleString('en')} users`;
  const timed = (what: string, run: GraphRun) => {
    const measured = run.seconds / r.pagedRead.seconds;
    return [
      verdict(`${what}, Graph, ${size}: time`, `${ratio(measured)} the paged read`, '<= 2x', measured <= 2),
      verdict(`${what}, Graph, ${size}: requests`, String(run.requests), '<= 150', run.requests <= 150),
    ];
  };
  return [
    ...timed('plan', r.plan),
    ...timed('export', r.export),
    verdict('plan, Graph, 40 principals of 20,000 users: requests', String(r.smallConfigRequests), '<= 20', r.smallConfigRequests <= 20),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  console.log(formatGraphBench(await runGraphBench(numberOption(argv, '--users', 100_000), numberOption(argv, '--repeats', 3))));
}
