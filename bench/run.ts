/**
 * `npm run bench`: every benchmark, one after the other, printing what was measured in this
 * run (machines are shared and noisy: compare ratios within a run, not absolute times across
 * runs) and, at the end, every target with its figure and whether it is met.
 *
 *   node dist/bench/run.js [--quick] [--large]
 *
 * --quick: smaller sizes and fewer repeats, for a smoke run (the targets' sizes are not met).
 * --large: also plan 500,000 users through the tenant file (several GB of memory, minutes).
 */
import { applyBenchScenarios, formatApplyBench, runApplyBench } from './apply.bench.js';
import { formatApplyFileBench, runApplyFileBench } from './apply-file.bench.js';
import { formatConfigLoadBench, runColdConfigLoadBench, runConfigLoadBench } from './config-load.bench.js';
import { formatGraphBench, graphVerdicts, runGraphBench } from './graph.bench.js';
import { formatPlanBench, runPlanBench } from './plan.bench.js';
import { formatPlanE2e, planE2eVerdicts, runPlanE2eBench } from './plan-e2e.bench.js';
import { formatPlanPhases, runPlanPhasesBench } from './plan-phases.bench.js';
import { formatValidateBench, runValidateBench, validateVerdicts } from './validate.bench.js';
import { formatVerdicts, type Verdict } from './verdict.js';
import { formatWatchBench, runWatchBench } from './watch.bench.js';

const quick = process.argv.includes('--quick');
const large = process.argv.includes('--large');
const repeats = quick ? 1 : 3;
const verdicts: Verdict[] = [];
const heading = (text: string): void => {
  console.log(`\n== ${text}`);
};

heading('plan through the tenant file, end to end, against the floor (js-yaml + JSON.parse of the same files)');
const planSizes = quick ? [10_000] : [10_000, 100_000, ...(large ? [500_000] : [])];
// The largest size once: a run takes minutes and most of the machine's memory.
const planResults = [
  ...(await runPlanE2eBench(planSizes.filter((n) => n <= 100_000), repeats)),
  ...(await runPlanE2eBench(planSizes.filter((n) => n > 100_000), 1)),
];
console.log(formatPlanE2e(planResults));
verdicts.push(...planE2eVerdicts(planResults));

heading('validate offline, end to end, against js-yaml alone');
const validate = await runValidateBench(quick ? 10_000 : 100_000, repeats);
console.log(formatValidateBench(validate));
verdicts.push(...validateVerdicts(validate));

heading('plan and export through Graph (the emulator, 50 ms per request), against the paged read of every user');
const graph = await runGraphBench(quick ? 10_000 : 100_000, quick ? 1 : 2);
console.log(formatGraphBench(graph));
verdicts.push(...graphVerdicts(graph));

heading('plan, phase by phase (where the end-to-end time goes)');
console.log(formatPlanPhases(await runPlanPhasesBench(quick ? [10_000] : [10_000, 100_000], repeats)));

heading('planner alone (computePlan on an in-memory snapshot)');
for (const result of runPlanBench(quick ? [10_000] : [10_000, 100_000])) console.log(formatPlanBench(result));

heading('config loading (parse with positions, schema, merge, resolve) against js-yaml');
const configUsers = quick ? 10_000 : 100_000;
console.log(formatConfigLoadBench(runConfigLoadBench({ users: configUsers, repeats: quick ? 3 : 7, withYaml: !quick }).results));
console.log(formatConfigLoadBench(runColdConfigLoadBench({ users: configUsers, repeats: quick ? 3 : 5 })));

heading('apply against the Graph emulator (at 20/s >= 90%, <= 5% 429; at a shared 10/s with bursts of 5 >= 70%, <= 10% 429; 0 lost)');
for (const scenario of applyBenchScenarios(quick ? 320 : 900)) console.log(formatApplyBench(await runApplyBench(scenario)));

heading('watch: a quiet drift round against Graph (the same cost at 1,000 and 50,000 users)');
console.log(formatWatchBench([await runWatchBench(1_000, quick ? 3 : 7), await runWatchBench(50_000, quick ? 3 : 7)]));

heading('apply through the tenant file (10,000 operations <= 1.5x plan on the same inputs)');
console.log(formatApplyFileBench(await runApplyFileBench(10_000, quick ? 1 : 3)));

heading(`targets, measured in this run${quick ? ' (--quick: smaller sizes than the targets name)' : ''}`);
console.log(formatVerdicts(verdicts));
