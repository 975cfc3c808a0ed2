import { writeFile } from 'node:fs/promises';
import type { CliContext } from '../cli-context.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { makePlan } from '../make-plan.js';
import type { StoreFlags } from '../open-cli-store.js';
import type { PlanFormat } from '../output-format.js';
import { renderPlanAs } from '../render-plan-as.js';
import { configPathOf } from '../describe-paths.js';
import { inGitHubActions } from '../report-diagnostics.js';

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
 * `skuform plan`: what apply would change, with seats and checks. Exit 3 when a guard or a
 * pre-flight check blocks it; with --detailed-exitcode, 2 when there are changes.
 */
export async function runPlanCommand(ctx: CliContext, options: PlanCommandOptions): Promise<ExitCodeValue> {
  const run = await makePlan(ctx, options);
  try {
    const { plan } = run;
    const configPath = configPathOf(plan);
    const plannedAt = ctx.now();
    ctx.terminal.stdout.write(await renderPlanAs(plan, options.format, { color: ctx.terminal.color, plannedAt, configPath }));
    if (options.out !== undefined) {
      const { renderPlanJson } = await import('../../render/render-plan-json.js');
      await writeFile(options.out, renderPlanJson(plan));
      ctx.terminal.stderr.write(`Saved the plan to ${options.out}. Apply exactly this plan with: skuform apply --plan ${options.out}\n`);
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
