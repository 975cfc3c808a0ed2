import type { CliContext } from '../cli-context.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { postDriftIssue, postPlanComment } from '../github-output.js';
import { readPlanFile } from '../read-plan-file.js';
import { configPathOf } from '../describe-paths.js';

export interface CommentCommandOptions {
  planFile: string;
  /** The config the plan is for: one sticky comment (or drift issue) per config. */
  configPath?: string;
  pr?: number;
}


/** `skuform comment`: upsert the one sticky plan comment on the pull request. */
export async function runCommentCommand(ctx: CliContext, options: CommentCommandOptions): Promise<ExitCodeValue> {
  const plan = await readPlanFile(ctx, options.planFile);
  await postPlanComment(ctx, plan, options.configPath ?? configPathOf(plan), options.pr);
  return ExitCode.ok;
}

/** `skuform drift-issue`: open or update the drift issue while the tenant drifts; close it once it does not. */
export async function runDriftIssueCommand(ctx: CliContext, options: CommentCommandOptions): Promise<ExitCodeValue> {
  const plan = await readPlanFile(ctx, options.planFile);
  await postDriftIssue(ctx, plan, options.configPath ?? configPathOf(plan));
  return ExitCode.ok;
}
