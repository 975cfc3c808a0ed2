import { basename, join } from 'node:path';

/**
 * What the composite GitHub Action (`action.yml`) runs: its inputs turned into one skuform
 * command line, and which exit codes count as success. Pure, so every input combination is
 * tested without a runner.
 */

export type ActionCommand = 'plan' | 'apply' | 'validate' | 'comment';

export const ACTION_COMMANDS: readonly ActionCommand[] = ['plan', 'apply', 'validate', 'comment'];

/** The action's inputs as GitHub passes them: strings, empty when not given. */
export interface ActionInputs {
  command: string;
  path: string;
  store: string;
  comment: string;
  args: string;
  /** The `plan-file` input: where `plan` saves the plan and `apply` and `comment` read it. */
  planFile: string;
  /** The `artifact` input: with `plan`, the artifact the saved plan is uploaded as; with `apply`, the artifact of this run it is downloaded from. */
  artifact: string;
  /** The runner's temporary folder (`$RUNNER_TEMP`): default plan file and the downloaded artifact. */
  tempDir: string;
}

/** File name of the saved plan when the `plan-file` input is empty. */
export const DEFAULT_PLAN_FILE = 'skuform-plan.json';

/**
 * Folder under `$RUNNER_TEMP` that `action.yml` downloads the `artifact` into for `apply`
 * (its download step names the same folder).
 */
export const ARTIFACT_FOLDER = 'skuform-artifact';

export interface ActionInvocation {
  command: ActionCommand;
  /** Arguments after the `skuform` executable. */
  argv: string[];
  /** Exit codes after which the step succeeds (plan: 2 means "there are changes"). */
  successCodes: number[];
  /** The saved plan the command writes (`plan`) or reads (`comment`, `apply --plan`); undefined when it uses none. */
  planFile: string | undefined;
  /** Problems with the inputs that do not stop the run, shown as warnings. */
  warnings: string[];
}

export type InvocationResult = { ok: true; invocation: ActionInvocation } | { ok: false; message: string };

/**
 * Splits an input into words the way a shell would for plain text: whitespace separates,
 * single quotes keep everything, double quotes group, a backslash escapes a space, quote or
 * backslash (other backslashes stay, for Windows paths). There is no variable
 * or command expansion, so an input can never run anything.
 */
export function splitArgs(text: string): { ok: true; words: string[] } | { ok: false; message: string } {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] ?? '';
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (ch === '\\' && /[\s'"\\]/.test(text[i + 1] ?? '')) {
      // Only before a space, quote or backslash, so Windows paths keep their backslashes.
      i += 1;
      word = (word ?? '') + (text[i] ?? '');
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote !== undefined) return { ok: false, message: `unterminated ${quote} quote in "${text}"` };
  if (word !== undefined) words.push(word);
  return { ok: true, words };
}

/** GitHub passes booleans as text; accept what YAML users write. */
export function parseBooleanInput(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'false' || v === 'no' || v === 'off' || v === '0') return v === '' ? undefined : false;
  if (v === 'true' || v === 'yes' || v === 'on' || v === '1') return true;
  return undefined;
}

function isActionCommand(value: string): value is ActionCommand {
  return (ACTION_COMMANDS as readonly string[]).includes(value);
}

/** The saved plan `apply` reads: from the downloaded artifact, the `plan-file` input, or none (a fresh plan). */
function applyPlanFile(inputs: ActionInputs): string | undefined {
  const given = inputs.planFile.trim();
  if (inputs.artifact.trim() !== '') return join(inputs.tempDir, ARTIFACT_FOLDER, basename(given || DEFAULT_PLAN_FILE));
  return given === '' ? undefined : given;
}

/** The skuform command line for the action's inputs, or why the inputs are unusable. */
export function buildActionInvocation(inputs: ActionInputs): InvocationResult {
  const command = inputs.command.trim() || 'plan';
  if (!isActionCommand(command)) {
    return { ok: false, message: `input "command" is "${command}"; use one of ${ACTION_COMMANDS.join(', ')}` };
  }
  const paths = splitArgs(inputs.path);
  const extra = splitArgs(inputs.args);
  if (!paths.ok) return { ok: false, message: `input "path": ${paths.message}` };
  if (!extra.ok) return { ok: false, message: `input "args": ${extra.message}` };
  const comment = parseBooleanInput(inputs.comment);
  const warnings: string[] = [];
  if (comment === undefined && inputs.comment.trim() !== '') warnings.push(`input "comment" is "${inputs.comment}"; use true or false (taken as false)`);
  if (comment === true && command !== 'plan') warnings.push(`input "comment" only applies to the plan command; ignored for ${command}`);
  if (inputs.artifact.trim() !== '' && command !== 'plan' && command !== 'apply') warnings.push(`input "artifact" only applies to the plan and apply commands; ignored for ${command}`);
  const store = inputs.store.trim() === '' ? [] : ['--store', inputs.store.trim()];
  const savedPlan = inputs.planFile.trim() || join(inputs.tempDir, DEFAULT_PLAN_FILE);

  switch (command) {
    case 'plan':
      return ok(command, ['plan', ...paths.words, ...store, '--out', savedPlan, '--detailed-exitcode',
        ...(comment === true ? ['--comment'] : []), ...extra.words], [0, 2], warnings, savedPlan);
    case 'apply': {
      const planFile = applyPlanFile(inputs);
      if (planFile === undefined) return ok(command, ['apply', ...paths.words, ...store, '--auto-approve', ...extra.words], [0], warnings, undefined);
      if (paths.words.length > 0) {
        return { ok: false, message: 'input "path" and a saved plan (input "plan-file" or "artifact") do not go together: apply applies the saved plan as it is and reads no config. Remove "path", or remove "plan-file" and "artifact" to plan afresh from the config' };
      }
      return ok(command, ['apply', '--plan', planFile, ...store, '--auto-approve', ...extra.words], [0], warnings, planFile);
    }
    case 'validate':
      return ok(command, ['validate', ...paths.words, ...store, ...extra.words], [0], warnings, undefined);
    case 'comment':
      if (paths.words.length > 0) warnings.push('input "path" is not used by the comment command; it reads the saved plan');
      return ok(command, ['comment', '--plan', savedPlan, ...extra.words], [0], warnings, savedPlan);
  }
}

function ok(command: ActionCommand, argv: string[], successCodes: number[], warnings: string[], planFile: string | undefined): InvocationResult {
  return { ok: true, invocation: { command, argv, successCodes, warnings, planFile } };
}
