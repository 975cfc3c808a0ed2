import { MAX_BATCH_SIZE } from './graph-batch.js';

/** How a snapshot's users are read: looked up by key (and by license filter), or one scan of every user. */
export type UserReadWay = 'lookup' | 'scan';

export interface UserReadSizes {
  /** `in` filters that look up the users the config names (15 keys each). */
  lookups: number;
  /** Users holding each SKU whose holders are asked for: the sizes of the filtered walks. */
  holders: readonly number[];
  /** Users in the tenant. */
  tenantUsers: number;
  /** Users to a page of the walks (999 for the licensing properties, fewer with sign-in activity). */
  pageSize: number;
}

/**
 * Lookups cost requests in proportion to the config (20 filters to a `$batch`), a scan in
 * proportion to the tenant (a page after the other): whichever takes fewer HTTP requests. At
 * 999 users to a page, a config naming 40 users of 20,000 is one `$batch` of lookups instead
 * of 21 pages; one naming all 100,000 users would be 334 `$batch`es of lookups (6,667
 * filters, each also counted against the tenant's read budget) instead of 101 pages. Holder
 * walks (prune, export, report) count one request per page of each SKU's holders.
 */
export function chooseUserRead(sizes: UserReadSizes): UserReadWay {
  const holderPages = sizes.holders.reduce((sum, holders) => sum + Math.ceil(holders / sizes.pageSize), 0);
  const lookupRequests = Math.ceil(sizes.lookups / MAX_BATCH_SIZE) + holderPages;
  const scanRequests = Math.ceil(sizes.tenantUsers / sizes.pageSize);
  return scanRequests < lookupRequests ? 'scan' : 'lookup';
}
