import { VERIFICATION_STATUSES, type OperationOutcome, type VerificationStatus, type VerificationSummary } from '../model/apply-result.js';
import type { Snapshot } from '../model/snapshot.js';
import { StoreError } from '../model/store.js';
import type { TenantGroup, TenantUser } from '../model/tenant.js';
import type { VerifyPolicy } from './apply-options.js';
import { observeEffect, type EffectObservation } from './observe-effect.js';
import type { OperationState, RunContext } from './run-context.js';

/**
 * After the last phase: re-reads every principal whose operation answered success, in one
 * store read per round (so reads grow with the plan, as the plan's own reads do), and checks
 * that each holds the operation's effect. On a store whose reads may lag behind its writes
 * (Graph replicates), unconfirmed ones are read again with doubling delays until
 * `policy.maxWaitMs` (or the deadline, or a stop) ends the wait; a store whose reads show
 * every write at once is read once.
 *
 * Each applied outcome gets its `verification` (and the license states in error that the read
 * showed), one `verify` journal record and an `onVerify` event.
 */
export async function verifyApplied(ctx: RunContext, states: readonly OperationState[], policy: VerifyPolicy): Promise<VerificationSummary | undefined> {
  const targets = states.filter((state) => state.outcome?.status === 'applied');
  if (targets.length === 0) return undefined;
  const { clock, sleep } = ctx.options;
  const startedAt = clock.now();
  const lags = ctx.store.eventuallyConsistent === true;
  const giveUpAt = Math.min(startedAt + (lags ? policy.maxWaitMs : 0), ctx.deadlineAt ?? Number.POSITIVE_INFINITY);
  const seen = new Map<OperationState, EffectObservation>();
  let pending = targets;
  let reads = 0;
  let readError: string | undefined;
  let delayMs = policy.initialDelayMs;
  for (;;) {
    try {
      const found = indexPrincipals(await readPrincipals(ctx, pending));
      reads += 1;
      for (const state of pending) seen.set(state, observeEffect(state.operation, found.get(keyOf(state.operation.principal))));
      readError = undefined;
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      readError = error.message;
    }
    pending = pending.filter((state) => seen.get(state)?.observed !== true);
    if (pending.length === 0 || ctx.halt.halted || clock.now() + delayMs > giveUpAt) break;
    await sleep(delayMs, ctx.halt.signal);
    if (ctx.halt.halted && reads > 0) break;
    delayMs = Math.min(delayMs * 2, policy.maxDelayMs);
  }
  const counts = Object.fromEntries(VERIFICATION_STATUSES.map((status) => [status, 0])) as Record<VerificationStatus, number>;
  for (const state of targets) {
    const status = judge(seen.get(state), lags, readError);
    counts[status] += 1;
    record(state.outcome as OperationOutcome, status, seen.get(state), readError);
  }
  await journalVerification(ctx, targets, reads);
  return { counts, reads, elapsedMs: clock.now() - startedAt };
}

function readPrincipals(ctx: RunContext, states: readonly OperationState[]): Promise<Snapshot> {
  const ids = (kind: 'user' | 'group'): string[] => states.filter((state) => state.operation.principal.kind === kind).map((state) => state.operation.principal.id);
  return ctx.store.readSnapshot({ users: ids('user'), groups: ids('group'), holdersOf: [], members: false });
}

function indexPrincipals(snapshot: Snapshot): Map<string, TenantUser | TenantGroup> {
  const found = new Map<string, TenantUser | TenantGroup>();
  for (const user of snapshot.users) found.set(keyOf({ kind: 'user', id: user.id }), user);
  for (const group of snapshot.groups) found.set(keyOf({ kind: 'group', id: group.id }), group);
  return found;
}

function keyOf(principal: { kind: 'user' | 'group'; id: string }): string {
  return `${principal.kind}:${principal.id.toLowerCase()}`;
}

/**
 * Not observed after the wait: on a lagging store, a principal still exactly as before the
 * operation may simply not show it yet; anything else (or anything on a store that does not
 * lag) is lost.
 */
function judge(observation: EffectObservation | undefined, lags: boolean, readError: string | undefined): VerificationStatus {
  if (observation?.observed === true) return 'verified';
  if (observation === undefined || (readError !== undefined && lags)) return 'unchecked';
  return lags && observation.asBefore ? 'not-yet-visible' : 'lost';
}

function record(outcome: OperationOutcome, status: VerificationStatus, observation: EffectObservation | undefined, readError: string | undefined): void {
  // An observed effect has no detail: only what is not as the operation left it is described.
  const detail = status === 'unchecked' ? `the re-read failed: ${readError ?? 'unknown error'}` : observation?.detail;
  outcome.verification = detail === undefined ? { status } : { status, detail };
  if (observation !== undefined && observation.problems.length > 0) outcome.stateProblems = observation.problems;
}

async function journalVerification(ctx: RunContext, states: readonly OperationState[], reads: number): Promise<void> {
  const time = new Date(ctx.options.clock.now()).toISOString();
  await ctx.options.journal.append(
    states.map((state) => {
      const outcome = state.outcome as OperationOutcome;
      const verification = outcome.verification ?? { status: 'unchecked' as const };
      return {
        type: 'verify' as const,
        time,
        runId: ctx.options.runId,
        operationId: outcome.operationId,
        principal: outcome.principal,
        result: verification.status,
        reads,
        ...(verification.detail === undefined ? {} : { detail: verification.detail }),
        ...(outcome.stateProblems === undefined ? {} : { stateProblems: outcome.stateProblems }),
      };
    }),
  );
  for (const state of states) ctx.options.observer.onVerify?.(state.outcome as OperationOutcome);
}
