import type { OperationOutcome } from '../model/apply-result.js';
import { StoreError, type GroupMemberError, type GroupProcessing } from '../model/store.js';
import type { OperationState, RunContext } from './run-context.js';

/**
 * Graph's end states of group license processing. UNCONFIRMED beyond these two values, so
 * any other state is treated as "still running" until the wait runs out.
 */
const FINISHED_STATES = new Set(['ProcessingComplete', 'ProcessingFailed']);

/**
 * Follows Graph's asynchronous processing of accepted group operations (202) until each has
 * finished or `groupProcessing.maxWaitMs` (or the deadline, or a stop) ends the wait, then
 * puts the processing state and the members Graph could not license on each outcome, and
 * journals one `group-processing` record per group. The outcome stays `applied`: the group's
 * own assignment changed; member errors are reported beside it.
 *
 * The first read is immediate (local stores finish synchronously); later reads back off.
 */
export async function awaitGroupProcessing(ctx: RunContext, states: readonly OperationState[]): Promise<void> {
  const policy = ctx.options.groupProcessing;
  if (states.length === 0 || policy.maxWaitMs <= 0) return;
  const { clock, sleep } = ctx.options;
  const giveUpAt = Math.min(clock.now() + policy.maxWaitMs, ctx.deadlineAt ?? Number.POSITIVE_INFINITY);
  const latest = new Map<string, GroupProcessing>();
  const pending = new Set(states.map((state) => state.operation.principal.id));
  let delayMs = policy.initialDelayMs;
  let readError: string | undefined;
  for (;;) {
    try {
      for (const processing of await ctx.store.readGroupProcessing([...pending])) {
        latest.set(processing.groupId, processing);
        if (FINISHED_STATES.has(processing.state)) pending.delete(processing.groupId);
      }
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      readError = error.message;
      break;
    }
    if (pending.size === 0 || ctx.halt.halted || clock.now() + delayMs > giveUpAt) break;
    await sleep(delayMs, ctx.halt.signal);
    if (ctx.halt.halted) break;
    delayMs = Math.min(delayMs * 2, policy.maxDelayMs);
  }
  await recordProcessing(ctx, states, latest, pending, readError);
}

async function recordProcessing(
  ctx: RunContext,
  states: readonly OperationState[],
  latest: ReadonlyMap<string, GroupProcessing>,
  pending: ReadonlySet<string>,
  readError: string | undefined,
): Promise<void> {
  const time = new Date(ctx.options.clock.now()).toISOString();
  const records = [];
  for (const state of states) {
    const outcome = state.outcome as OperationOutcome;
    const groupId = state.operation.principal.id;
    const processing = latest.get(groupId);
    const memberErrors = relevantMemberErrors(state, processing?.membersWithErrors ?? []);
    const finished = !pending.has(groupId);
    outcome.processingState = processing?.state ?? 'unknown';
    outcome.memberErrors = memberErrors;
    const notes = [outcome.reason];
    if (memberErrors.length > 0) notes.push(describeMemberErrors(memberErrors));
    if (!finished) notes.push(readError === undefined ? `group processing not finished when the wait ended (state: ${outcome.processingState})` : `group processing could not be read: ${readError}`);
    const reason = notes.filter((note) => note !== undefined && note !== '').join('; ');
    if (reason !== '') outcome.reason = reason;
    records.push({
      type: 'group-processing' as const,
      time,
      runId: ctx.options.runId,
      operationId: outcome.operationId,
      principal: outcome.principal,
      state: outcome.processingState,
      finished,
      memberErrors,
    });
  }
  await ctx.options.journal.append(records);
  for (const state of states) ctx.options.observer.onGroupProcessing?.(state.outcome as OperationOutcome);
}

/** Member errors about the SKUs this operation added or updated (removals cannot fail per member). */
function relevantMemberErrors(state: OperationState, errors: readonly GroupMemberError[]): GroupMemberError[] {
  const added = new Set(state.request.addLicenses.map((license) => license.skuId));
  return errors.filter((error) => added.has(error.skuId));
}

function describeMemberErrors(errors: readonly GroupMemberError[]): string {
  const byKind = new Map<string, number>();
  for (const error of errors) byKind.set(error.error, (byKind.get(error.error) ?? 0) + 1);
  const kinds = [...byKind].map(([kind, count]) => `${kind} ×${count}`).join(', ');
  return `${errors.length} member(s) could not be licensed (${kinds})`;
}
