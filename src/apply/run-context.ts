import { setMaxListeners } from 'node:events';
import type { OperationOutcome, OutcomeError, OutcomeStatus } from '../model/apply-result.js';
import type { Operation } from '../model/plan.js';
import type { AssignLicenseRequest, Store } from '../model/store.js';
import type { ResolvedApplyOptions } from './apply-options.js';
import type { JournalRequest } from './journal.js';
import type { WritePacer } from './write-pacer.js';

/** Why a run stopped starting work. */
export type HaltReason = 'interrupted' | 'deadline';

/** One-shot: once triggered, every wait of the run wakes and nothing new starts. */
export class RunHalt {
  readonly #controller = new AbortController();
  constructor() {
    // Every retry wait and pacer wait listens to it: hundreds of listeners are expected.
    setMaxListeners(0, this.#controller.signal);
  }
  #reason: HaltReason | undefined;
  #detail: string | undefined;

  trigger(reason: HaltReason, detail: string): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.#detail = detail;
    this.#controller.abort(reason);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get halted(): boolean {
    return this.#reason !== undefined;
  }

  /** `interrupted` or `deadline`: the skip reason of operations that never finished. */
  get reason(): HaltReason | undefined {
    return this.#reason;
  }

  /** What the caller gave (e.g. `SIGINT`), or `deadline`. */
  get detail(): string | undefined {
    return this.#detail;
  }
}

/** Mutable progress of one operation through its attempts. */
export interface OperationState {
  operation: Operation;
  /** What the next attempt sends; removals already gone may have been dropped. */
  request: AssignLicenseRequest;
  attempts: number;
  lastError?: OutcomeError;
  /** How often the principal was re-read after "does not have a corresponding license". */
  removalChecks: number;
  /** Notable things to report on an applied outcome (e.g. removals that were already gone). */
  notes: string[];
  /** Epoch ms when the attempt that succeeded was sent (group processing is judged against it). */
  sentAt?: number;
  outcome?: OperationOutcome;
}

/** Everything a run shares between its phases. */
export interface RunContext {
  store: Store;
  options: ResolvedApplyOptions;
  pacer: WritePacer;
  halt: RunHalt;
  /** Aborts on StopController.abort(): passed to the store with every request. */
  requestSignal: AbortSignal;
  /** Epoch ms; undefined without a deadline. */
  deadlineAt: number | undefined;
  /** Group operations Graph accepted (202), whose processing is still to be read. */
  groupWrites: OperationState[];
}

export function createOperationState(operation: Operation): OperationState {
  return {
    operation,
    request: {
      principal: { kind: operation.principal.kind, id: operation.principal.id },
      addLicenses: operation.request.addLicenses.map((license) => ({ skuId: license.skuId, disabledPlans: [...license.disabledPlans] })),
      removeLicenses: [...operation.request.removeLicenses],
    },
    attempts: 0,
    removalChecks: 0,
    notes: [],
  };
}

export function toJournalRequest(request: AssignLicenseRequest): JournalRequest {
  return { addSkuIds: request.addLicenses.map((license) => license.skuId), removeSkuIds: [...request.removeLicenses] };
}

/** The final state of an operation, before it is recorded. */
export interface Completion {
  state: OperationState;
  status: OutcomeStatus;
  reason?: string;
  error?: OutcomeError;
}

/**
 * Records final states: outcome on the state, one `operation-end` journal record each
 * (flushed before returning), then `onResult`. Called once per operation.
 */
export async function completeOperations(ctx: RunContext, completions: readonly Completion[]): Promise<void> {
  const time = new Date(ctx.options.clock.now()).toISOString();
  for (const { state, status, reason, error } of completions) {
    const notes = status === 'applied' ? state.notes : [];
    const reasonText = [reason, ...notes].filter((part): part is string => part !== undefined && part !== '').join('; ');
    state.outcome = {
      operationId: state.operation.id,
      principal: state.operation.principal,
      phase: state.operation.phase,
      status,
      attempts: state.attempts,
      ...(error === undefined ? {} : { error }),
      ...(reasonText === '' ? {} : { reason: reasonText }),
    };
  }
  await ctx.options.journal.append(
    completions.map(({ state }) => {
      const outcome = state.outcome as OperationOutcome;
      return {
        type: 'operation-end' as const,
        time,
        runId: ctx.options.runId,
        operationId: outcome.operationId,
        principal: outcome.principal,
        phase: outcome.phase,
        request: toJournalRequest(state.request),
        result: outcome.status,
        attempts: outcome.attempts,
        ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
        ...(outcome.error === undefined ? {} : { error: outcome.error }),
      };
    }),
  );
  for (const { state } of completions) ctx.options.observer.onResult?.(state.outcome as OperationOutcome);
}

/** Skip reason for work a halt prevented: `interrupted` or `deadline`. */
export function describeHalt(halt: RunHalt): string {
  return halt.reason ?? 'interrupted';
}

/** A promise with its settle functions (Promise.withResolvers is newer than Node 20). */
export function createDeferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}
