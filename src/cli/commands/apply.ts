import { applyPlan } from '../../apply/apply-plan.js';
import type { ApplyObserver } from '../../apply/apply-observer.js';
import { checkPlanIsCurrent } from '../../apply/check-plan-is-current.js';
import { createJsonEventsObserver } from '../../apply/json-events-observer.js';
import { defaultJournalPath, openFileJournal } from '../../apply/journal.js';
import { createProgressBarObserver } from '../../apply/progress-bar-observer.js';
import { createStopController } from '../../apply/stop-controller.js';
import type { ApplyResult } from '../../model/apply-result.js';
import type { Plan } from '../../model/plan.js';
import type { Store } from '../../model/store.js';
import { renderApplySummary } from '../../render/render-apply-summary.js';
import { renderApplySummaryMarkdown } from '../../render/render-apply-summary-markdown.js';
import { renderPlanText } from '../../render/render-plan-text.js';
import { appendStepSummary } from '../../github/append-step-summary.js';
import type { CliContext } from '../cli-context.js';
import { confirmApply } from '../confirm.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { lockAndCloser, makePlan } from '../make-plan.js';
import { openCliStore, type StoreFlags } from '../open-cli-store.js';
import { readPlanFile, storeFlagsForSavedPlan } from '../read-plan-file.js';

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

interface Prepared {
  plan: Plan;
  store: Store;
  close: () => Promise<void>;
}

/** A fresh plan from the files, made under the apply lock. */
async function prepareFresh(ctx: CliContext, options: ApplyCommandOptions): Promise<Prepared> {
  const run = await makePlan(ctx, { ...options, lock: true });
  return { plan: run.plan, store: run.store, close: run.close };
}

/** A saved plan, after checking under the lock that nothing it touches has changed since (else exit 4). */
async function prepareSaved(ctx: CliContext, options: ApplyCommandOptions, planFile: string): Promise<Prepared | ExitCodeValue> {
  const plan = await readPlanFile(ctx, planFile);
  const store = await openCliStore(ctx, storeFlagsForSavedPlan(options.storeFlags, plan));
  const close = await lockAndCloser(store, true);
  try {
    const differences = await checkPlanIsCurrent(plan, store);
    if (differences.length === 0) return { plan, store, close };
    ctx.terminal.stderr.write(`error: the saved plan ${planFile} is stale: ${store.location} changed since it was made.\n`);
    for (const difference of differences) ctx.terminal.stderr.write(`  - ${difference.message}\n`);
    ctx.terminal.stderr.write('  hint: make a new plan (skuform plan --out FILE), review it, and apply that one. Nothing was changed.\n');
    await close();
    return ExitCode.stale;
  } catch (error) {
    await close();
    throw error;
  }
}

function chooseObserver(ctx: CliContext, json: boolean): ApplyObserver | undefined {
  if (json) return createJsonEventsObserver(ctx.terminal.stdout);
  if (ctx.terminal.stderrIsTty) return createProgressBarObserver(ctx.terminal.stderr, { columns: (ctx.terminal.stderr as { columns?: number }).columns });
  return undefined;
}

/** Runs the engine with SIGINT/SIGTERM wired to a graceful stop (first) and an abort (second). */
async function execute(ctx: CliContext, prepared: Prepared, options: ApplyCommandOptions): Promise<ApplyResult> {
  const stop = createStopController();
  const removeHandlers = ctx.onSignals((signal) => {
    if (stop.stopRequested) {
      stop.abort(signal);
      return;
    }
    stop.stop(signal);
    if (!options.json) ctx.terminal.stderr.write(`\n${signal}: finishing the requests in flight, starting nothing new. Press Ctrl-C again to abort them.\n`);
  });
  const journal = await openFileJournal(options.journal ?? defaultJournalPath(ctx.cwd));
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
  const prepared = options.planFile === undefined ? await prepareFresh(ctx, options) : await prepareSaved(ctx, options, options.planFile);
  if (typeof prepared === 'number') return prepared;
  try {
    const { plan } = prepared;
    const out = options.json ? ctx.terminal.stderr : ctx.terminal.stdout;
    out.write(renderPlanText(plan, { color: options.json ? ctx.terminal.colorErr : ctx.terminal.color }));
    if (plan.blocked) return ExitCode.blocked;
    if (plan.operations.length === 0) return ExitCode.ok;
    if (!(await confirmApply(ctx, options.autoApprove))) {
      out.write('Apply cancelled. Nothing was changed.\n');
      return ExitCode.error;
    }
    const result = await execute(ctx, prepared, options);
    out.write(renderApplySummary(result, { color: options.json ? ctx.terminal.colorErr : ctx.terminal.color, skus: plan.settings.managedSkus }));
    const summaryPath = ctx.env.GITHUB_STEP_SUMMARY;
    if (ctx.env.GITHUB_ACTIONS === 'true' && summaryPath) await appendStepSummary(summaryPath, renderApplySummaryMarkdown(result, { skus: plan.settings.managedSkus }));
    return applyExitCode(result);
  } finally {
    await prepared.close();
  }
}
