// `npm run lint:actions`: checks action.yml and every workflow (.github/workflows and the
// examples in examples/github) with action-validator, which validates them against the schemas
// of GitHub's workflow and action syntax. Exits 1 when any file has problems; inside GitHub
// Actions each one is also an error annotation on its file.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKFLOW_FOLDERS = ['.github/workflows', 'examples/github'];

/** action.yml and every workflow file, relative to `root`, in a stable order. */
export function workflowFiles(root = ROOT) {
  const workflows = WORKFLOW_FOLDERS.flatMap((folder) => {
    const dir = join(root, folder);
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => `${folder}/${name}`);
  });
  return [...['action.yml', 'action.yaml'].filter((name) => existsSync(join(root, name))), ...workflows];
}

/** The action-validator command line tool (it tells an action from a workflow by the file name). */
function validatorPath() {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@action-validator/cli/package.json')), 'cli.mjs');
}

/** Runs action-validator on one file: its exit code and what it printed. */
export function validateFile(file, root = ROOT) {
  const run = spawnSync(process.execPath, [validatorPath(), file], { cwd: root, encoding: 'utf8' });
  return { code: run.status ?? 1, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

function main() {
  const inActions = process.env.GITHUB_ACTIONS === 'true';
  let failed = 0;
  for (const file of workflowFiles()) {
    const { code, output } = validateFile(file);
    if (code === 0) {
      console.log(`ok      ${file}`);
      continue;
    }
    failed += 1;
    console.log(`invalid ${file}\n${output.trimEnd()}`);
    if (inActions) console.log(`::error file=${file},title=action-validator::${file} does not pass action-validator; the job log shows the problems`);
  }
  if (failed > 0) {
    console.error(`${failed} file${failed === 1 ? '' : 's'} failed action-validator.`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
