import type { Plan } from '../model/plan.js';
import { commentPlan, reportDrift, summarizePlan } from '../github/publish-plan.js';
import type { CliContext } from './cli-context.js';
import { ExitCode, ExitNow } from './exit-codes.js';
import { emitAnnotations, inGitHubActions, reportDiagnostics } from './report-diagnostics.js';

/** Inside GitHub Actions: located checks become annotations and the full plan goes to the job summary. */
export async function publishToJob(ctx: CliContext, plan: Plan, configPath: string): Promise<void> {
  if (!inGitHubActions(ctx.env)) return;
  emitAnnotations(ctx, { checks: plan.checks });
  const summary = await summarizePlan({ plan, configPath, env: ctx.env, plannedAt: ctx.now() });
  if (summary?.truncated) ctx.terminal.stderr.write('note: the plan was shortened to fit the job summary (1 MiB).\n');
}

/** `plan --comment` and `skuform comment`: upsert the sticky pull-request comment. */
export async function postPlanComment(ctx: CliContext, plan: Plan, configPath: string, pr: number | undefined): Promise<void> {
  const result = await commentPlan({ plan, configPath, env: ctx.env, pr, plannedAt: ctx.now() });
  if (!result.ok) {
    reportDiagnostics(ctx, result.diagnostics);
    throw new ExitNow(ExitCode.error);
  }
  const { action, url } = result.value;
  ctx.terminal.stderr.write(`Plan comment ${action}${url ? `: ${url}` : ''}\n`);
}

/** `skuform drift-issue`: open, update or close the drift issue for this config. */
export async function postDriftIssue(ctx: CliContext, plan: Plan, configPath: string): Promise<void> {
  const result = await reportDrift({ plan, configPath, env: ctx.env, plannedAt: ctx.now() });
  if (!result.ok) {
    reportDiagnostics(ctx, result.diagnostics);
    throw new ExitNow(ExitCode.error);
  }
  const { action, url } = result.value;
  ctx.terminal.stderr.write(`Drift issue: ${action}${url ? ` (${url})` : ''}\n`);
}
