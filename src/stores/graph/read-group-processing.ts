import type { GroupMemberError, GroupProcessing } from '../../model/store.js';
import { isFailedState, isNoError } from '../../model/tenant.js';
import { readBatch } from './graph-batch.js';
import { isSuccess } from './graph-client.js';
import { isRecord } from './graph-errors.js';
import { idOf, toTenantUser } from './graph-objects.js';
import { collectionUrl, MAX_PAGE_SIZE, segment } from './graph-queries.js';
import { readCollectionsOrThrow } from './read-collections.js';
import type { GraphReadContext } from './read-overview.js';

/**
 * Where Graph's asynchronous group licensing stands: each group's processing state and the
 * members whose license from that group ended in error, one entry per asked id (in order).
 * An unknown group is Graph's 404, as a StoreError, like the other stores.
 * UNCONFIRMED: `$select` of user properties on the directoryObject collection
 * `membersWithLicenseErrors` (documented for `members`).
 */
export async function readGraphGroupProcessing(ctx: GraphReadContext, groupIds: readonly string[], signal?: AbortSignal): Promise<GroupProcessing[]> {
  const ids = [...new Set(groupIds.map((id) => id.toLowerCase()))];
  const answers = await readBatch(
    ctx.client,
    ids.map((id) => ({ method: 'GET' as const, url: `/groups/${segment(id)}?$select=id,licenseProcessingState,hasMembersWithLicenseErrors` })),
    signal,
  );
  const known: ({ id: string } & ProcessingState)[] = [];
  answers.forEach((answer, index) => {
    const id = ids[index] as string;
    if (!isSuccess(answer.status)) throw ctx.client.errorFor('GET', `/groups/${segment(id)}`, { ...answer, requestId: answer.headers['request-id'] });
    known.push({ id: idOf(answer.body) || id, ...processingState(answer.body) });
  });
  // Every group is asked, not only those flagged hasMembersWithLicenseErrors: the flag lags behind.
  const lists = await readCollectionsOrThrow(
    ctx.client,
    known.map((group) => ({
      url: collectionUrl(`/groups/${segment(group.id)}/membersWithLicenseErrors`, { select: 'id,userPrincipalName,licenseAssignmentStates', top: MAX_PAGE_SIZE }),
    })),
    signal,
  );
  const byId = new Map(
    known.map((group, index): [string, GroupProcessing] => [
      group.id,
      {
        groupId: group.id,
        state: group.state,
        ...(group.lastUpdatedDateTime === undefined ? {} : { lastUpdatedDateTime: group.lastUpdatedDateTime }),
        membersWithErrors: memberErrors(group.id, lists[index] ?? []),
      },
    ]),
  );
  return groupIds.map((id) => structuredClone(byId.get(id.toLowerCase()) as GroupProcessing));
}

interface ProcessingState {
  state: string | null;
  lastUpdatedDateTime?: string;
}

/**
 * The group's `licenseProcessingState`: null when Graph reports none (no processing has
 * started). Graph documents only `state`; a `lastUpdatedDateTime` beside it is kept when
 * present (UNCONFIRMED that Graph sends one) so a state older than the write can be told.
 */
function processingState(body: unknown): ProcessingState {
  const raw = isRecord(body) && isRecord(body.licenseProcessingState) ? body.licenseProcessingState : undefined;
  const state = typeof raw?.state === 'string' && raw.state !== '' ? raw.state : null;
  const updated = raw?.lastUpdatedDateTime;
  return typeof updated === 'string' && !Number.isNaN(Date.parse(updated)) ? { state, lastUpdatedDateTime: updated } : { state };
}

function memberErrors(groupId: string, members: unknown[]): GroupMemberError[] {
  const errors: GroupMemberError[] = [];
  for (const raw of members) {
    const user = toTenantUser(raw);
    for (const state of user.licenseAssignmentStates) {
      if (state.assignedByGroup !== groupId || !isFailedState(state)) continue;
      errors.push({ userId: user.id, userPrincipalName: user.userPrincipalName, skuId: state.skuId, error: isNoError(state.error) ? 'Other' : (state.error as string), state: state.state });
    }
  }
  return errors;
}
