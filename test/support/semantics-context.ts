import type { TenantDocument } from '../../src/model/tenant.js';
import type { TenantChange, TenantContext } from '../../src/stores/semantics/tenant-context.js';
import { indexTenant } from '../../src/stores/semantics/tenant-index.js';

/** The `lastUpdatedDateTime` every state written through {@link aTenantContext} gets. */
export const NOW_STAMP = '2026-03-04T05:06:07Z';

/**
 * The context the semantics rule modules work on, over `doc` as it is (not normalised, so a
 * test can hand a rule exactly the states it wants), with a fixed clock; `changes` collects
 * what the rules announce.
 */
export function aTenantContext(doc: TenantDocument): { ctx: TenantContext; changes: TenantChange[] } {
  const changes: TenantChange[] = [];
  const ctx: TenantContext = { ...indexTenant(doc), doc, timestamp: () => NOW_STAMP, notify: (change) => changes.push(change) };
  return { ctx, changes };
}
