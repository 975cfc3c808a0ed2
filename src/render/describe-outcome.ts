import type { ApplyResult, AssignmentStateProblem, OperationOutcome, OutcomeError, VerificationSummary } from '../model/apply-result.js';
import type { SkuRef } from '../model/plan.js';
import type { GroupMemberError } from '../model/store.js';

/** `850 ms`, `12.3 s`, `4 min 5 s`, `1 h 2 min`. */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${whole % 60} s`;
  return `${Math.floor(whole / 3600)} h ${Math.floor((whole % 3600) / 60)} min`;
}

/**
 * `14 operations (one per user or group)`: apply counts operations, one assignLicense call
 * each, while the plan's summary line counts license changes (assign, update, remove).
 */
export function formatOperationCount(result: ApplyResult): string {
  const total = result.outcomes.length;
  return `${total} ${total === 1 ? 'operation' : 'operations'} (one per user or group)`;
}

/** `43 applied, 2 failed, 1 skipped` */
export function formatOutcomeCounts(result: ApplyResult): string {
  const { applied, failed, skipped } = result.counts;
  return `${applied} applied, ${failed} failed, ${skipped} skipped`;
}

/**
 * `Verified: all 43 operations are in the store.` or
 * `Verified 41 of 43 operations in the store: 1 not yet visible, 1 lost.` (after N reads).
 */
export function formatVerification(summary: VerificationSummary): string {
  const { verified, 'not-yet-visible': notVisible, lost, unchecked } = summary.counts;
  const total = verified + notVisible + lost + unchecked;
  const reads = `${summary.reads} ${summary.reads === 1 ? 'read' : 'reads'}`;
  if (verified === total) return `Verified: ${total === 1 ? 'the operation is' : `all ${total} operations are`} in the store (${reads}).`;
  const missing = [
    notVisible > 0 ? `${notVisible} not yet visible` : '',
    lost > 0 ? `${lost} lost` : '',
    unchecked > 0 ? `${unchecked} could not be checked` : '',
  ].filter((part) => part !== '');
  return `Verified ${verified} of ${total} operations in the store (${reads}): ${missing.join(', ')}.`;
}

/**
 * Outcomes worth a row: everything not applied, and applied ones the store did not confirm,
 * whose licenses show errors, or groups whose members failed or were still being processed.
 */
export function selectNotableOutcomes(result: ApplyResult): OperationOutcome[] {
  return result.outcomes.filter(
    (o) =>
      o.status !== 'applied' ||
      (o.memberErrors?.length ?? 0) > 0 ||
      (o.stateProblems?.length ?? 0) > 0 ||
      o.processingFinished === false ||
      (o.verification !== undefined && o.verification.status !== 'verified'),
  );
}

/** The word for the status column: an applied change the store did not confirm says so. */
export function outcomeLabel(outcome: OperationOutcome): string {
  switch (outcome.verification?.status) {
    case 'lost': return 'lost';
    case 'not-yet-visible': return 'not visible';
    case 'unchecked': return 'unchecked';
    default: return outcome.status;
  }
}

/** Why an applied change is not confirmed, for people; undefined when it is (or was not checked). */
export function describeVerification(outcome: OperationOutcome): string | undefined {
  const verification = outcome.verification;
  if (verification === undefined || verification.status === 'verified') return undefined;
  const seen = verification.detail === undefined ? '' : `: ${verification.detail}`;
  switch (verification.status) {
    case 'lost': return `answered success, but the store shows otherwise${seen}`;
    case 'not-yet-visible': return `answered success, but the store still showed the state from before${seen} (Microsoft Graph replicates; plan again later to confirm)`;
    case 'unchecked': return `answered success; could not be confirmed${seen}`;
    default: return undefined;
  }
}

/** `SPE_E3 is active with errors: DependencyViolation (a plan it needs would be missing)`. */
export function describeStateProblem(problem: AssignmentStateProblem, nameSku: (skuId: string) => string): string {
  const meaning = explainMemberError(problem.error);
  const what = problem.state === 'ActiveWithError' ? 'is active with errors' : `is in state ${problem.state}`;
  return `${nameSku(problem.skuId)} ${what}: ${problem.error}${meaning ? ` (${meaning})` : ''}`;
}

/**
 * `400 Request_BadRequest: message`; status 0 is a network failure without an HTTP answer, a
 * negative status a failure on this machine (a tenant file), which has no status to show.
 */
export function describeOutcomeError(error: OutcomeError): string {
  if (error.status < 0) return `${error.code}: ${error.message}`;
  const status = error.status === 0 ? 'no response' : String(error.status);
  return `${status} ${error.code}: ${error.message}`;
}

/**
 * Plain-English meaning of Graph's licenseAssignmentState error values; unknown values are
 * shown as they come (Graph may add more).
 */
export function explainMemberError(error: string): string | undefined {
  switch (error) {
    case 'CountViolation': return 'no free seats';
    case 'MutuallyExclusiveViolation': return 'conflicts with a plan the user already has';
    case 'DependencyViolation': return 'a plan it needs would be missing';
    case 'ProhibitedInUsageLocationViolation': return "not available in the user's usage location";
    case 'UniquenessViolation': return "the user's proxy address would collide with another object";
    case 'Other': return 'see the group in the Entra admin center';
    default: return undefined;
  }
}

/** skuId -> part number, from the SKUs the caller knows (the plan's managed SKUs). */
export function createSkuNamer(skus: readonly SkuRef[] | undefined): (skuId: string) => string {
  const byId = new Map((skus ?? []).map((s) => [s.skuId, s.skuPartNumber]));
  return (skuId) => byId.get(skuId) ?? skuId;
}

/** A member error's parts: who, which SKU, what. */
export function describeMemberError(error: GroupMemberError, nameSku: (skuId: string) => string): {
  member: string; sku: string; problem: string;
} {
  const meaning = explainMemberError(error.error);
  return {
    member: error.userPrincipalName ?? error.userId,
    sku: nameSku(error.skuId),
    problem: meaning ? `${error.error} (${meaning})` : error.error,
  };
}

/**
 * Group processing not seen to finish: members may still change after the summary was
 * written. A `ProcessingComplete` that could not be told from the one before the change
 * does not count as finished.
 */
export function describeProcessing(outcome: OperationOutcome): string | undefined {
  const state = outcome.processingState;
  if (outcome.processingFinished === true || state === undefined) return undefined;
  if (outcome.processingFinished === undefined && state === 'ProcessingComplete') return undefined;
  if (state === 'NotStarted') return 'still processing: Microsoft had not started licensing the members when the wait ended';
  if (state === 'ProcessingComplete') return 'still processing: Microsoft showed no processing of this change yet when the wait ended';
  return `still processing: Microsoft is still licensing the members (${state})`;
}
