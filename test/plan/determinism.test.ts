import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { generatePlanWorkload } from '../../bench/plan-workload.js';
import { runPlan } from './plan-kit.js';

/** Fisher-Yates with a small deterministic generator, so a failure can be replayed. */
function shuffle<T>(items: readonly T[], seed: { value: number }): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    seed.value = (seed.value * 1103515245 + 12345) % 2147483648;
    const j = seed.value % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function shuffleSnapshot(snapshot: Snapshot, start: number): Snapshot {
  const seed = { value: start };
  const reorder = (resolved: ReadonlyMap<string, readonly string[]>): Map<string, readonly string[]> =>
    new Map(shuffle([...resolved], seed).map(([key, ids]) => [key, shuffle(ids, seed)]));
  return {
    ...snapshot,
    skus: shuffle(snapshot.skus, seed).map((sku) => ({ ...sku, servicePlans: shuffle(sku.servicePlans, seed) })),
    users: shuffle(snapshot.users, seed).map((user) => ({
      ...user,
      assignedLicenses: shuffle(user.assignedLicenses, seed),
      licenseAssignmentStates: shuffle(user.licenseAssignmentStates, seed).map((s) => ({ ...s, disabledPlans: shuffle(s.disabledPlans, seed) })),
    })),
    groups: shuffle(snapshot.groups, seed).map((group) => ({ ...group, members: shuffle(group.members, seed), assignedLicenses: shuffle(group.assignedLicenses, seed) })),
    resolved: { users: reorder(snapshot.resolved.users), groups: reorder(snapshot.resolved.groups) },
    holdersOf: shuffle(snapshot.holdersOf, seed),
  };
}

describe('determinism', () => {
  it('gives byte-identical JSON whatever the order of the snapshot', () => {
    const { desired, snapshot } = generatePlanWorkload(500);
    const expected = JSON.stringify(runPlan(desired, snapshot));
    expect(JSON.parse(expected).operations.length).toBeGreaterThan(0);
    for (const start of [1, 7, 42]) {
      const shuffled = shuffleSnapshot(snapshot, start);
      expect(shuffled.users[0]?.id).not.toBe(snapshot.users[0]?.id);
      expect(JSON.stringify(runPlan(desired, shuffled))).toBe(expected);
    }
  });

  it('does the same with prune on', () => {
    const { desired, snapshot } = generatePlanWorkload(200);
    const unlisted = { ...desired, users: desired.users.slice(0, 100), settings: { ...desired.settings, prune: true } };
    const complete = { ...snapshot, holdersOf: unlisted.settings.managedSkuIds };
    const expected = JSON.stringify(runPlan(unlisted, complete));
    expect(JSON.parse(expected).operations.some((op: { source?: unknown }) => op.source === undefined)).toBe(true);
    expect(JSON.stringify(runPlan(unlisted, shuffleSnapshot(complete, 3)))).toBe(expected);
  });

  it('plans a snapshot that repeats a user as one listing it once, the first occurrence winning', () => {
    const { desired, snapshot } = generatePlanWorkload(50);
    const expected = JSON.stringify(runPlan(desired, snapshot));
    const first = snapshot.users[3];
    if (first === undefined) throw new Error('the workload has fewer users than expected');
    const repeated = { ...snapshot, users: [...snapshot.users, { ...first, licenseAssignmentStates: [] }] };
    expect(JSON.stringify(runPlan(desired, repeated))).toBe(expected);
  });
});
