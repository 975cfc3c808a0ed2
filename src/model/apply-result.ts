import type { OperationPhase, PrincipalRef } from './plan.js';
import type { GroupMemberError } from './store.js';

/** How an operation ended. */
export type OutcomeStatus = 'applied' | 'failed' | 'skipped';

/**
 * What the re-read after the run showed for an operation that answered success:
 * `verified` — the store holds its effect; `not-yet-visible` — the store still shows the
 * state from before it (a replicating service may not show it yet); `lost` — the store shows
 * neither the state before nor the one after (overwritten, or never done); `unchecked` — the
 * re-read itself failed.
 */
export type VerificationStatus = 'verified' | 'not-yet-visible' | 'lost' | 'unchecked';

export const VERIFICATION_STATUSES: readonly VerificationStatus[] = ['verified', 'not-yet-visible', 'lost', 'unchecked'];

export interface OutcomeVerification {
  status: VerificationStatus;
  /** What was seen instead of the effect, e.g. `SPE_E5 not assigned`. */
  detail?: string;
}

/** A license of the principal that is not plainly `Active` after the run (Graph's licenseAssignmentState). */
export interface AssignmentStateProblem {
  skuId: string;
  /** `ActiveWithError` (the license works, some of its plans failed) or `Error`. */
  state: string;
  /** Graph's error value, e.g. `DependencyViolation`. */
  error: string;
}

/** The verification of a whole run. */
export interface VerificationSummary {
  counts: Record<VerificationStatus, number>;
  /** Reads of the store it took (each covers every principal still unconfirmed). */
  reads: number;
  elapsedMs: number;
}

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
  /**
   * Group operations: true once processing was seen to finish after the write; false when
   * the wait ended first (members may still change).
   */
  processingFinished?: boolean;
  /** Applied operations: what the re-read after the run showed (absent when not verified). */
  verification?: OutcomeVerification;
  /** Applied operations: licenses it added or changed that the re-read shows in error. */
  stateProblems?: AssignmentStateProblem[];
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
  /** Absent when verification was switched off, or nothing was applied. */
  verification?: VerificationSummary;
}
