import type { OutcomeError } from '../model/apply-result.js';
import type { Operation } from '../model/plan.js';
import { StoreError, type Store } from '../model/store.js';
import type { OperationState } from './run-context.js';

/**
 * What to do after Graph answered 400 "User does not have a corresponding license." to a
 * request with removals: the desired end state (license gone) may already hold, e.g. an
 * earlier attempt succeeded but its answer was lost, or someone removed it in the portal.
 *
 * - remove-only, one removal: that removal is the one missing, so the operation has
 *   converged: `applied`, with a reason.
 * - otherwise the principal is re-read through the store and removals it no longer holds
 *   directly are dropped; what is left (additions, removals still held) is retried. When
 *   nothing is left the operation has converged. When every removal is still held, the
 *   error was about something else and the operation fails with Graph's error.
 */
export type RemovalVerdict =
  | { kind: 'converged'; reason: string }
  | { kind: 'retry'; removeLicenses: string[]; dropped: string[] }
  | { kind: 'failed'; error?: OutcomeError }
  /** The re-read itself failed; the caller decides (by status) whether to try again later. */
  | { kind: 'read-failed'; error: OutcomeError };

export async function reconcileAlreadyRemoved(store: Store, state: OperationState): Promise<RemovalVerdict> {
  const { request, operation } = state;
  if (request.removeLicenses.length === 0) return { kind: 'failed' };
  if (request.addLicenses.length === 0 && request.removeLicenses.length === 1) {
    return { kind: 'converged', reason: `already removed: ${nameSkus(operation, request.removeLicenses)}` };
  }
  let held: Set<string> | undefined;
  try {
    held = await readDirectSkuIds(store, request.principal);
  } catch (error) {
    if (error instanceof StoreError) {
      const message = `re-reading ${operation.principal.name} failed: ${error.message}`;
      return { kind: 'read-failed', error: { status: error.status, code: error.code, message, ...(error.requestId === undefined ? {} : { requestId: error.requestId }) } };
    }
    throw error;
  }
  if (held === undefined) return { kind: 'failed' };
  const stillHeld = request.removeLicenses.filter((skuId) => held.has(skuId));
  const dropped = request.removeLicenses.filter((skuId) => !held.has(skuId));
  if (dropped.length === 0) return { kind: 'failed' };
  if (request.addLicenses.length === 0 && stillHeld.length === 0) {
    return { kind: 'converged', reason: `already removed: ${nameSkus(operation, dropped)}` };
  }
  return { kind: 'retry', removeLicenses: stillHeld, dropped };
}

/** skuIds the principal holds directly now; undefined when it is not found. */
async function readDirectSkuIds(store: Store, principal: { kind: 'user' | 'group'; id: string }): Promise<Set<string> | undefined> {
  const isUser = principal.kind === 'user';
  const snapshot = await store.readSnapshot({
    users: isUser ? [principal.id] : [],
    groups: isUser ? [] : [principal.id],
    holdersOf: [],
    members: false,
  });
  if (isUser) {
    const user = snapshot.users.find((candidate) => candidate.id === principal.id);
    if (user === undefined) return undefined;
    // Only direct entries count: an inherited copy of the SKU cannot be removed on the user.
    return new Set(user.licenseAssignmentStates.filter((entry) => entry.assignedByGroup === null).map((entry) => entry.skuId));
  }
  const group = snapshot.groups.find((candidate) => candidate.id === principal.id);
  return group === undefined ? undefined : new Set(group.assignedLicenses.map((license) => license.skuId));
}

/** Part numbers of the given skuIds, as the plan named them. */
export function nameSkus(operation: Operation, skuIds: readonly string[]): string {
  return skuIds
    .map((skuId) => operation.changes.find((change) => change.sku.skuId === skuId)?.sku.skuPartNumber ?? skuId)
    .join(', ');
}
