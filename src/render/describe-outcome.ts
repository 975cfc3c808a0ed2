import type { ApplyResult, OperationOutcome, OutcomeError } from '../model/apply-result.js';
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

/** Outcomes worth a row: everything not applied, and applied group changes whose members failed. */
export function selectNotableOutcomes(result: ApplyResult): OperationOutcome[] {
  return result.outcomes.filter((o) => o.status !== 'applied' || (o.memberErrors?.length ?? 0) > 0);
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

/** Group processing not finished yet: members may still change after the summary was written. */
export function describeProcessing(outcome: OperationOutcome): string | undefined {
  const state = outcome.processingState;
  if (state === undefined || state === 'ProcessingComplete') return undefined;
  return `Microsoft is still processing the members (${state})`;
}
