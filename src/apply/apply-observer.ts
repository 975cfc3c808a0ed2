import type { ApplyResult, OperationOutcome, OutcomeError } from '../model/apply-result.js';
import type { Operation, OperationPhase } from '../model/plan.js';

/**
 * How the engine reports progress: it never prints. The CLI plugs in a progress bar (TTY)
 * or a JSON-lines writer (`--format json`). Every method is optional; an observer must not
 * throw (the engine does not guard against it) and must return quickly.
 */
export interface ApplyObserver {
  onRunStart?(event: RunStartEvent): void;
  /** An attempt of an operation is about to be sent. */
  onStart?(event: OperationStartEvent): void;
  /** An attempt failed and the operation will be tried again after `delayMs`. */
  onRetry?(event: OperationRetryEvent): void;
  /** A 429 paused every sender (throttling is per app and tenant). */
  onPause?(event: PauseEvent): void;
  /** An operation reached its final state. */
  onResult?(outcome: OperationOutcome): void;
  /** A group operation's asynchronous processing was read (after its `onResult`). */
  onGroupProcessing?(outcome: OperationOutcome): void;
  /** An applied operation was verified by re-reading the store (its `verification` is set). */
  onVerify?(outcome: OperationOutcome): void;
  onRunEnd?(result: ApplyResult): void;
}

export interface RunStartEvent {
  runId: string;
  /** Operations in the plan. */
  total: number;
  phases: Record<OperationPhase, number>;
  /** Epoch ms. */
  startedAt: number;
  /** Writes per second the pacer aims for; Infinity when the store is not paced. */
  targetRate: number;
}

export interface OperationStartEvent {
  operation: Operation;
  /** 1 for the first attempt. */
  attempt: number;
  /** skuIds actually sent (removals already gone may have been dropped). */
  addSkuIds: string[];
  removeSkuIds: string[];
}

export interface OperationRetryEvent {
  operation: Operation;
  /** The attempt that failed. */
  attempt: number;
  delayMs: number;
  cause: OutcomeError;
}

export interface PauseEvent {
  /** How long every sender waits. */
  delayMs: number;
  /** Epoch ms when sending resumes. */
  until: number;
  cause: OutcomeError;
}

/** One observer that forwards every event to each of `observers` in order (e.g. a progress bar and metrics). */
export function combineObservers(...observers: readonly ApplyObserver[]): ApplyObserver {
  return {
    onRunStart: (event) => observers.forEach((observer) => observer.onRunStart?.(event)),
    onStart: (event) => observers.forEach((observer) => observer.onStart?.(event)),
    onRetry: (event) => observers.forEach((observer) => observer.onRetry?.(event)),
    onPause: (event) => observers.forEach((observer) => observer.onPause?.(event)),
    onResult: (outcome) => observers.forEach((observer) => observer.onResult?.(outcome)),
    onGroupProcessing: (outcome) => observers.forEach((observer) => observer.onGroupProcessing?.(outcome)),
    onVerify: (outcome) => observers.forEach((observer) => observer.onVerify?.(outcome)),
    onRunEnd: (result) => observers.forEach((observer) => observer.onRunEnd?.(result)),
  };
}
