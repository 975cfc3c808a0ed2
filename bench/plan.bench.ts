import { pathToFileURL } from 'node:url';
import { computePlan } from '../src/plan/compute-plan.js';
import { generatePlanWorkload } from './plan-workload.js';

/**
 * Times `computePlan` on the synthetic workload (six in ten users change, one group fans
 * out) for each size, next to `JSON.parse` of the same snapshot as a machine-independent
 * yardstick. Run after `npm run build`: `node dist/bench/plan.bench.js [users...]`.
 */
export interface PlanBenchResult {
  users: number;
  /** Median wall time of computePlan, in milliseconds. */
  planMs: number;
  /** Median wall time of JSON.parse of the snapshot as a tenant file would hold it. */
  parseMs: number;
  operations: number;
  checks: number;
  /** Heap in use after the last run, in MiB. */
  heapUsedMiB: number;
}

export function runPlanBench(sizes: readonly number[] = [10_000, 100_000], runs = 3): PlanBenchResult[] {
  const results: PlanBenchResult[] = [];
  for (const users of sizes) {
    const { desired, snapshot } = generatePlanWorkload(users);
    const tenantText = JSON.stringify(snapshot);
    const options = { storeLocation: 'bench', configFiles: desired.files };
    computePlan(desired, snapshot, options);
    const planTimes: number[] = [];
    const parseTimes: number[] = [];
    let plan = computePlan(desired, snapshot, options);
    for (let run = 0; run < runs; run += 1) {
      parseTimes.push(time(() => JSON.parse(tenantText)));
      planTimes.push(time(() => (plan = computePlan(desired, snapshot, options))));
    }
    results.push({
      users,
      planMs: median(planTimes),
      parseMs: median(parseTimes),
      operations: plan.operations.length,
      checks: plan.checks.length,
      heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    });
  }
  return results;
}

function time(action: () => unknown): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function formatPlanBench(result: PlanBenchResult): string {
  const ratio = result.parseMs > 0 ? (result.planMs / result.parseMs).toFixed(2) : 'n/a';
  return (
    `plan ${result.users} users: ${result.planMs.toFixed(0)} ms ` +
    `(JSON.parse of the tenant ${result.parseMs.toFixed(0)} ms, ratio ${ratio}; ` +
    `${result.operations} operations, ${result.checks} checks, heap ${result.heapUsedMiB} MiB)`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  for (const result of runPlanBench(sizes.length > 0 ? sizes : undefined)) console.log(formatPlanBench(result));
}
