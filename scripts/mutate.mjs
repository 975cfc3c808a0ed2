#!/usr/bin/env node
/**
 * `npm run mutate [-- OPTIONS]`: mutation testing of the core (the groups in
 * stryker.config.mjs, one Stryker run each, against the group's own tests), then the score
 * per folder against its target and the mutants no test detected.
 *
 *   --since REF        mutate only the in-scope files changed between REF and HEAD (pull
 *                      requests); exits 0 without running Stryker when none changed.
 *   --mutate PATTERNS  mutate only the in-scope files matching these comma-separated globs.
 *   --report           print the scores of the last run without running Stryker.
 *
 * Anything else goes to every `stryker run` as given, e.g. `--concurrency 1`, or `--force` to
 * ignore earlier results and test every mutant again. Results accumulate across runs in
 * reports/mutation/ (incremental mode): a full run prints every folder, a scoped run
 * (--since, --mutate) the files it mutated.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimatch } from 'minimatch';
import { MUTATION_GROUPS } from '../stryker.config.mjs';
import { formatScores, scoresByFolder, undetectedMutants } from './mutation-scores.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPORT = join(ROOT, 'reports', 'mutation', 'mutation.json');
const STRYKER = join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
/** More undetected mutants than this are left to the HTML report. */
const LISTED_AT_MOST = 60;

const matchesAny = (file, patterns) => patterns.some((pattern) => minimatch(file, pattern));

/**
 * The groups with the given files that are in their scope (barrels excluded), in the groups'
 * order; groups with none are left out.
 */
export function groupFiles(files, groups = MUTATION_GROUPS) {
  return groups
    .map((group) => ({ ...group, files: files.filter((file) => matchesAny(file, group.mutate) && !file.endsWith('/index.ts')) }))
    .filter((group) => group.files.length > 0);
}

function git(args) {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((line) => line !== '');
}

/** Takes `--name VALUE` out of `args`; undefined when absent. */
function takeOption(args, name) {
  const at = args.indexOf(name);
  if (at === -1) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  args.splice(at, 2);
  return value;
}

/** Prints the scores of the last report; of `onlyFiles` alone when given (a scoped run). */
function printReport(onlyFiles) {
  if (!existsSync(REPORT)) {
    console.error(`no mutation report at ${REPORT}: run \`npm run mutate\` first`);
    return 1;
  }
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  if (onlyFiles !== undefined) {
    const wanted = new Set(onlyFiles.map((file) => resolve(ROOT, file)));
    report.files = Object.fromEntries(Object.entries(report.files).filter(([file]) => wanted.has(resolve(ROOT, file))));
  }
  const table = formatScores(scoresByFolder(report, ROOT));
  const undetected = undetectedMutants(report, ROOT);
  const more = undetected.length > LISTED_AT_MOST;
  const listed = undetected.length === 0 ? '' : [
    `${undetected.length} mutants survived or were not covered${more ? ` (see ${join('reports', 'mutation', 'mutation.html')})` : ':'}`,
    ...(more ? [] : undetected.map((line) => `  ${line}`)),
  ].join('\n');
  console.log(`\nMutation score per folder (killed or timed out, of the valid mutants):\n\n${table}${listed === '' ? '' : `\n\n${listed}`}`);
  // In GitHub Actions the same goes to the job summary, where a reviewer sees it.
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary !== undefined && summary !== '') appendFileSync(summary, `### Mutation score\n\n\`\`\`\n${table}${listed === '' ? '' : `\n\n${listed}`}\n\`\`\`\n`);
  return 0;
}

function main(argv) {
  const args = [...argv];
  if (args.includes('--report')) return printReport();
  const since = takeOption(args, '--since');
  const patterns = takeOption(args, '--mutate')?.split(',');
  let files = since === undefined ? git(['ls-files', '--cached', '--others', '--exclude-standard', 'src']) : git(['diff', '--name-only', '--diff-filter=AMR', git(['merge-base', since, 'HEAD'])[0], 'HEAD']);
  if (patterns !== undefined) files = files.filter((file) => matchesAny(file, patterns));
  const groups = groupFiles(files);
  if (groups.length === 0) {
    console.log(`No file in the mutation scope ${since === undefined ? 'matches' : `changed since ${since}`}: nothing to mutate.`);
    return 0;
  }
  for (const group of groups) {
    console.log(`\n== ${group.name}: ${group.files.length} files, judged by ${group.tests.join(', ')}`);
    const run = spawnSync(process.execPath, [STRYKER, 'run', '--mutate', group.files.join(','), '--testFiles', group.tests.join(','), ...args], { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) return run.status ?? 1;
  }
  return printReport(since === undefined && patterns === undefined ? undefined : groups.flatMap((group) => group.files));
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  }
}
