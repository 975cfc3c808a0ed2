import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliContext } from '../cli-context.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { makePlan } from '../make-plan.js';
import type { StoreFlags } from '../open-cli-store.js';
import type { PlanFormat } from '../output-format.js';
import { renderPlanAs } from '../render-plan-as.js';
import { configPathOf } from '../describe-paths.js';
import { checkOutputPaths, refuseOverwritingInputs } from '../local-files.js';
import { inGitHubActions } from '../report-diagnostics.js';
import { planKeyOf, storeForSavedPlan } from '../read-plan-file.js';
import type { Plan } from '../../model/plan.js';
import { signPlan } from '../../plan/plan-signature.js';
import { sanitizeText, stringifyJson } from '../../render/sanitize-text.js';

export interface PlanCommandOptions {
  paths: string[];
  storeFlags: StoreFlags;
  format: PlanFormat;
  out?: string;
  detailedExitcode: boolean;
  maxRemovals?: number;
  allowRemoveAll: boolean;
  comment: boolean;
  pr?: number;
}

/**
 * The plan as `--out` saves it: its tenant file relative to the plan's folder, and, with a
 * signing key, an HMAC over the whole plan that `apply --plan` checks.
 */
async function renderSavedPlan(ctx: CliContext, plan: Plan, out: string, key: string | undefined): Promise<string> {
  const { canonicalizePlan } = await import('../../render/render-plan-json.js');
  const saved = canonicalizePlan({ ...plan, store: storeForSavedPlan(ctx, plan.store, out) }) as unknown as Record<string, unknown>;
  return `${stringifyJson(key === undefined ? saved : { ...saved, signature: signPlan(saved, key) }, 2)}\n`;
}

/**
 * `skuform plan`: what apply would change, with seats and checks. Exit 3 when a guard or a
 * pre-flight check blocks it; with --detailed-exitcode, 2 when there are changes.
 */
export async function runPlanCommand(ctx: CliContext, options: PlanCommandOptions): Promise<ExitCodeValue> {
  const outputs = options.out === undefined ? [] : [{ flag: '--out', path: options.out }];
  await checkOutputPaths(ctx.cwd, outputs);
  const key = options.out === undefined ? undefined : planKeyOf(ctx);
  const run = await makePlan(ctx, options);
  try {
    await refuseOverwritingInputs(ctx.cwd, outputs, run.inputs);
    const { plan } = run;
    const configPath = configPathOf(plan);
    const plannedAt = ctx.now();
    ctx.terminal.stdout.write(await renderPlanAs(plan, options.format, { color: ctx.terminal.color, plannedAt, configPath }));
    if (options.out !== undefined) {
      await writeFile(resolve(ctx.cwd, options.out), await renderSavedPlan(ctx, plan, options.out, key));
      const signed = key === undefined ? '' : ', signed with SKUFORM_PLAN_KEY';
      ctx.terminal.stderr.write(`Saved the plan to ${sanitizeText(options.out)}${signed}. Apply exactly this plan with: skuform apply --plan ${sanitizeText(options.out)}\n`);
    }
    if (inGitHubActions(ctx.env) || options.comment) {
      const github = await import('../github-output.js');
      await github.publishToJob(ctx, plan, configPath);
      if (options.comment) await github.postPlanComment(ctx, plan, configPath, options.pr);
    }
    if (plan.blocked) return ExitCode.blocked;
    if (options.detailedExitcode && plan.operations.length > 0) return ExitCode.changes;
    return ExitCode.ok;
  } finally {
    await run.close();
  }
}
