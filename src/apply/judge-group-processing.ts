import type { AssignLicenseRequest, GroupProcessing } from '../model/store.js';
import { samePlanSet, type TenantUser } from '../model/tenant.js';

/**
 * What one read of a group's license processing says about a write:
 * `finished` — processed after the write; `running` — queued or in progress; `not-started` —
 * no state at all; `unconfirmed` — a finished state that may be the one from before the write.
 */
export type ProcessingVerdict = 'finished' | 'running' | 'not-started' | 'unconfirmed';

/**
 * Graph's end states of group license processing. UNCONFIRMED beyond these two values, so
 * any other state is treated as "still running" until the wait runs out.
 */
const FINISHED_STATES: ReadonlySet<string> = new Set(['ProcessingComplete', 'ProcessingFailed']);

export interface ProcessingEvidence {
  /** Epoch ms when the write was sent. */
  sentAt: number;
  /** A queued or running state was read since the write: a finished state after it is new. */
  sawRunning: boolean;
  /** The store's reads may lag behind its writes (Graph); otherwise every read is current. */
  readsLag: boolean;
}

/**
 * Judges one read. On Graph the first reads after a group's assignLicense can still show the
 * `ProcessingComplete` of the previous change, so a finished state is trusted only when a
 * running state was seen since the write, or when it carries a `lastUpdatedDateTime` later
 * than the write (UNCONFIRMED whether Graph sends one; used when present). A missing state
 * means processing has not started. Pure.
 */
export function judgeGroupProcessing(read: GroupProcessing, evidence: ProcessingEvidence): ProcessingVerdict {
  if (read.state === null) return 'not-started';
  if (!FINISHED_STATES.has(read.state)) return 'running';
  if (!evidence.readsLag || evidence.sawRunning) return 'finished';
  const updatedAt = read.lastUpdatedDateTime === undefined ? Number.NaN : Date.parse(read.lastUpdatedDateTime);
  return updatedAt > evidence.sentAt ? 'finished' : 'unconfirmed';
}

/**
 * The other evidence that processing ran: every member's assignment states show the group's
 * change — each added SKU inherited from the group with the disabled plans that were sent
 * (or in error: processed, and failed for that member), and no removed SKU still inherited
 * from it. A group without members has nothing to process. Pure.
 */
export function membersShowGroupChange(groupId: string, request: Pick<AssignLicenseRequest, 'addLicenses' | 'removeLicenses'>, members: readonly TenantUser[]): boolean {
  const group = groupId.toLowerCase();
  const removed = new Set(request.removeLicenses.map((skuId) => skuId.toLowerCase()));
  return members.every((member) => {
    const fromGroup = member.licenseAssignmentStates.filter((state) => state.assignedByGroup?.toLowerCase() === group);
    if (fromGroup.some((state) => removed.has(state.skuId.toLowerCase()))) return false;
    return request.addLicenses.every((license) =>
      fromGroup.some((state) => state.skuId.toLowerCase() === license.skuId.toLowerCase() && (state.state === 'Error' || samePlanSet(state.disabledPlans, license.disabledPlans))),
    );
  });
}
