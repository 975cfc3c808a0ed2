import type { Plan } from '../model/plan.js';
import { renderPlanMarkdown } from '../render/render-plan-markdown.js';
import { appendStepSummary, type StepSummaryResult } from './append-step-summary.js';
import {
  resolvePullRequestTarget, resolveRepositoryTarget, resolveRunUrl, type GitHubTargetInput, type Resolved,
} from './github-context.js';
import { formatDriftIssueMarker } from './markers.js';
import { upsertDriftIssue, type DriftIssueResult } from './upsert-drift-issue.js';
import { GITHUB_BODY_LIMIT, planCommentMaxLength, upsertPlanComment, type PlanCommentResult } from './upsert-plan-comment.js';

/**
 * The use cases behind `skuform comment`, `skuform plan --comment`, `skuform drift-issue` and
 * the job summary: render the plan for GitHub and publish it where the run belongs. The CLI
 * passes flags, its environment and its clock in; nothing here reads them itself.
 */

export interface PublishInput extends GitHubTargetInput {
  plan: Plan;
  /** The config the plan is for (the PATH argument as given): one comment or issue per path. */
  configPath: string;
  /** When the plan was made, for the footer (the CLI's clock; the plan itself has none). */
  plannedAt?: Date | string;
}

/** Posts or updates the sticky plan comment on the pull request of this run (or `pr`). */
export async function commentPlan(input: PublishInput): Promise<Resolved<PlanCommentResult>> {
  const target = await resolvePullRequestTarget(input);
  if (!target.ok) return target;
  const { value } = target;
  const body = renderPlanMarkdown(input.plan, {
    configPath: input.configPath,
    maxLength: planCommentMaxLength(input.configPath),
    ...footer(input.plannedAt, value.headSha ?? input.env.GITHUB_SHA, resolveRunUrl(input.env)),
  });
  const result = await upsertPlanComment({
    owner: value.owner, repo: value.repo, pr: value.pr, body, configPath: input.configPath, token: value.token, apiUrl: value.apiUrl,
  });
  return { ok: true, value: result };
}

/**
 * Keeps the drift issue in step with a scheduled plan: opened or updated while the plan has
 * operations (the tenant drifted), closed once it has none.
 */
export async function reportDrift(input: PublishInput): Promise<Resolved<DriftIssueResult>> {
  const target = resolveRepositoryTarget(input);
  if (!target.ok) return target;
  const { value } = target;
  const intro =
    `The tenant no longer matches \`${input.configPath.replace(/`/g, "'")}\`. Applying this plan would bring it back; ` +
    'if the change in the tenant was intended, update the files instead.\n\n';
  const budget = GITHUB_BODY_LIMIT - formatDriftIssueMarker(input.configPath).length - 1 - intro.length;
  const plan = renderPlanMarkdown(input.plan, { configPath: input.configPath, maxLength: budget, ...footer(input.plannedAt, input.env.GITHUB_SHA, resolveRunUrl(input.env)) });
  const result = await upsertDriftIssue({
    owner: value.owner, repo: value.repo, token: value.token, apiUrl: value.apiUrl,
    marker: input.configPath,
    title: `skuform: tenant drifted from ${input.configPath}`,
    body: `${intro}${plan}`,
    drifted: input.plan.operations.length > 0,
    resolvedComment: `The tenant matches \`${input.configPath.replace(/`/g, "'")}\` again: skuform found no drift${runLink(input)}. Closing.`,
  });
  return { ok: true, value: result };
}

export interface SummaryInput {
  plan: Plan;
  configPath: string;
  env: GitHubTargetInput['env'];
  plannedAt?: Date | string;
}

/**
 * Appends the full plan to the job summary when the run has one (`GITHUB_STEP_SUMMARY`);
 * undefined outside GitHub Actions. The summary is where the comment points for the details.
 */
export async function summarizePlan(input: SummaryInput): Promise<StepSummaryResult | undefined> {
  const path = input.env.GITHUB_STEP_SUMMARY;
  if (!path) return undefined;
  // No link to the run: the summary is already on the run's page.
  const markdown = renderPlanMarkdown(input.plan, {
    configPath: input.configPath, maxLength: Number.POSITIVE_INFINITY, ...footer(input.plannedAt, input.env.GITHUB_SHA, undefined),
  });
  return appendStepSummary(path, markdown);
}

interface FooterFacts {
  commitSha?: string;
  plannedAt?: Date | string;
  fullPlanUrl?: string;
}

function footer(plannedAt: Date | string | undefined, commitSha: string | undefined, fullPlanUrl: string | undefined): FooterFacts {
  return {
    ...(commitSha ? { commitSha } : {}),
    ...(plannedAt !== undefined ? { plannedAt } : {}),
    ...(fullPlanUrl ? { fullPlanUrl } : {}),
  };
}

function runLink(input: PublishInput): string {
  const url = resolveRunUrl(input.env);
  return url ? ` in [this run](${url})` : '';
}
