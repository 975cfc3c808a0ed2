import type { Snapshot, SnapshotQuery, TenantOverview } from '../../model/snapshot.js';
import type { TenantGroup, TenantUser } from '../../model/tenant.js';
import { resolveKeys } from './read-snapshot.js';

/** What a delta round changed among the objects a snapshot holds or needs. */
export interface SnapshotPatch {
  /** Users read again (replacing or joining the snapshot's). */
  users: readonly TenantUser[];
  /** Groups read again, with their members when the query asks for members. */
  groups: readonly TenantGroup[];
  /** Ids of users and groups Graph reported deleted. */
  removedUsers: ReadonlySet<string>;
  removedGroups: ReadonlySet<string>;
}

/**
 * The previous snapshot with a round's changes: re-read objects replace their old copies,
 * deleted ones leave (also from groups' member lists), and the config's keys are resolved
 * again (a rename or a new user can change what a key names). The previous snapshot is left
 * as it was: plans made from it stay valid.
 */
export function patchSnapshot(previous: Snapshot, overview: TenantOverview, patch: SnapshotPatch, query: SnapshotQuery): Snapshot {
  const users = new Map(previous.users.map((user) => [user.id, user]));
  for (const id of patch.removedUsers) users.delete(id);
  for (const user of patch.users) users.set(user.id, user);
  const groups = new Map(previous.groups.map((group) => [group.id, group]));
  for (const id of patch.removedGroups) groups.delete(id);
  for (const group of patch.groups) groups.set(group.id, group);
  if (patch.removedUsers.size > 0) {
    for (const [id, group] of groups) {
      if (group.members.some((member) => patch.removedUsers.has(member))) {
        groups.set(id, { ...group, members: group.members.filter((member) => !patch.removedUsers.has(member)) });
      }
    }
  }
  return {
    ...overview,
    users: [...users.values()],
    groups: [...groups.values()],
    resolved: resolveKeys(query, users, groups),
    holdersOf: previous.holdersOf,
  };
}
