import { resolve } from 'node:path';
import { applyPlan } from '../../apply/apply-plan.js';
import type { ApplyObserver } from '../../apply/apply-observer.js';
import { createJsonEventsObserver } from '../../apply/json-events-observer.js';
import { defaultJournalPath, openFileJournal } from '../../apply/journal.js';
import { createProgressBarObserver } from '../../apply/progress-bar-observer.js';
import { createStopController } from '../../apply/stop-controller.js';
import type { ApplyResult } from '../../model/apply-result.js';
import { renderApplySummary } from '../../render/render-apply-summary.js';
import { renderApplySummaryMarkdown } from '../../render/render-apply-summary-markdown.js';
import { renderPlanText } from '../../render/render-plan-text.js';
import { appendStepSummary } from '../../github/append-step-summary.js';
import type { CliContext } from '../cli-context.js';
import { confirmApply } from '../confirm.js';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { checkOutputPaths, refuseOverwritingInputs } from '../local-files.js';
import { makePlan } from '../make-plan.js';
import type { StoreFlags } from '../open-cli-store.js';
import { prepareSavedPlan, type PreparedPlan } from '../prepare-saved-plan.js';
import { redactSecrets, secretValuesOf } from '../redact-secrets.js';

export interface ApplyCommandOptions {
  paths: string[];
  planFile?: string;
  storeFlags: StoreFlags;
  autoApprove: boolean;
  concurrency?: number;
  maxRemovals?: number;
  allowRemoveAll: boolean;
  journal?: string;
  json: boolean;
  deadlineMs?: number;
  /** `--write-quota`: undefined = the store's default (Graph's quota), null = no pacing. */
  writeQuota?: { writes: number; windowMs: number } | null;
  /** false for `--no-verify`. Default true. */
  verify?: boolean;
}

/** A fresh plan from the files, made under the apply lock. */
async function prepareFresh(ctx: CliContext, options: ApplyCommandOptions): Promise<PreparedPlan> {
  const run = await makePlan(ctx, { ...options, lock: true });
  return { plan: run.plan, store: run.store, close: run.close, inputs: run.inputs };
}

/** A fresh plan, or the checked saved plan (or the exit code that refused it). */
async function prepare(ctx: CliContext, options: ApplyCommandOptions, out: NodeJS.WritableStream, color: boolean): Promise<PreparedPlan | ExitCodeValue> {
  if (options.planFile === undefined) return prepareFresh(ctx, options);
  if (options.paths.length > 0) {
    throw new UsageError(`apply --plan applies the saved plan as it is and reads no config, so ${options.paths.join(' ')} would be ignored.`, {
      hint: `Drop ${options.paths.length === 1 ? 'the path' : 'the paths'} to apply ${options.planFile}, or drop --plan to plan afresh from the config.`,
    });
  }
  return prepareSavedPlan(ctx, { planFile: options.planFile, storeFlags: options.storeFlags, maxRemovals: options.maxRemovals, allowRemoveAll: options.allowRemoveAll, color }, out);
}

function chooseObserver(ctx: CliContext, json: boolean): ApplyObserver | undefined {
  if (json) return createJsonEventsObserver(ctx.terminal.stdout);
  if (ctx.terminal.stderrIsTty) return createProgressBarObserver(ctx.terminal.stderr, { columns: (ctx.terminal.stderr as { columns?: number }).columns });
  return undefined;
}

/** Runs the engine with SIGINT/SIGTERM wired to a graceful stop (first) and an abort (second). */
async function execute(ctx: CliContext, prepared: PreparedPlan, options: ApplyCommandOptions, journalPath: string): Promise<ApplyResult> {
  const stop = createStopController();
  const removeHandlers = ctx.onSignals((signal) => {
    if (stop.stopRequested) {
      stop.abort(signal);
      return;
    }
    stop.stop(signal);
    if (!options.json) ctx.terminal.stderr.write(`\n${signal}: finishing the requests in flight, starting nothing new. Press Ctrl-C again to abort them.\n`);
  });
  const journal = await openFileJournal(journalPath);
  try {
    return await applyPlan(prepared.plan, prepared.store, {
      journal,
      observer: chooseObserver(ctx, options.json),
      stop,
      concurrency: options.concurrency,
      deadlineMs: options.deadlineMs,
      writeQuota: options.writeQuota,
      verify: options.verify === false ? false : undefined,
      takeLock: false,
    });
  } finally {
    removeHandlers();
    await journal.close();
  }
}

/**
 * 130 when interrupted; 1 when anything failed, was skipped, or answered success but is not in
 * the tenant (lost, or the re-read failed); 5 when everything else was applied but some
 * changes were not visible yet; 0 only when every change was applied and, unless
 * `--no-verify`, confirmed — so a plan right after exit 0 shows no changes.
 */
export function applyExitCode(result: ApplyResult): ExitCodeValue {
  if (result.interrupted && result.interruptReason !== 'deadline') return ExitCode.interrupted;
  const verification = result.verification?.counts;
  if (result.counts.failed > 0 || result.counts.skipped > 0 || (verification?.lost ?? 0) > 0 || (verification?.unchecked ?? 0) > 0) return ExitCode.error;
  return (verification?.['not-yet-visible'] ?? 0) > 0 ? ExitCode.unconfirmed : ExitCode.ok;
}

/**
 * `skuform apply`: a fresh plan from the files, or a reviewed saved plan (`--plan`), shown,
 * confirmed and executed through the bounded, paced queue; every operation is journaled.
 */
export async function runApplyCommand(ctx: CliContext, options: ApplyCommandOptions): Promise<ExitCodeValue> {
  const journalPath = resolve(ctx.cwd, options.journal ?? defaultJournalPath(ctx.cwd));
  const journalOutput = { flag: '--journal', path: options.journal ?? journalPath, createsFolder: true, example: 'journal.jsonl' };
  await checkOutputPaths(ctx.cwd, [journalOutput]);
  const out = options.json ? ctx.terminal.stderr : ctx.terminal.stdout;
  const color = options.json ? ctx.terminal.colorErr : ctx.terminal.color;
  const prepared = await prepare(ctx, options, out, color);
  if (typeof prepared === 'number') return prepared;
  try {
    await refuseOverwritingInputs(ctx.cwd, [journalOutput], prepared.inputs);
    const { plan } = prepared;
    out.write(renderPlanText(plan, { color }));
    if (plan.blocked) return ExitCode.blocked;
    if (plan.operations.length === 0) return ExitCode.ok;
    if (!(await confirmApply(ctx, options.autoApprove))) {
      out.write('Apply cancelled. Nothing was changed.\n');
      return ExitCode.error;
    }
    const result = await execute(ctx, prepared, options, journalPath);
    out.write(renderApplySummary(result, { color, skus: plan.settings.managedSkus }));
    const summaryPath = ctx.env.GITHUB_STEP_SUMMARY;
    if (ctx.env.GITHUB_ACTIONS === 'true' && summaryPath) {
      // Failure texts come from servers: secrets are redacted by value here too, as on the terminal.
      await appendStepSummary(summaryPath, redactSecrets(renderApplySummaryMarkdown(result, { skus: plan.settings.managedSkus }), secretValuesOf(ctx.env)));
    }
    return applyExitCode(result);
  } finally {
    await prepared.close();
  }
}
