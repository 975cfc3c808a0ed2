import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatAnnotation } from '../render/annotations.js';
import { buildActionInvocation } from './build-action-invocation.js';

/** Runs skuform with these arguments and resolves with its exit code. */
export type RunCli = (argv: string[]) => Promise<number>;

export type ActionEnv = Readonly<Record<string, string | undefined>>;

/** File name `plan` writes and `comment` reads when the `plan-file` input is empty. */
export const DEFAULT_PLAN_FILE = 'skuform-plan.json';

async function writeOutputs(env: ActionEnv, outputs: Record<string, string>): Promise<void> {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const lines = Object.entries(outputs).map(([name, value]) => `${name}=${value.replace(/[\r\n]+/g, ' ')}\n`);
  await appendFile(file, lines.join(''), 'utf8');
}

/**
 * The composite action's one run step: reads the inputs (passed as INPUT_* environment
 * variables by `action.yml`, never spliced into a script), runs skuform once, and sets the
 * outputs `exit-code`, `has-changes` and `plan-file`. Returns the step's exit code: 0 when
 * skuform's code counts as success for the command (`plan` also accepts 2, "changes").
 */
export async function runGitHubAction(env: ActionEnv, runCli: RunCli, print: (line: string) => void): Promise<number> {
  const planFile = env.INPUT_PLAN_FILE?.trim() || join(env.RUNNER_TEMP || tmpdir(), DEFAULT_PLAN_FILE);
  const built = buildActionInvocation({
    command: env.INPUT_COMMAND ?? '', path: env.INPUT_PATH ?? '', store: env.INPUT_STORE ?? '',
    comment: env.INPUT_COMMENT ?? '', args: env.INPUT_ARGS ?? '', planFile,
  });
  if (!built.ok) {
    print(formatAnnotation({ level: 'error', title: 'skuform action', message: built.message }));
    await writeOutputs(env, { 'exit-code': '1', 'has-changes': 'false', 'plan-file': '' });
    return 1;
  }
  const { invocation } = built;
  for (const warning of invocation.warnings) print(formatAnnotation({ level: 'warning', title: 'skuform action', message: warning }));
  print(`skuform ${invocation.argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`);
  const code = await runCli(invocation.argv);
  const savesPlan = invocation.command === 'plan' || invocation.command === 'comment';
  await writeOutputs(env, {
    'exit-code': String(code),
    'has-changes': String(invocation.command === 'plan' && code === 2),
    'plan-file': savesPlan ? planFile : '',
  });
  return invocation.successCodes.includes(code) ? 0 : code;
}
