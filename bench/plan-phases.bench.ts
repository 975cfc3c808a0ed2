/**
 * Where the time of an end-to-end `skuform plan` goes, phase by phase, so that work on the
 * SPEC 10 ratio can aim at the right part: start-up (Node and module loading), the config,
 * the tenant file (read, parse, check, index, normalise), the snapshot, the planner and the
 * text rendering, each with the garbage-collection pauses that fell inside it. Every run is
 * a fresh process doing the plan command's steps in its order on the workload of
 * plan-e2e.bench, so the code is as cold as a user's. Prints the median of R runs.
 *
 * Run after `npm run build`: node dist/bench/plan-phases.bench.js [--users 10000,100000] [--repeats 3]
 */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measureWorkloads, readSizesAndRepeats } from './plan-e2e.bench.js';

const PHASES = ['start-up', 'config', 'tenant file', 'snapshot', 'planner', 'render'] as const;
type Phase = (typeof PHASES)[number];

/** Milliseconds per phase: wall time, and the GC pauses inside it. */
export type PhaseTimes = Record<Phase, { ms: number; gcMs: number }>;

/** One plan in this process, timed phase by phase (the child side of the benchmark). */
async function timeOnePlan(configPath: string, tenantPath: string): Promise<PhaseTimes> {
  const pauses: { start: number; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, ms: entry.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  // performance.now() counts from the start of the process, so start-up includes Node's own.
  const marks = [0];
  const mark = (): void => {
    marks.push(performance.now());
  };
  const { loadConfig } = await import('../src/config/load-config.js');
  const { resolveDesiredState } = await import('../src/config/resolve-desired-state.js');
  const { queryFor } = await import('../src/cli/make-plan.js');
  const { FileStore } = await import('../src/stores/file-store.js');
  const { computePlan } = await import('../src/plan/index.js');
  const { loadCatalog, skuDisplayName, planFriendlyName } = await import('../src/catalog/index.js');
  const { renderPlanText } = await import('../src/render/render-plan-text.js');
  mark();
  const loaded = await loadConfig([configPath], { cwd: tmpdir() });
  mark();
  const store = new FileStore(tenantPath);
  const overview = await store.readOverview();
  mark();
  const catalog = loadCatalog();
  const { desired } = resolveDesiredState(loaded.config, overview.skus, catalog);
  const snapshot = await store.readSnapshot(queryFor(desired));
  mark();
  const plan = computePlan(desired, snapshot, {
    storeLocation: store.location,
    configFiles: [configPath],
    skuDisplayName: (id) => skuDisplayName(catalog, id),
    servicePlanFriendlyName: (id) => planFriendlyName(catalog, id),
  });
  mark();
  renderPlanText(plan, { color: false });
  mark();
  // GC entries arrive asynchronously: let them come in before they are read.
  await new Promise((done) => setTimeout(done, 50));
  observer.disconnect();
  const times = {} as PhaseTimes;
  PHASES.forEach((phase, i) => {
    const from = marks[i] ?? 0;
    const to = marks[i + 1] ?? from;
    const gcMs = pauses.filter((pause) => pause.start >= from && pause.start < to).reduce((sum, pause) => sum + pause.ms, 0);
    times[phase] = { ms: to - from, gcMs };
  });
  return times;
}

export interface PlanPhasesResult {
  users: number;
  /** Median over the runs, per phase. */
  phases: PhaseTimes;
}

/** Runs R fresh processes per size and takes the median of each phase. */
export function runPlanPhasesBench(sizes: readonly number[], repeats: number): Promise<PlanPhasesResult[]> {
  return measureWorkloads(sizes, ({ users, configPath, tenantPath }) => {
    const runs: PhaseTimes[] = [];
    for (let r = 0; r < repeats; r++) runs.push(runChild(configPath, tenantPath));
    return { users, phases: medianPhases(runs) };
  });
}

function runChild(configPath: string, tenantPath: string): PhaseTimes {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, [self, '--child', configPath, tenantPath], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`plan-phases child exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as PhaseTimes;
}

function medianPhases(runs: readonly PhaseTimes[]): PhaseTimes {
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const phases = {} as PhaseTimes;
  for (const phase of PHASES) {
    phases[phase] = { ms: median(runs.map((run) => run[phase].ms)), gcMs: median(runs.map((run) => run[phase].gcMs)) };
  }
  return phases;
}

export function formatPlanPhases(results: readonly PlanPhasesResult[]): string {
  const lines = ['Time of `skuform plan` by phase (fresh process each, median of runs; GC = pauses inside the phase):'];
  for (const { users, phases } of results) {
    const total = PHASES.reduce((sum, phase) => sum + phases[phase].ms, 0);
    const parts = PHASES.map((phase) => `${phase} ${phases[phase].ms.toFixed(0)} (GC ${phases[phase].gcMs.toFixed(0)})`);
    lines.push(`  ${users.toLocaleString('en')} users, ${total.toFixed(0)} ms: ${parts.join(', ')}`);
  }
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    process.stdout.write(JSON.stringify(await timeOnePlan(argv[1] ?? '', argv[2] ?? '')));
  } else {
    const { sizes, repeats } = readSizesAndRepeats(argv);
    console.log(formatPlanPhases(await runPlanPhasesBench(sizes, repeats)));
  }
}
