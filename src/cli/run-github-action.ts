import { readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { validateSavedPlan } from '../config/validate-saved-plan.js';
import { appendStepSummary } from '../github/append-step-summary.js';
import { writeStepOutputs } from '../github/write-step-outputs.js';
import type { Plan } from '../model/plan.js';
import { formatAnnotation } from '../render/annotations.js';
import { codeSpan } from '../render/markdown-escape.js';
import { sanitizeText } from '../render/sanitize-text.js';
import { buildActionInvocation, type ActionInvocation } from './build-action-invocation.js';
import { planStepOutputs } from './plan-step-outputs.js';
import { MAX_PLAN_BYTES, planJsonText } from './read-plan-file.js';

/** Runs skuform with these arguments and resolves with its exit code. */
export type RunCli = (argv: string[]) => Promise<number>;

export type ActionEnv = Readonly<Record<string, string | undefined>>;

/** Exit codes of `plan` after which the plan file is the one this step wrote: no changes, changes, blocked. */
const PLAN_WRITTEN = [0, 2, 3];

interface ActionOutputs {
  exitCode: number;
  invocation?: ActionInvocation;
  plan?: Plan;
  /** The artifact the next step uploads the saved plan as; empty when nothing is uploaded. */
  artifact?: string;
}

async function writeOutputs(env: ActionEnv, outputs: ActionOutputs): Promise<void> {
  if (!env.GITHUB_OUTPUT) return;
  await writeStepOutputs(env.GITHUB_OUTPUT, {
    'exit-code': String(outputs.exitCode),
    ...planStepOutputs(outputs.plan),
    'plan-file': outputs.invocation?.planFile ?? '',
    artifact: outputs.artifact ?? '',
  });
}

/**
 * The saved plan the step wrote or read, for the outputs; undefined (with a warning) when it
 * cannot be read. The file is checked like any saved plan, with the same size bound as
 * `apply --plan`: for `apply` it came from elsewhere.
 */
async function readSavedPlan(invocation: ActionInvocation, exitCode: number, warn: (message: string) => void): Promise<Plan | undefined> {
  const path = invocation.planFile;
  if (path === undefined || (invocation.command === 'plan' && !PLAN_WRITTEN.includes(exitCode))) return undefined;
  try {
    if ((await stat(path)).size > MAX_PLAN_BYTES) {
      warn(`the saved plan ${path} is larger than ${MAX_PLAN_BYTES / (1024 * 1024)} MiB; its counts and cost are not set as outputs`);
      return undefined;
    }
    const checked = validateSavedPlan(JSON.parse(planJsonText(await readFile(path, 'utf8'))));
    if ('plan' in checked) return checked.plan;
    warn(`${path} is not a skuform plan (${checked.problems.join('; ')}); its counts and cost are not set as outputs`);
  } catch (error) {
    warn(`cannot read the saved plan ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); its counts and cost are not set as outputs`);
  }
  return undefined;
}

/** Why the downloaded artifact does not hold the plan file apply expects, or undefined when it does. */
async function checkDownloadedPlan(path: string, artifact: string): Promise<string | undefined> {
  try {
    await stat(path);
    return undefined;
  } catch {
    const held = await readdir(dirname(path)).catch(() => undefined);
    // Names from the artifact are shown escaped, and only the first few.
    const names = held?.slice(0, 10).map((name) => sanitizeText(name)).join(', ');
    const what = held === undefined ? 'was not downloaded' : held.length === 0 ? 'is empty' : `holds ${names}${held.length > 10 ? ` and ${held.length - 10} more` : ''}`;
    return `the artifact "${artifact}" ${what}, not the saved plan ${path}. Give both steps the same "plan-file" input (or none) and the same "artifact", and run the apply in the same workflow run as the plan`;
  }
}

/** Under the plan in the job summary: where the plan goes, so reviewers know that this is what an apply of it does. */
function describeUpload(artifact: string): string {
  return `> This plan is saved as the artifact ${codeSpan(artifact)} of this run. An apply of that artifact applies exactly this plan, ` +
    'and refuses it, changing nothing, if anything it touches changed in the tenant since.\n';
}

/**
 * The composite action's one run step: reads the inputs (passed as INPUT_* environment
 * variables by `action.yml`, never spliced into a script), runs skuform once, and sets the
 * outputs: `exit-code`, what the saved plan says (`has-changes`, `blocked`, the counts,
 * `monthly-cost`, `currency`, `summary`), `plan-file`, and `artifact` when the plan is to be
 * uploaded. Returns the step's exit code: 0 when skuform's code counts as success for the
 * command (`plan` also accepts 2, "changes").
 */
export async function runGitHubAction(env: ActionEnv, runCli: RunCli, print: (line: string) => void): Promise<number> {
  const say = (level: 'error' | 'warning', message: string): void => print(formatAnnotation({ level, title: 'skuform action', message }));
  const artifact = env.INPUT_ARTIFACT?.trim() ?? '';
  const built = buildActionInvocation({
    command: env.INPUT_COMMAND ?? '', path: env.INPUT_PATH ?? '', store: env.INPUT_STORE ?? '',
    comment: env.INPUT_COMMENT ?? '', args: env.INPUT_ARGS ?? '', planFile: env.INPUT_PLAN_FILE ?? '',
    artifact, tempDir: env.RUNNER_TEMP || tmpdir(),
  });
  if (!built.ok) {
    say('error', built.message);
    await writeOutputs(env, { exitCode: 1 });
    return 1;
  }
  const { invocation } = built;
  for (const warning of invocation.warnings) say('warning', warning);
  if (invocation.command === 'apply' && artifact !== '' && invocation.planFile !== undefined) {
    const problem = await checkDownloadedPlan(invocation.planFile, artifact);
    if (problem !== undefined) {
      say('error', problem);
      await writeOutputs(env, { exitCode: 1, invocation });
      return 1;
    }
  }
  print(`skuform ${invocation.argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`);
  const exitCode = await runCli(invocation.argv);
  const plan = await readSavedPlan(invocation, exitCode, (message) => say('warning', message));
  const upload = invocation.command === 'plan' && artifact !== '' && exitCode === 2 && plan !== undefined;
  await writeOutputs(env, { exitCode, invocation, plan, artifact: upload ? artifact : '' });
  if (upload && env.GITHUB_STEP_SUMMARY) await appendStepSummary(env.GITHUB_STEP_SUMMARY, describeUpload(artifact));
  return invocation.successCodes.includes(exitCode) ? 0 : exitCode;
}
