import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { validateSavedPlan } from '../config/validate-saved-plan.js';
import type { Plan } from '../model/plan.js';
import { MIN_PLAN_KEY_LENGTH, verifyPlanSignature } from '../plan/plan-signature.js';
import { findJsonSyntaxError } from '../stores/file/find-json-syntax-error.js';
import type { CliContext } from './cli-context.js';
import { UsageError } from './exit-codes.js';
import { describeFileError } from './local-files.js';
import type { StoreFlags } from './open-cli-store.js';

/**
 * Saved plans larger than this are refused before they are read. A plan of 100,000
 * operations is about 80 MB; a file beyond 256 MiB is not one skuform wrote for an apply
 * that could finish, and reading it whole could exhaust memory.
 */
export const MAX_PLAN_BYTES = 256 * 1024 * 1024;

const MAKE_ONE = 'Pass the file written by skuform plan --out.';

/** The plan signing key from the environment; undefined when not set. A key too short to be safe is refused. */
export function planKeyOf(ctx: CliContext): string | undefined {
  const key = ctx.env.SKUFORM_PLAN_KEY;
  if (key === undefined || key === '') return undefined;
  if (key.length < MIN_PLAN_KEY_LENGTH) {
    throw new UsageError(`SKUFORM_PLAN_KEY is set but has only ${key.length} characters; a plan signing key needs at least ${MIN_PLAN_KEY_LENGTH}.`, {
      hint: 'Use a random key, e.g. the output of `openssl rand -hex 32`, kept as a CI secret.',
    });
  }
  return key;
}

async function readPlanText(ctx: CliContext, path: string): Promise<string> {
  const absolute = resolve(ctx.cwd, path);
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) throw new UsageError(`The plan file ${path} is a folder.`, { hint: MAKE_ONE });
    if (info.size > MAX_PLAN_BYTES) {
      throw new UsageError(`The plan file ${path} is ${mebibytes(info.size)} MiB; a saved plan may be at most ${mebibytes(MAX_PLAN_BYTES)} MiB.`, {
        hint: 'A plan this large is not one skuform wrote. For changes of this size, apply from the config (skuform apply PATH) instead of a saved plan.',
      });
    }
    return (await readFile(absolute)).toString('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const described = describeFileError(error);
    throw new UsageError(`Cannot read the plan file ${path}${described ? `: ${described.reason}` : ''}.`, {
      hint: 'Make one with: skuform plan --out plan.json',
    });
  }
}

/**
 * The JSON text of a saved plan: without the byte-order mark an editor may have put in front
 * (JSON.parse refuses one). Every reader of a saved plan goes through this.
 */
export function planJsonText(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function mebibytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}

/**
 * Reads and checks a saved plan (`plan --out FILE`): bounded in size, JSON, and of the plan
 * schema's shape. With `key` (SKUFORM_PLAN_KEY), it must also carry a valid signature made
 * with that key. Every problem is a UsageError naming the file; nothing here trusts the content.
 */
export async function readPlanFile(ctx: CliContext, path: string, options: { key?: string } = {}): Promise<Plan> {
  const text = await readPlanText(ctx, path);
  const body = planJsonText(text);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const problem = findJsonSyntaxError(body);
    const where = problem === undefined ? '' : `:${problem.line}:${problem.column}`;
    throw new UsageError(`${path}${where}: not valid JSON: ${problem?.message ?? (error as Error).message}`, { hint: MAKE_ONE });
  }
  const checked = validateSavedPlan(value);
  if ('problems' in checked) {
    throw new UsageError(`${path} is not a skuform plan: ${checked.problems.join('; ')}`, { hint: MAKE_ONE });
  }
  if (options.key !== undefined) checkSignature(path, checked.plan as unknown as Record<string, unknown>, options.key);
  else if ((checked.plan as { signature?: unknown }).signature !== undefined) {
    ctx.terminal.stderr.write(`note: ${path} is signed, but SKUFORM_PLAN_KEY is not set, so its signature was not checked.\n`);
  }
  return checked.plan;
}

function checkSignature(path: string, value: Record<string, unknown>, key: string): void {
  switch (verifyPlanSignature(value, key)) {
    case 'valid':
      return;
    case 'missing':
      throw new UsageError(`${path} is not signed, and SKUFORM_PLAN_KEY is set: only plans signed with that key are applied. Nothing was changed.`, {
        hint: 'Make the plan with skuform plan --out while SKUFORM_PLAN_KEY holds the same key (in CI: the same secret in the plan job and the apply job).',
      });
    case 'invalid':
      throw new UsageError(`${path} has a signature that does not match: the plan was changed after it was signed, or signed with another key. Nothing was changed.`, {
        hint: 'Make a new plan with skuform plan --out, review it, and apply that one.',
      });
  }
}

/**
 * The store a saved plan is applied to: `--store` when given, else the store the plan was
 * made against: a relative `file:PATH` is relative to the plan file's folder (where
 * `plan --out` wrote it relative to), or the Graph root it read.
 */
export function storeFlagsForSavedPlan(ctx: CliContext, flags: StoreFlags, plan: Plan, planFile: string): StoreFlags {
  if (flags.store !== undefined) return flags;
  if (plan.store.startsWith('file:')) {
    const path = plan.store.slice('file:'.length);
    if (isAbsolute(path)) return { ...flags, store: plan.store };
    const absolute = resolve(dirname(resolve(ctx.cwd, planFile)), path);
    return { ...flags, store: `file:${relative(ctx.cwd, absolute) || absolute}` };
  }
  const graph = /^graph \((https?:\/\/[^)]+)\)$/.exec(plan.store);
  if (graph) return { ...flags, store: `graph:${graph[1]}` };
  throw new UsageError(`The plan was made against "${plan.store}", which is not a store skuform can reopen.`, { hint: 'Pass --store.' });
}

/**
 * A plan's `store` as the saved file records it: a relative `file:` path is made relative to
 * the folder the plan is saved in, so `apply --plan` finds the tenant file from any folder.
 */
export function storeForSavedPlan(ctx: CliContext, store: string, planFile: string): string {
  if (!store.startsWith('file:')) return store;
  const path = store.slice('file:'.length);
  if (isAbsolute(path)) return store;
  const folder = dirname(resolve(ctx.cwd, planFile));
  return `file:${relative(folder, resolve(ctx.cwd, path)) || path}`;
}
