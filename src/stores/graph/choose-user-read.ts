import { MAX_BATCH_SIZE } from './graph-batch.js';
import { MAX_PAGE_SIZE } from './graph-queries.js';

/** How a snapshot's users are read: looked up by key (and by license filter), or one scan of every user. */
export type UserRead = 'lookup' | 'scan';

export interface UserReadSizes {
  /** `in` filters that look up the users the config names (15 keys each). */
  lookups: number;
  /** Users holding each SKU whose holders are asked for: the sizes of the filtered walks. */
  holders: readonly number[];
  /** Users in the tenant. */
  tenantUsers: number;
}

/**
 * Lookups cost requests in proportion to the config (20 filters to a `$batch`), a scan in
 * proportion to the tenant (999 users to a page, one page after the other): whichever takes
 * fewer HTTP requests. A config naming 40 users of 20,000 is one `$batch` of lookups instead
 * of 21 pages; one naming all 100,000 users would be 334 `$batch`es of lookups (6,667
 * filters, each also counted against the tenant's read budget) instead of 101 pages. Holder
 * walks (prune, export) count one request per page of each SKU's holders.
 */
export function chooseUserRead(sizes: UserReadSizes): UserRead {
  const holderPages = sizes.holders.reduce((sum, holders) => sum + Math.ceil(holders / MAX_PAGE_SIZE), 0);
  const lookupRequests = Math.ceil(sizes.lookups / MAX_BATCH_SIZE) + holderPages;
  const scanRequests = Math.ceil(sizes.tenantUsers / MAX_PAGE_SIZE);
  return scanRequests < lookupRequests ? 'scan' : 'lookup';
}
