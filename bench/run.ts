/**
 * `npm run bench`: every benchmark of SPEC section 10, one after the other, printing ratios
 * measured in this run (the machines are shared and noisy: compare within a run, not across).
 *
 *   node dist/bench/run.js [--quick]
 *
 * --quick: smaller sizes, for a smoke run.
 */
import { applyBenchScenarios, formatApplyBench, runApplyBench } from './apply.bench.js';
import { formatApplyFileBench, runApplyFileBench } from './apply-file.bench.js';
import { formatConfigLoadBench, runColdConfigLoadBench, runConfigLoadBench } from './config-load.bench.js';
import { formatPlanBench, runPlanBench } from './plan.bench.js';
import { formatPlanE2e, runPlanE2eBench } from './plan-e2e.bench.js';
import { formatPlanPhases, runPlanPhasesBench } from './plan-phases.bench.js';
import { formatWatchBench, runWatchBench } from './watch.bench.js';

const quick = process.argv.includes('--quick');
const heading = (text: string): void => {
  console.log(`\n== ${text}`);
};

heading('plan, end to end (target: <= 2x js-yaml + JSON.parse, < 1.5 GB, 10,000 users < 1 s)');
console.log(formatPlanE2e(await runPlanE2eBench(quick ? [10_000] : [10_000, 100_000], quick ? 1 : 3)));

heading('plan, phase by phase (where the end-to-end time goes)');
console.log(formatPlanPhases(await runPlanPhasesBench(quick ? [10_000] : [10_000, 100_000], quick ? 1 : 3)));

heading('planner alone (computePlan on an in-memory snapshot)');
for (const result of runPlanBench(quick ? [10_000] : [10_000, 100_000])) console.log(formatPlanBench(result));

heading('config loading (parse with positions, schema, merge, resolve) vs js-yaml');
const configUsers = quick ? 10_000 : 100_000;
console.log(formatConfigLoadBench(runConfigLoadBench({ users: configUsers, repeats: quick ? 3 : 7, withYaml: true }).results));
console.log(formatConfigLoadBench(runColdConfigLoadBench({ users: configUsers, repeats: quick ? 3 : 5 })));

heading('apply against the Graph emulator (target: at 20/s >= 90%, <= 5% 429; at a shared 10/s with bursts of 5 >= 70%, <= 10% 429; 0 lost)');
for (const scenario of applyBenchScenarios(quick ? 320 : 900)) console.log(formatApplyBench(await runApplyBench(scenario)));

heading('watch: a quiet drift round against Graph (SPEC 10: the same cost at 1,000 and 50,000 users)');
console.log(formatWatchBench([await runWatchBench(1_000, quick ? 3 : 7), await runWatchBench(50_000, quick ? 3 : 7)]));
heading('apply through the tenant file (SPEC 10: 10,000 operations <= 1.5x plan on the same inputs)');
console.log(formatApplyFileBench(await runApplyFileBench(10_000, quick ? 1 : 3)));
