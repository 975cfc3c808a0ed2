import type { LicenseAssignmentState, TenantDocument, TenantUser } from '../../model/tenant.js';
import { deriveAssignedLicenses } from './derive-assigned-licenses.js';
import { collectHeldSkus, holdsSeat } from './seats.js';
import type { TenantIndex } from './tenant-index.js';

/** What changed, for observers such as an emulator's delta feed. */
export interface TenantChange {
  kind: 'user' | 'group';
  id: string;
}

/** The mutable tenant the rule modules work on: the document, its index, a clock, an observer. */
export interface TenantContext extends TenantIndex {
  readonly doc: TenantDocument;
  /** `lastUpdatedDateTime` for states written now, ISO 8601 to the second like Graph. */
  timestamp(): string;
  notify(change: TenantChange): void;
}

/**
 * Replaces a user's assignment states and keeps everything derived from them exact: the
 * user's `assignedLicenses` and the `consumedUnits` of every SKU whose seat the user gains
 * or loses. Every write to a user's licenses goes through here, and it gives the user new
 * arrays rather than changing the old ones: snapshots already handed out share those.
 */
export function replaceUserStates(ctx: TenantContext, user: TenantUser, next: LicenseAssignmentState[]): void {
  const before = collectHeldSkus(user.licenseAssignmentStates);
  const after = collectHeldSkus(next);
  for (const skuId of before) if (!after.has(skuId)) adjustConsumed(ctx, skuId, -1);
  for (const skuId of after) if (!before.has(skuId)) adjustConsumed(ctx, skuId, 1);
  user.licenseAssignmentStates = next;
  user.assignedLicenses = deriveAssignedLicenses(next);
  ctx.notify({ kind: 'user', id: user.id });
}

function adjustConsumed(ctx: TenantContext, skuId: string, delta: number): void {
  const sku = ctx.skus.get(skuId);
  if (sku !== undefined) sku.consumedUnits += delta;
}

/** True when the user occupies a seat of the SKU, through any source. */
export function userHoldsSeat(user: TenantUser, skuId: string): boolean {
  return user.licenseAssignmentStates.some((state) => state.skuId === skuId && holdsSeat(state));
}

/** Graph's `lastUpdatedDateTime` form: UTC, whole seconds, `Z`. */
export function formatTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
