import type { OperationOutcome } from '../model/apply-result.js';
import { StoreError, type GroupMemberError, type GroupProcessing } from '../model/store.js';
import type { TenantUser } from '../model/tenant.js';
import { judgeGroupProcessing, membersShowGroupChange, type ProcessingVerdict } from './judge-group-processing.js';
import type { OperationState, RunContext } from './run-context.js';

/** One accepted group operation being followed. */
interface Track {
  state: OperationState;
  groupId: string;
  latest?: GroupProcessing;
  sawRunning: boolean;
  verdict: ProcessingVerdict;
}

/**
 * Follows Graph's asynchronous processing of accepted group operations (202) until each has
 * finished after its write, or `groupProcessing.maxWaitMs` (or the deadline, or a stop) ends
 * the wait; then puts the processing state and the members Graph could not license on each
 * outcome, and journals one `group-processing` record per group. The outcome stays `applied`:
 * the group's own assignment changed; members are reported beside it, and a wait that ran
 * out says "still processing" (`processingFinished: false`), never a false complete.
 *
 * On a store whose reads lag behind its writes the first read waits `firstPollDelayMs`, and a
 * finished state is trusted only as judgeGroupProcessing allows, or when the members' own
 * assignment states show the change. Other stores are read at once and trusted.
 */
export async function awaitGroupProcessing(ctx: RunContext, states: readonly OperationState[]): Promise<void> {
  const policy = ctx.options.groupProcessing;
  if (states.length === 0 || policy.maxWaitMs <= 0) return;
  const { clock, sleep } = ctx.options;
  const readsLag = ctx.store.eventuallyConsistent === true;
  const giveUpAt = Math.min(clock.now() + policy.maxWaitMs, ctx.deadlineAt ?? Number.POSITIVE_INFINITY);
  const tracks = states.map((state): Track => ({ state, groupId: state.operation.principal.id, sawRunning: false, verdict: 'not-started' }));
  let delayMs = readsLag ? Math.min(policy.firstPollDelayMs, Math.max(0, giveUpAt - clock.now())) : 0;
  let readError: string | undefined;
  for (let round = 0; ; round += 1) {
    if (delayMs > 0) await sleep(delayMs, ctx.halt.signal);
    const pending = tracks.filter((track) => track.verdict !== 'finished');
    try {
      await readRound(ctx, pending, readsLag);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      readError = error.message;
      break;
    }
    delayMs = round === 0 ? policy.initialDelayMs : Math.min(delayMs * 2, policy.maxDelayMs);
    if (tracks.every((track) => track.verdict === 'finished') || ctx.halt.halted || clock.now() + delayMs > giveUpAt) break;
  }
  await recordProcessing(ctx, tracks, readError);
}

async function readRound(ctx: RunContext, tracks: readonly Track[], readsLag: boolean): Promise<void> {
  const reads = await ctx.store.readGroupProcessing(tracks.map((track) => track.groupId));
  const unconfirmed: Track[] = [];
  tracks.forEach((track, index) => {
    const read = reads[index];
    if (read === undefined) return;
    track.latest = read;
    track.verdict = judgeGroupProcessing(read, { sentAt: track.state.sentAt ?? Number.NEGATIVE_INFINITY, sawRunning: track.sawRunning, readsLag });
    if (track.verdict === 'running') track.sawRunning = true;
    if (track.verdict === 'unconfirmed') unconfirmed.push(track);
  });
  if (unconfirmed.length > 0) await confirmByMembers(ctx, unconfirmed);
}

/** A finished state that may be stale is confirmed when the members' states already show the change. */
async function confirmByMembers(ctx: RunContext, tracks: readonly Track[]): Promise<void> {
  const snapshot = await ctx.store.readSnapshot({ users: [], groups: tracks.map((track) => track.groupId), holdersOf: [], members: true });
  const users = new Map(snapshot.users.map((user) => [user.id.toLowerCase(), user]));
  for (const track of tracks) {
    const group = snapshot.groups.find((candidate) => candidate.id.toLowerCase() === track.groupId.toLowerCase());
    if (group === undefined) continue;
    const members = group.members.map((id) => users.get(id.toLowerCase())).filter((user): user is TenantUser => user !== undefined);
    if (members.length === group.members.length && membersShowGroupChange(group.id, track.state.request, members)) track.verdict = 'finished';
  }
}

async function recordProcessing(ctx: RunContext, tracks: readonly Track[], readError: string | undefined): Promise<void> {
  const time = new Date(ctx.options.clock.now()).toISOString();
  const records = [];
  for (const track of tracks) {
    const outcome = track.state.outcome as OperationOutcome;
    const memberErrors = relevantMemberErrors(track.state, track.latest?.membersWithErrors ?? []);
    const finished = track.verdict === 'finished';
    outcome.processingState = track.latest === undefined ? 'unknown' : (track.latest.state ?? 'NotStarted');
    outcome.processingFinished = finished;
    outcome.memberErrors = memberErrors;
    const notes = [outcome.reason];
    if (memberErrors.length > 0) notes.push(describeMemberErrors(memberErrors));
    if (!finished && readError !== undefined) notes.push(`group processing could not be read: ${readError}`);
    const reason = notes.filter((note) => note !== undefined).join('; ');
    if (reason !== '') outcome.reason = reason;
    records.push({
      type: 'group-processing' as const,
      time,
      runId: ctx.options.runId,
      operationId: outcome.operationId,
      principal: outcome.principal,
      state: outcome.processingState,
      finished,
      ...(finished ? {} : { verdict: track.verdict }),
      memberErrors,
    });
  }
  await ctx.options.journal.append(records);
  for (const track of tracks) ctx.options.observer.onGroupProcessing?.(track.state.outcome as OperationOutcome);
}

/** Member errors about the SKUs this operation added or updated (removals cannot fail per member). */
function relevantMemberErrors(state: OperationState, errors: readonly GroupMemberError[]): GroupMemberError[] {
  const added = new Set(state.request.addLicenses.map((license) => license.skuId));
  return errors.filter((error) => added.has(error.skuId));
}

function describeMemberErrors(errors: readonly GroupMemberError[]): string {
  const byKind = new Map<string, number>();
  for (const error of errors) {
    const kind = error.state === 'ActiveWithError' ? `${error.error} (active with error)` : error.error;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  const kinds = [...byKind].map(([kind, count]) => `${kind} ×${count}`).join(', ');
  const what = errors.every((error) => error.state !== 'ActiveWithError') ? 'could not be licensed' : 'have license errors';
  return `${errors.length} member(s) ${what} (${kinds})`;
}
