/**
 * Offline validate benchmark: `skuform validate` of a config listing N users (default
 * 100,000), as a user runs it (a fresh process), next to a process that only parses the
 * same file with js-yaml. Target: at most 1.5x js-yaml alone.
 *
 * Run after `npm run build`: node dist/bench/validate.bench.js [--users 100000] [--repeats 3]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateConfigText } from './config-load.bench.js';
import { measure } from './plan-e2e.bench.js';
import { numberOption } from './bench-args.js';
import { ratio, verdict, type Verdict } from './verdict.js';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const JS_YAML_ONLY = `require('js-yaml').load(require('node:fs').readFileSync(process.argv[1], 'utf8'));`;

export interface ValidateBenchResult {
  users: number;
  jsYamlSeconds: number;
  validateSeconds: number;
}

export async function runValidateBench(users: number, repeats: number): Promise<ValidateBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'skuform-validate-bench-'));
  try {
    const path = join(dir, 'licenses.yaml');
    await writeFile(path, generateConfigText(users));
    let jsYaml = Number.POSITIVE_INFINITY;
    let validate = Number.POSITIVE_INFINITY;
    for (let r = 0; r < repeats; r++) {
      // Resolved from the project, as skuform resolves it.
      jsYaml = Math.min(jsYaml, measure([process.execPath, '-e', JS_YAML_ONLY.replace("'js-yaml'", JSON.stringify(join(ROOT, 'node_modules', 'js-yaml'))), path]).seconds);
      validate = Math.min(validate, measure([process.execPath, CLI, 'validate', path]).seconds);
    }
    return { users, jsYamlSeconds: jsYaml, validateSeconds: validate };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatValidateBench(r: ValidateBenchResult): string {
  return (
    `Offline \`skuform validate\` of ${r.users.toLocaleString('en')} users against js-yaml alone on the same file, fresh process each, best of runs:\n` +
    `  js-yaml ${r.jsYamlSeconds.toFixed(2)} s, validate ${r.validateSeconds.toFixed(2)} s (${ratio(r.validateSeconds / r.jsYamlSeconds)})`
  );
}

export function validateVerdicts(r: ValidateBenchResult): Verdict[] {
  const measured = r.validateSeconds / r.jsYamlSeconds;
  return [verdict(`validate offline, ${r.users.toLocaleString('en')} users`, `${ratio(measured)} js-yaml alone`, '<= 1.5x', measured <= 1.5)];
}


if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  console.log(formatValidateBench(await runValidateBench(numberOption(argv, '--users', 100_000), numberOption(argv, '--repeats', 3))));
}
