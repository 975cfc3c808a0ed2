/**
 * Apply through the tenant file (SPEC 10): `skuform apply` of 10,000 operations as a user runs
 * it (a fresh `node` process, a fresh copy of the tenant file each time, the default
 * concurrency, verification on) next to `skuform plan` of the same config and tenant. The
 * config gives every user of the plan benchmark's workload one license more than they hold;
 * the tenant file is written as skuform writes tenant files (`export --snapshot`, every
 * apply), in the contract's key order.
 * Prints the best-of-R wall times, the ratio (target <= 1.5) and whether it was met, the same
 * for CPU time (steadier when the machine is shared), and checks that a plan right after
 * each apply has no changes.
 *
 * Run after `npm run build`: node dist/bench/apply-file.bench.js [--users 10000] [--repeats 3]
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serializeTenantDocument } from '../src/stores/file/serialize-tenant-document.js';
import { generateWorkload, measure } from './plan-e2e.bench.js';

const CLI = join(fileURLToPath(import.meta.url), '..', '..', 'src', 'cli', 'main.js');

/** A license each profile of the workload does not have yet. */
const EXTRA: Record<string, string> = { 'knowledge-worker': 'POWER_BI_PRO', analyst: 'Visio Plan 2', 'power-user': 'POWER_BI_PRO', engineer: 'POWER_BI_PRO' };

/** The workload's config with one more license for every user (one operation each). */
export function oneMoreLicenseEach(config: string): string {
  return config.replace(/^ {2}(\S+): (\S+)$/gm, (_line, upn: string, profile: string) => {
    const extra = EXTRA[profile];
    if (extra === undefined) throw new Error(`no extra license for profile ${profile}`);
    return `  ${upn}:\n    profiles: [${profile}]\n    licenses:\n      - sku: ${extra}`;
  });
}

export interface ApplyFileResult {
  users: number;
  /** Best wall seconds. */
  planSeconds: number;
  applySeconds: number;
  ratio: number;
  /** Best CPU seconds: steadier than wall time on a shared, loaded machine. */
  planCpu: number;
  applyCpu: number;
  /** Runs after which a plan still had changes (must be 0). */
  notConverged: number;
}

export async function runApplyFileBench(users: number, repeats: number): Promise<ApplyFileResult> {
  const dir = await mkdtemp(join(tmpdir(), 'skuform-bench-apply-'));
  try {
    const { tenant, config } = generateWorkload(users);
    const original = join(dir, 'tenant-original.json');
    const tenantPath = join(dir, 'tenant.json');
    const configPath = join(dir, 'licenses.yaml');
    await writeFile(original, serializeTenantDocument(tenant));
    await writeFile(configPath, oneMoreLicenseEach(config));
    const store = `file:${tenantPath}`;
    const plan = { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY };
    const apply = { ...plan };
    const best = (into: typeof plan, run: ReturnType<typeof measure>): void => {
      into.wall = Math.min(into.wall, run.seconds);
      into.cpu = Math.min(into.cpu, run.cpuSeconds);
    };
    let notConverged = 0;
    for (let r = 0; r < repeats; r++) {
      // Interleaved, so background load on a shared machine hits both alike.
      await copyFile(original, tenantPath);
      best(plan, measure([process.execPath, CLI, 'plan', configPath, '--store', store]));
      best(apply, measure([process.execPath, CLI, 'apply', configPath, '--store', store, '--auto-approve', '--journal', join(dir, `journal-${r}.jsonl`)]));
      const after = spawnSync(process.execPath, [CLI, 'plan', configPath, '--store', store, '--detailed-exitcode'], { stdio: 'ignore' });
      if (after.status !== 0) notConverged += 1;
    }
    return { users, planSeconds: plan.wall, applySeconds: apply.wall, ratio: apply.wall / plan.wall, planCpu: plan.cpu, applyCpu: apply.cpu, notConverged };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatApplyFileBench(result: ApplyFileResult): string {
  const met = result.ratio <= 1.5 ? 'met' : 'MISSED';
  return [
    `apply through the tenant file: ${result.users.toLocaleString('en')} operations (every user one license more), fresh process each, best of runs`,
    `  plan ${result.planSeconds.toFixed(2)} s, apply (verified) ${result.applySeconds.toFixed(2)} s: ratio ${result.ratio.toFixed(2)}x (target <= 1.5: ${met})`,
    `  CPU time: plan ${result.planCpu.toFixed(2)} s, apply ${result.applyCpu.toFixed(2)} s: ratio ${(result.applyCpu / result.planCpu).toFixed(2)}x`,
    `  plan right after each apply: ${result.notConverged === 0 ? 'no changes every time' : `${result.notConverged} run(s) still had changes (LOST WRITES)`}`,
  ].join('\n');
}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  console.log(formatApplyFileBench(await runApplyFileBench(Number(option(argv, '--users') ?? 10_000), Number(option(argv, '--repeats') ?? 3))));
}
