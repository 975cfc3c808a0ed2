/**
 * Config-load benchmark (SPEC 10): loading a generated desired-state file of N listed users
 * (default 100,000) with skuform's loader, against parsing the same text with js-yaml alone
 * (the baseline the plan target is measured against) and with the `yaml` package in its
 * usual forms. Prints best-of-R times and ratios to js-yaml, measured in one run.
 *
 * Run after `npm run build`: node dist/bench/config-load.bench.js [--users N] [--repeats R]
 */
import { pathToFileURL } from 'node:url';
import jsyaml from 'js-yaml';
import { Composer, Parser, parseDocument } from 'yaml';
import { catalogAsSubscribedSkus, loadCatalog } from '../src/catalog/index.js';
import { loadConfigSources, resolveDesiredState } from '../src/config/index.js';
import { parseYaml } from '../src/config/parse-yaml.js';

/** Users cycle through the shapes a real file mixes: shorthand, profiles plus own licences, `[]`, inline entries. */
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

interface Measurement {
  name: string;
  ms: number;
}

function best(repeats: number, run: () => unknown): number {
  let fastest = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

export function runConfigLoadBench(options: { users: number; repeats: number; withYaml: boolean }): { bytes: number; results: Measurement[] } {
  const text = generateConfigText(options.users);
  const catalog = loadCatalog();
  const skus = catalogAsSubscribedSkus(catalog).filter((s) => ['SPE_E3', 'SPE_E5', 'POWER_BI_PRO'].includes(s.skuPartNumber));
  const source = [{ file: 'skuform.yaml', text }];
  const loaded = loadConfigSources(source);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || loaded.config.users.length !== options.users) throw new Error(`generated config did not load: ${errors[0]?.message ?? 'users missing'}`);
  const results: Measurement[] = [
    { name: 'js-yaml load (baseline)', ms: best(options.repeats, () => jsyaml.load(text)) },
    { name: 'skuform parseYaml (js-yaml + positions)', ms: best(options.repeats, () => parseYaml(text)) },
    { name: 'skuform loadConfigSources (parse, schema, merge)', ms: best(options.repeats, () => loadConfigSources(source)) },
    { name: 'skuform load + resolveDesiredState', ms: best(options.repeats, () => resolveDesiredState(loadConfigSources(source).config, skus, catalog)) },
  ];
  if (options.withYaml) {
    results.push(
      { name: 'yaml Parser only (CST)', ms: best(options.repeats, () => [...new Parser().parse(text)].length) },
      { name: 'yaml Parser + Composer', ms: best(options.repeats, () => [...new Composer({ uniqueKeys: false }).compose(new Parser().parse(text))].length) },
      { name: 'yaml parseDocument (uniqueKeys: false)', ms: best(options.repeats, () => parseDocument(text, { uniqueKeys: false })) },
    );
  }
  return { bytes: text.length, results };
}

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function main(args: string[]): void {
  const users = flag(args, '--users', 100_000);
  const repeats = flag(args, '--repeats', 3);
  const { bytes, results } = runConfigLoadBench({ users, repeats, withYaml: !args.includes('--no-yaml') });
  const baseline = results[0]?.ms ?? 1;
  console.log(`config load: ${users} users, ${(bytes / 1e6).toFixed(1)} MB of YAML, best of ${repeats}`);
  for (const r of results) console.log(`  ${r.name.padEnd(50)} ${r.ms.toFixed(0).padStart(7)} ms  ${(r.ms / baseline).toFixed(2)}x js-yaml`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
