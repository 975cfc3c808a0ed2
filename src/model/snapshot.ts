import type { SubscribedSku, TenantGroup, TenantInfo, TenantUser } from './tenant.js';

/** What every read starts with: the tenant and its subscribed SKUs (seats and plans). */
export interface TenantOverview {
  tenant: TenantInfo;
  skus: SubscribedSku[];
}

/**
 * What the planner needs from a store. Read cost must grow with the query, not the tenant:
 * only `holdersOf` asks for a whole-tenant walk (prune, export).
 */
export interface SnapshotQuery {
  /** Users as written in the config: userPrincipalName (case-insensitive) or object id. */
  users: string[];
  /** Groups as written in the config: display name (case-insensitive) or object id. */
  groups: string[];
  /**
   * skuIds whose holders must all be returned: every user with a direct assignment of one
   * of them and every group with one of them in `assignedLicenses`. Empty: no walk.
   */
  holdersOf: string[];
  /**
   * When true, every returned group carries its direct user members (`members`), and those
   * member users are included in `users` (needed for the seat forecast of group fan-out).
   */
  members: boolean;
  /**
   * Only the keys' resolution and the principals themselves are needed, not their licenses
   * (validate): a store may return users with empty license lists and not read them at all.
   */
  namesOnly?: boolean;
  /**
   * When true, users carry `signInActivity` (`report inactive`). Graph needs AuditLog.Read.All
   * for it, so plans never ask.
   */
  signInActivity?: boolean;
}

/**
 * How each key of a query resolved: the ids of the matching objects. `[]` means not found,
 * more than one means ambiguous (only possible for group display names). Maps rather than
 * records: with a key per listed user (100,000 and more) a Map is cheaper both to fill and
 * to read than an object in dictionary mode. A snapshot is never serialised as JSON, where
 * a Map would vanish.
 */
export interface KeyResolution {
  users: ReadonlyMap<string, readonly string[]>;
  groups: ReadonlyMap<string, readonly string[]>;
}

export interface Snapshot extends TenantOverview {
  /** Users the query named, members of returned groups (when asked) and holders; each once. */
  users: TenantUser[];
  /** Groups the query named and holders; `members` filled when the query asked for them. */
  groups: TenantGroup[];
  resolved: KeyResolution;
  /** skuIds whose holders are complete in this snapshot (the query's `holdersOf`). */
  holdersOf: string[];
}

export function emptyQuery(): SnapshotQuery {
  return { users: [], groups: [], holdersOf: [], members: false };
}
