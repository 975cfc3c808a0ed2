import { randomUUID } from 'node:crypto';
import type { ApplyResult, OutcomeStatus, VerificationSummary } from '../model/apply-result.js';
import { OPERATION_PHASES, type OperationPhase, type Plan } from '../model/plan.js';
import type { Store } from '../model/store.js';
import { resolveApplyOptions, type ApplyOptions, type ResolvedApplyOptions } from './apply-options.js';
import { awaitGroupProcessing } from './await-group-processing.js';
import { runPhase } from './run-phase.js';
import { verifyApplied } from './verify-applied.js';
import { createOperationState, RunHalt, type OperationState, type RunContext } from './run-context.js';
import { WritePacer } from './write-pacer.js';

/**
 * Applies a plan through the store: phase by phase (release, update, swap, acquire) with a
 * barrier between phases so seats are freed before they are consumed; within a phase in
 * batches of up to the store's batch size, at most `concurrency` in flight, paced to the
 * write quota, retried per item. Every operation ends `applied`, `failed` or `skipped`; one
 * failure does not stop the others. Then, unless switched off, every operation that answered
 * success is verified by re-reading the store (see verifyApplied). Everything is journaled
 * (flushed) as it happens.
 *
 * Throws only for defects and for a store that cannot be locked (StoreLockedError) or a
 * journal that cannot be written; the caller owns (and closes) the journal. Never prints:
 * progress goes to `options.observer`.
 */
export async function applyPlan(plan: Plan, store: Store, options: ApplyOptions): Promise<ApplyResult> {
  // A blocked plan is never applied, whoever calls: its flag and its error checks both count,
  // since a plan read from a file may say `blocked: false` beside an error.
  const errors = plan.checks.filter((check) => check.severity === 'error');
  if (plan.blocked || errors.length > 0) {
    const reasons = errors.map((check) => check.message).join('; ');
    throw new Error(`applyPlan: refusing a blocked plan${reasons === '' ? '' : ` (${reasons})`}; nothing was applied`);
  }
  const resolved = resolveApplyOptions(options, store, randomUUID);
  const release = resolved.takeLock ? await store.lock() : undefined;
  try {
    return await runApply(plan, store, resolved);
  } finally {
    await release?.();
  }
}

async function runApply(plan: Plan, store: Store, options: ResolvedApplyOptions): Promise<ApplyResult> {
  const { clock, stop } = options;
  const startedAt = clock.now();
  const halt = new RunHalt();
  const ctx: RunContext = {
    store,
    options,
    pacer: new WritePacer({ clock, sleep: options.sleep, quota: options.writeQuota, maxBurst: options.maxBatchSize, utilisation: options.utilisation }),
    halt,
    requestSignal: stop?.abortSignal ?? new AbortController().signal,
    deadlineAt: options.deadlineMs === undefined ? undefined : startedAt + options.deadlineMs,
    groupWrites: [],
  };
  const onStop = (): void => halt.trigger('interrupted', stop?.reason ?? 'interrupted');
  if (stop?.stopRequested) onStop();
  else stop?.stopSignal.addEventListener('abort', onStop);
  const runOver = new AbortController();
  if (options.deadlineMs !== undefined) {
    void options.sleep(options.deadlineMs, runOver.signal).then(() => {
      if (!runOver.signal.aborted) halt.trigger('deadline', 'deadline');
    });
  }
  const states = plan.operations.map(createOperationState);
  let verification: VerificationSummary | undefined;
  try {
    await startRun(plan, store, options, startedAt, ctx.pacer.currentRate());
    await runPhases(ctx, states);
    // After an abort (a second Ctrl-C) outcomes in flight are unknown and nobody waits for more reads.
    if (options.verify !== null && !ctx.requestSignal.aborted) verification = await verifyApplied(ctx, states, options.verify);
  } finally {
    runOver.abort();
    stop?.stopSignal.removeEventListener('abort', onStop);
  }
  return endRun(options, states, halt, startedAt, verification);
}

async function runPhases(ctx: RunContext, states: readonly OperationState[]): Promise<void> {
  let awaited = 0;
  for (const [index, phase] of OPERATION_PHASES.entries()) {
    await runPhase(ctx, states.filter((state) => state.operation.phase === phase));
    const written = ctx.groupWrites.slice(awaited);
    const later = states.filter((state) => OPERATION_PHASES.indexOf(state.operation.phase) > index);
    // A group's seats are released only when Graph has processed its members: later
    // phases that consume those SKUs wait for it, or a full-SKU reshuffle would fail.
    if (!ctx.halt.halted && written.some((state) => freesSeatsFor(state, later))) {
      await awaitGroupProcessing(ctx, written);
      awaited = ctx.groupWrites.length;
    }
  }
  await awaitGroupProcessing(ctx, ctx.groupWrites.slice(awaited));
}

function freesSeatsFor(group: OperationState, later: readonly OperationState[]): boolean {
  const freed = Object.entries(group.operation.seatDelta).filter(([, delta]) => delta < 0).map(([skuId]) => skuId);
  return later.some((state) => freed.some((skuId) => (state.operation.seatDelta[skuId] ?? 0) > 0));
}

async function startRun(plan: Plan, store: Store, options: ResolvedApplyOptions, startedAt: number, targetRate: number): Promise<void> {
  const phases = countPhases(plan);
  await options.journal.append([
    {
      type: 'run-start',
      time: new Date(startedAt).toISOString(),
      runId: options.runId,
      tenant: { id: plan.tenant.id, displayName: plan.tenant.displayName, defaultDomain: plan.tenant.defaultDomain },
      store: store.location,
      configFiles: plan.configFiles,
      summary: plan.summary,
      operations: plan.operations.length,
      phases,
      settings: { concurrency: options.concurrency, maxBatchSize: options.maxBatchSize, writeQuota: options.writeQuota, deadlineMs: options.deadlineMs ?? null },
    },
  ]);
  options.observer.onRunStart?.({ runId: options.runId, total: plan.operations.length, phases, startedAt, targetRate });
}

async function endRun(
  options: ResolvedApplyOptions,
  states: readonly OperationState[],
  halt: RunHalt,
  startedAt: number,
  verification: VerificationSummary | undefined,
): Promise<ApplyResult> {
  const outcomes = states.map((state) => {
    if (state.outcome === undefined) throw new Error(`operation ${state.operation.id} ended without an outcome`);
    return state.outcome;
  });
  const counts: Record<OutcomeStatus, number> = { applied: 0, failed: 0, skipped: 0 };
  for (const outcome of outcomes) counts[outcome.status] += 1;
  const endedAt = options.clock.now();
  const result: ApplyResult = {
    outcomes,
    interrupted: halt.halted,
    ...(halt.detail === undefined ? {} : { interruptReason: halt.detail }),
    ...(options.journal.path === undefined ? {} : { journalPath: options.journal.path }),
    elapsedMs: endedAt - startedAt,
    counts,
    ...(verification === undefined ? {} : { verification }),
  };
  await options.journal.append([
    {
      type: 'run-end',
      time: new Date(endedAt).toISOString(),
      runId: options.runId,
      counts,
      interrupted: result.interrupted,
      ...(result.interruptReason === undefined ? {} : { interruptReason: result.interruptReason }),
      elapsedMs: result.elapsedMs,
      ...(verification === undefined ? {} : { verification }),
    },
  ]);
  options.observer.onRunEnd?.(result);
  return result;
}

function countPhases(plan: Plan): Record<OperationPhase, number> {
  const phases: Record<OperationPhase, number> = { release: 0, update: 0, swap: 0, acquire: 0 };
  for (const operation of plan.operations) phases[operation.phase] += 1;
  return phases;
}
