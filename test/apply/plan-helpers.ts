import type { DesiredPrincipal, DesiredState } from '../../src/model/desired.js';
import type { Plan } from '../../src/model/plan.js';
import type { Store } from '../../src/model/store.js';
import { computePlan } from '../../src/plan/compute-plan.js';

const here = { file: 'skuform.yaml', line: 1, column: 1 };

function principal(kind: 'user' | 'group', key: string, skuIds: readonly string[]): DesiredPrincipal {
  return {
    kind,
    key,
    licenses: skuIds.map((skuId) => ({ skuId, disabledPlans: [], mode: 'disabledPlans' as const, source: here })),
    source: here,
  };
}

/** A desired state keyed by object id: each principal gets exactly the listed SKUs (no disabled plans). */
export function desiredState(options: { users?: Record<string, readonly string[]>; groups?: Record<string, readonly string[]>; managed: readonly string[] }): DesiredState {
  return {
    settings: { managedSkuIds: [...options.managed], managedSkusExplicit: true, prune: false, maxRemovals: 1_000_000, seatReserve: {} },
    users: Object.entries(options.users ?? {}).map(([key, skus]) => principal('user', key, skus)),
    groups: Object.entries(options.groups ?? {}).map(([key, skus]) => principal('group', key, skus)),
    files: ['skuform.yaml'],
  };
}

/** What the CLI does for `plan`: read what the config names (groups with members), then plan. */
export async function planFor(store: Store, desired: DesiredState): Promise<Plan> {
  const snapshot = await store.readSnapshot({
    users: desired.users.map((user) => user.key),
    groups: desired.groups.map((group) => group.key),
    holdersOf: [],
    members: true,
  });
  return computePlan(desired, snapshot, { storeLocation: store.location, configFiles: desired.files, allowRemoveAll: true });
}
