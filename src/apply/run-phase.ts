import PQueue from 'p-queue';
import type { OutcomeError } from '../model/apply-result.js';
import { assertNever } from '../model/plan.js';
import type { WriteFailure, WriteResult } from '../model/store.js';
import { nameSkus, reconcileAlreadyRemoved } from './reconcile-already-removed.js';
import { classifyFailure, computeBackoffMs, computeRetryDelayMs } from './retry-policy.js';
import { sendBatch, toOutcomeError } from './send-batch.js';
import { completeOperations, createDeferred, describeHalt, toJournalRequest, type Completion, type OperationState, type RunContext } from './run-context.js';

/** Re-reads of one principal after "does not have a corresponding license" before giving up. */
const MAX_REMOVAL_CHECKS = 2;

/**
 * Runs the operations of one phase to their final states and resolves when every one has
 * ended (the barrier between phases). Each ends exactly once: applied, failed or skipped.
 */
export function runPhase(ctx: RunContext, states: readonly OperationState[]): Promise<void> {
  return new PhaseRun(ctx, states).execute();
}

/**
 * Batches are formed when the pacer admits them, not when they are queued: retried items then
 * travel with fresh ones, a slot never holds requests that are waiting out a backoff, and a
 * batch takes the batch size as it is after any 429 that came back meanwhile. p-queue bounds
 * the batches in flight; the pacer bounds the write rate and batch size and holds everyone
 * during a 429 pause.
 */
class PhaseRun {
  readonly #ctx: RunContext;
  readonly #queue: PQueue;
  readonly #ready: OperationState[];
  #unresolved: number;
  readonly #done = createDeferred<void>();

  constructor(ctx: RunContext, states: readonly OperationState[]) {
    this.#ctx = ctx;
    this.#queue = new PQueue({ concurrency: ctx.options.concurrency });
    this.#ready = [...states];
    this.#unresolved = states.length;
  }

  async execute(): Promise<void> {
    if (this.#unresolved === 0) return;
    const { halt } = this.#ctx;
    const onHalt = (): void => this.#drainOnHalt();
    if (halt.halted) onHalt();
    else halt.signal.addEventListener('abort', onHalt);
    this.#schedule();
    try {
      await this.#done.promise;
    } finally {
      halt.signal.removeEventListener('abort', onHalt);
      this.#queue.clear();
    }
  }

  /** Keeps one queued task per batch's worth of ready operations. */
  #schedule(): void {
    const needed = Math.ceil(this.#ready.length / this.#ctx.pacer.batchSize()) - this.#queue.size;
    for (let i = 0; i < needed; i += 1) {
      this.#queue.add(() => this.#sendNext()).catch((error: unknown) => this.#done.reject(error));
    }
  }

  #drainOnHalt(): void {
    this.#queue.clear();
    const pending = this.#ready.splice(0);
    this.#finish(pending.map((state) => this.#skipped(state))).catch((error: unknown) => this.#done.reject(error));
  }

  async #sendNext(): Promise<void> {
    const { pacer } = this.#ctx;
    // After a halt nothing is ready: #drainOnHalt took it all, and retries no longer return.
    if (this.#ready.length === 0) return;
    // Halted while waiting: acquire returns undefined; what was still ready is skipped by #drainOnHalt.
    const admitted = await pacer.acquire((limit) => this.#ready.splice(0, limit), this.#ctx.halt.signal);
    if (admitted === undefined || admitted.items.length === 0) return;
    const { items: batch, admission } = admitted;
    await this.#startAttempts(batch);
    const sentAt = this.#ctx.options.clock.now();
    const results = await sendBatch(this.#ctx.store, batch.map((state) => state.request), this.#ctx.requestSignal);
    if (results === 'aborted') {
      await this.#finish(batch.map((state) => ({ state, status: 'skipped', reason: 'aborted while in flight (outcome unknown)' })));
      return;
    }
    pacer.recordBatch(admission, batch.length, results.filter((result) => !result.ok && result.status === 429).length);
    await this.#handleResults(batch, results, sentAt);
  }

  /** Journals (flushed) and reports every attempt before it is sent. */
  async #startAttempts(batch: readonly OperationState[]): Promise<void> {
    const { options } = this.#ctx;
    const time = new Date(options.clock.now()).toISOString();
    for (const state of batch) state.attempts += 1;
    await options.journal.append(
      batch.map((state) => ({
        type: 'operation-start' as const,
        time,
        runId: options.runId,
        operationId: state.operation.id,
        principal: state.operation.principal,
        phase: state.operation.phase,
        attempt: state.attempts,
        request: toJournalRequest(state.request),
        ...(state.lastError === undefined ? {} : { previousError: state.lastError }),
      })),
    );
    for (const state of batch) {
      const request = toJournalRequest(state.request);
      options.observer.onStart?.({ operation: state.operation, attempt: state.attempts, addSkuIds: request.addSkuIds, removeSkuIds: request.removeSkuIds });
    }
  }

  async #handleResults(batch: readonly OperationState[], results: readonly WriteResult[], sentAt: number): Promise<void> {
    const completions: Completion[] = [];
    const removalChecks: OperationState[] = [];
    batch.forEach((state, index) => {
      const result = results[index] as WriteResult;
      if (result.ok) {
        state.sentAt = sentAt;
        completions.push({ state, status: 'applied' });
        if (state.operation.principal.kind === 'group') this.#ctx.groupWrites.push(state);
        return;
      }
      state.lastError = toOutcomeError(result);
      if (this.#ctx.requestSignal.aborted) {
        completions.push({ state, status: 'skipped', reason: 'aborted while in flight (outcome unknown)', error: state.lastError });
      } else if (classifyFailure(result, this.#ctx.options.retry) === 'already-removed') {
        removalChecks.push(state);
      } else {
        this.#handleFailure(state, result, completions);
      }
    });
    for (const state of removalChecks) await this.#convergeRemoval(state, completions);
    await this.#finish(completions);
  }

  /** A 429 pauses everyone and retries; a transient error retries; anything else fails. */
  #handleFailure(state: OperationState, failure: WriteFailure, completions: Completion[]): void {
    const { options, pacer } = this.#ctx;
    const error = toOutcomeError(failure);
    const failureClass = classifyFailure(failure, options.retry);
    switch (failureClass) {
      case 'throttled': {
        const delayMs = computeRetryDelayMs(failure, state.attempts, options.retry, options.random);
        const until = options.clock.now() + delayMs;
        if (pacer.pause(until)) options.observer.onPause?.({ delayMs, until, cause: error });
        this.#retryLater(state, delayMs, error, completions);
        return;
      }
      case 'transient':
        this.#retryLater(state, computeRetryDelayMs(failure, state.attempts, options.retry, options.random), error, completions);
        return;
      case 'already-removed':
      case 'permanent':
        completions.push({ state, status: 'failed', error });
        return;
      default:
        assertNever(failureClass);
    }
  }

  /** Queues another attempt after `delayMs`, unless attempts, the halt or the deadline rule it out. */
  #retryLater(state: OperationState, delayMs: number, error: OutcomeError, completions: Completion[]): void {
    const { options, halt, deadlineAt } = this.#ctx;
    if (halt.halted) {
      completions.push(this.#skipped(state));
      return;
    }
    if (state.attempts >= options.retry.maxAttempts) {
      completions.push({ state, status: 'failed', error, reason: `gave up after ${state.attempts} attempts` });
      return;
    }
    if (deadlineAt !== undefined && options.clock.now() + delayMs >= deadlineAt) {
      completions.push({ state, status: 'skipped', reason: 'deadline', error });
      return;
    }
    options.observer.onRetry?.({ operation: state.operation, attempt: state.attempts, delayMs, cause: error });
    void options.sleep(delayMs, halt.signal).then(() => {
      if (halt.halted) {
        this.#finish([this.#skipped(state)]).catch((failure: unknown) => this.#done.reject(failure));
        return;
      }
      this.#ready.push(state);
      this.#schedule();
    });
  }

  async #convergeRemoval(state: OperationState, completions: Completion[]): Promise<void> {
    const error = state.lastError as OutcomeError;
    if (state.removalChecks >= MAX_REMOVAL_CHECKS) {
      completions.push({ state, status: 'failed', error });
      return;
    }
    state.removalChecks += 1;
    const verdict = await reconcileAlreadyRemoved(this.#ctx.store, state);
    switch (verdict.kind) {
      case 'converged':
        completions.push({ state, status: 'applied', reason: verdict.reason });
        return;
      case 'failed':
        completions.push({ state, status: 'failed', error: verdict.error ?? error });
        return;
      case 'read-failed': {
        // Not a verdict on the removals: the next attempt gets another chance to re-read.
        state.removalChecks -= 1;
        const { options } = this.#ctx;
        if (!options.retry.retryableStatuses.includes(verdict.error.status)) {
          completions.push({ state, status: 'failed', error: verdict.error });
          return;
        }
        state.lastError = verdict.error;
        this.#retryLater(state, computeBackoffMs(state.attempts, options.retry, options.random), verdict.error, completions);
        return;
      }
      case 'retry':
        state.request = { ...state.request, removeLicenses: verdict.removeLicenses };
        state.notes.push(`retried without removals already gone: ${nameSkus(state.operation, verdict.dropped)}`);
        this.#retryLater(state, 0, error, completions);
        return;
      default:
        assertNever(verdict);
    }
  }

  #skipped(state: OperationState): Completion {
    const reason = describeHalt(this.#ctx.halt);
    return state.lastError === undefined ? { state, status: 'skipped', reason } : { state, status: 'skipped', reason, error: state.lastError };
  }

  async #finish(completions: readonly Completion[]): Promise<void> {
    await completeOperations(this.#ctx, completions);
    this.#unresolved -= completions.length;
    if (this.#unresolved === 0) this.#done.resolve();
  }
}
