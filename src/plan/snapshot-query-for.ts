import type { DesiredState } from '../model/desired.js';
import type { SnapshotQuery } from '../model/snapshot.js';

/** The store query a desired state needs: its principals, their groups' members, and every holder when pruning. */
export function snapshotQueryFor(desired: DesiredState): SnapshotQuery {
  return {
    users: desired.users.map((u) => u.key),
    groups: desired.groups.map((g) => g.key),
    holdersOf: desired.settings.prune ? desired.settings.managedSkuIds : [],
    members: true,
  };
}
