import type { SourceLocation } from '../model/diagnostic.js';
import type { Store } from '../model/store.js';
import type { InactiveReport, InactiveReportOptions } from './inactive-report.js';
import { findInactiveLicenses } from './inactive-report.js';

/** What the config contributes to the report, when one is given. */
export interface ReportConfig extends Omit<NonNullable<InactiveReportOptions['config']>, 'listed'> {
  /** The users the config lists: their keys as written, where, and whether with no licenses. */
  users: readonly { key: string; source: SourceLocation; empty: boolean }[];
}

/**
 * Reads, through the Store port, everyone who holds a license (direct holders of every
 * subscribed SKU and the members of licensed groups) with their sign-in activity, then finds
 * the idle seats. The users the config lists are looked up too, so the report can say where.
 */
export async function readInactiveReport(store: Store, options: Omit<InactiveReportOptions, 'config' | 'store'> & { config?: ReportConfig }): Promise<InactiveReport> {
  const overview = await store.readOverview();
  const keys = options.config?.users.map((u) => u.key) ?? [];
  const snapshot = await store.readSnapshot({
    users: keys, groups: [], holdersOf: overview.skus.map((sku) => sku.skuId), members: true, signInActivity: true,
  });
  const { config, ...rest } = options;
  if (config === undefined) return findInactiveLicenses(snapshot, { ...rest, store: store.location });
  const listed = new Map<string, { source: SourceLocation; empty: boolean }>();
  for (const { key, source, empty } of config.users) {
    const ids = snapshot.resolved.users.get(key) ?? [];
    if (ids.length === 1 && !listed.has(ids[0] as string)) listed.set(ids[0] as string, { source, empty });
  }
  const { users: _users, ...pricing } = config;
  return findInactiveLicenses(snapshot, { ...rest, store: store.location, config: { ...pricing, listed } });
}
