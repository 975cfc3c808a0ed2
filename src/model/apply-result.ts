import type { OperationPhase, PrincipalRef } from './plan.js';
import type { GroupMemberError } from './store.js';

/** How an operation ended. */
export type OutcomeStatus = 'applied' | 'failed' | 'skipped';

export interface OutcomeError {
  status: number;
  code: string;
  message: string;
  requestId?: string;
}

export interface OperationOutcome {
  operationId: string;
  principal: PrincipalRef;
  phase: OperationPhase;
  status: OutcomeStatus;
  /** Attempts made (0 when skipped before the first). */
  attempts: number;
  /** For `failed`: the last error as Graph reported it. */
  error?: OutcomeError;
  /** For `skipped`, and for notable `applied` cases (e.g. removal already done). */
  reason?: string;
  /** Group operations: members Graph could not license once processing finished. */
  memberErrors?: GroupMemberError[];
  /** Group operations: the processing state last seen. */
  processingState?: string;
}

export interface ApplyResult {
  outcomes: OperationOutcome[];
  /** True when SIGINT/SIGTERM (or the deadline) stopped the run before every operation started. */
  interrupted: boolean;
  /** Why it was interrupted, e.g. `SIGINT`, `deadline`. */
  interruptReason?: string;
  /** Path of the journal the run appended to. */
  journalPath?: string;
  elapsedMs: number;
  counts: Record<OutcomeStatus, number>;
}
