import { readFile } from 'node:fs/promises';
import { validateSavedPlan } from '../config/validate-saved-plan.js';
import type { Plan } from '../model/plan.js';
import type { CliContext } from './cli-context.js';
import { UsageError } from './exit-codes.js';
import type { StoreFlags } from './open-cli-store.js';

/** Reads and checks a saved plan (`plan --out FILE`); every problem is a UsageError naming the file. */
export async function readPlanFile(_ctx: CliContext, path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot read the plan file ${path} (${code ?? 'error'}).`, { hint: 'Make one with: skuform plan --out plan.json' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`, { hint: 'Pass the file written by skuform plan --out.' });
  }
  const checked = validateSavedPlan(value);
  if ('problems' in checked) {
    throw new UsageError(`${path} is not a skuform plan: ${checked.problems.join('; ')}`, { hint: 'Pass the file written by skuform plan --out.' });
  }
  return checked.plan;
}

/**
 * The store a saved plan is applied to: `--store` when given, else the store the plan was
 * made against (`file:PATH` relative to the working directory, or the Graph root it read).
 */
export function storeFlagsForSavedPlan(flags: StoreFlags, plan: Plan): StoreFlags {
  if (flags.store !== undefined) return flags;
  if (plan.store.startsWith('file:')) return { ...flags, store: plan.store };
  const graph = /^graph \((https?:\/\/[^)]+)\)$/.exec(plan.store);
  if (graph) return { ...flags, store: `graph:${graph[1]}` };
  throw new UsageError(`The plan was made against "${plan.store}", which is not a store skuform can reopen.`, { hint: 'Pass --store.' });
}
