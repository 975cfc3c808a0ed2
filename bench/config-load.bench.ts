/**
 * Config-load benchmark (SPEC 10): loading a generated desired-state file of N listed users
 * (default 100,000) with skuform's loader, against parsing the same text with js-yaml alone
 * (the baseline the plan target is measured against) and with the `yaml` package in its
 * usual forms. Prints the fastest time and the median per-round ratio to js-yaml, in this
 * process (warm) and in a fresh process per run (cold, as `skuform plan` runs).
 *
 * Run after `npm run build`: node dist/bench/config-load.bench.js [--users N] [--repeats R] [--no-yaml]
 *
 * Measured on the shared 2-core machine, 100,000 users, median ratios of two runs each:
 *   load + resolve, before the tape (located nodes for every file):  warm 2.97-3.27x, cold 3.45-4.20x
 *   load + resolve, conforming files read from the tape:              warm 2.10-2.20x, cold 2.03-2.21x
 *   parse with positions: 1.57-1.87x before, 1.23-1.28x as a tape
 *   one user invalid (located parse, every diagnostic): 3.05-3.13x before, 2.50-2.72x
 * What is left is mostly the output itself: a PrincipalSpec and a DesiredPrincipal with its own
 * license copies per user, and the garbage collector moving them (a quarter of the time).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import jsyaml from 'js-yaml';
import { Composer, Parser, parseDocument } from 'yaml';
import { catalogAsSubscribedSkus, loadCatalog } from '../src/catalog/index.js';
import { DEFAULT_YAML_LIMITS, loadConfigSources, resolveDesiredState } from '../src/config/index.js';
import { parseYaml } from '../src/config/parse-yaml.js';
import { parseYamlTape } from '../src/config/yaml-tape.js';
import { median } from './verdict.js';

/** Users cycle through the shapes a real file mixes: shorthand, profiles plus own licenses, `[]`, inline entries. */
export function generateConfigText(users: number): string {
  const lines = [
    '# yaml-language-server: $schema=../schemas/skuform.schema.json',
    'version: 1',
    'settings:',
    '  managedSkus: [SPE_E3, SPE_E5, POWER_BI_PRO]',
    '  maxRemovals: 100',
    'profiles:',
    '  knowledge-worker:',
    '    - sku: SPE_E3',
    '      disabledPlans: [YAMMER_ENTERPRISE, SWAY]',
    '    - sku: POWER_BI_PRO',
    '  e5-exchange-and-teams:',
    '    - sku: SPE_E5',
    '      enabledPlans: [EXCHANGE_S_ENTERPRISE, TEAMS1]',
    'users:',
  ];
  for (let i = 0; i < users; i++) {
    const upn = `user${String(i).padStart(6, '0')}@contoso.com`;
    switch (i % 10) {
      case 0: lines.push(`  ${upn}:`, '    profiles: [knowledge-worker]', '    licenses:', '      - sku: SPE_E5', '        disabledPlans: [SWAY]'); break;
      case 1: lines.push(`  ${upn}: []`); break;
      case 2: lines.push(`  ${upn}:`, '    - sku: Microsoft 365 E3', '      disabledPlans: [Sway]'); break;
      case 3: lines.push(`  ${upn}: e5-exchange-and-teams`); break;
      default: lines.push(`  ${upn}: knowledge-worker`);
    }
  }
  lines.push('groups:', '  Sales:', '    licenses:', '      - sku: SPE_E3', '        disabledPlans: [SWAY]');
  return `${lines.join('\n')}\n`;
}

export interface Measurement {
  name: string;
  /** Fastest run, in milliseconds. */
  ms: number;
  /** Median over rounds of this stage's time over js-yaml's time in the same round. */
  ratio: number;
}

/**
 * A full garbage collection, so that no stage pays for the garbage of the one before (as a
 * fresh `skuform` process would not). `gc` is exposed on demand when node was started without
 * `--expose-gc`.
 */
function collectGarbage(): void {
  if (typeof globalThis.gc !== 'function') setFlagsFromString('--expose-gc');
  const gc = (globalThis.gc ?? runInNewContext('gc')) as () => void;
  gc();
}

/**
 * Every stage once per round, in turn, so that a busy spell on a shared machine slows a
 * round's stages alike; a stage's ratio is the median of its per-round ratios to js-yaml.
 */
function measureRounds(rounds: number, stages: readonly { name: string; run: () => unknown }[]): Measurement[] {
  const times = stages.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    stages.forEach((stage, i) => {
      collectGarbage();
      const start = performance.now();
      stage.run();
      times[i]?.push(performance.now() - start);
    });
  }
  const baseline = times[0] ?? [];
  return stages.map((stage, i) => ({
    name: stage.name,
    ms: Math.min(...(times[i] ?? [])),
    ratio: median((times[i] ?? []).map((t, r) => t / (baseline[r] ?? t))),
  }));
}

/** The same file with one user written wrongly: it takes the general (located, fully reported) path. */
function withOneError(text: string): string {
  return text.replace('\nusers:\n', '\nusers:\n  broken@contoso.com: 1\n');
}

export function runConfigLoadBench(options: { users: number; repeats: number; withYaml: boolean }): { bytes: number; results: Measurement[] } {
  const text = generateConfigText(options.users);
  const catalog = loadCatalog();
  const skus = catalogAsSubscribedSkus(catalog).filter((s) => ['SPE_E3', 'SPE_E5', 'POWER_BI_PRO'].includes(s.skuPartNumber));
  const source = [{ file: 'skuform.yaml', text }];
  const broken = [{ file: 'skuform.yaml', text: withOneError(text) }];
  const loaded = loadConfigSources(source);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || loaded.config.users.length !== options.users) throw new Error(`generated config did not load: ${errors[0]?.message ?? 'users missing'}`);
  if (loadConfigSources(broken).diagnostics.length !== 1) throw new Error('the broken config should have exactly one diagnostic');
  const stages = [
    { name: 'js-yaml load (baseline)', run: () => jsyaml.load(text) },
    { name: 'skuform parseYamlTape (js-yaml + positions)', run: () => parseYamlTape(text, DEFAULT_YAML_LIMITS.maxDepth) },
    { name: 'skuform loadConfigSources (parse, schema, merge)', run: () => loadConfigSources(source) },
    { name: 'skuform load + resolveDesiredState', run: () => resolveDesiredState(loadConfigSources(source).config, skus, catalog) },
    { name: 'same, one user invalid (located parse, reported)', run: () => resolveDesiredState(loadConfigSources(broken).config, skus, catalog) },
  ];
  if (options.withYaml) {
    stages.push(
      { name: 'skuform parseYaml (located nodes)', run: () => parseYaml(text) },
      { name: 'yaml Parser only (CST)', run: () => [...new Parser().parse(text)].length },
      { name: 'yaml Parser + Composer', run: () => [...new Composer({ uniqueKeys: false }).compose(new Parser().parse(text))].length },
      { name: 'yaml parseDocument (uniqueKeys: false)', run: () => parseDocument(text, { uniqueKeys: false }) },
    );
  }
  return { bytes: text.length, results: measureRounds(options.repeats, stages) };
}

/** Times one stage in the process it runs in: argv is the file, the stage and the module URLs. */
const COLD_RUN = `
const [file, stage, configUrl, catalogUrl, jsyamlUrl] = process.argv.slice(1);
const text = (await import('node:fs')).readFileSync(file, 'utf8');
const jsyaml = (await import(jsyamlUrl)).default;
const config = await import(configUrl);
const { catalogAsSubscribedSkus, loadCatalog } = await import(catalogUrl);
const catalog = loadCatalog();
const skus = catalogAsSubscribedSkus(catalog).filter((s) => ['SPE_E3', 'SPE_E5', 'POWER_BI_PRO'].includes(s.skuPartNumber));
const start = performance.now();
if (stage === 'js-yaml') jsyaml.load(text);
else config.resolveDesiredState(config.loadConfigSources([{ file: 'skuform.yaml', text }]).config, skus, catalog);
console.log(performance.now() - start);
`;

/**
 * js-yaml against load + resolve in a fresh node process each, as `skuform plan` runs them:
 * nothing optimized yet and a small heap that grows as it fills. Only the work is timed, not
 * starting node or importing modules; rounds alternate the two as above.
 */
export function runColdConfigLoadBench(options: { users: number; repeats: number }): Measurement[] {
  const dir = mkdtempSync(join(tmpdir(), 'skuform-config-bench-'));
  try {
    const file = join(dir, 'skuform.yaml');
    writeFileSync(file, generateConfigText(options.users));
    const modules = [new URL('../src/config/index.js', import.meta.url).href, new URL('../src/catalog/index.js', import.meta.url).href, import.meta.resolve('js-yaml')];
    const time = (stage: string): number => {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', COLD_RUN, file, stage, ...modules], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`cold ${stage} exited ${run.status}: ${run.stderr}`);
      return Number(run.stdout.trim());
    };
    const stages = ['js-yaml', 'load+resolve'].map((stage) => ({ stage, times: [] as number[] }));
    for (let r = 0; r < options.repeats; r++) for (const s of stages) s.times.push(time(s.stage));
    const baseline = stages[0]?.times ?? [];
    return stages.map((s) => ({
      name: s.stage === 'js-yaml' ? 'cold: js-yaml load (baseline)' : 'cold: skuform load + resolveDesiredState',
      ms: Math.min(...s.times),
      ratio: median(s.times.map((t, r) => t / (baseline[r] ?? t))),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per stage: fastest time and the median ratio to js-yaml. */
export function formatConfigLoadBench(results: readonly Measurement[]): string {
  return results.map((r) => `  ${r.name.padEnd(50)} ${r.ms.toFixed(0).padStart(7)} ms  ${r.ratio.toFixed(2)}x js-yaml`).join('\n');
}

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function main(args: string[]): void {
  const users = flag(args, '--users', 100_000);
  const repeats = flag(args, '--repeats', 7);
  const { bytes, results } = runConfigLoadBench({ users, repeats, withYaml: !args.includes('--no-yaml') });
  console.log(`config load: ${users} users, ${(bytes / 1e6).toFixed(1)} MB of YAML, ${repeats} rounds (fastest time, median ratio)`);
  console.log(formatConfigLoadBench(results));
  console.log(formatConfigLoadBench(runColdConfigLoadBench({ users, repeats })));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
