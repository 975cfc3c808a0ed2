import { describe, expect, it } from 'vitest';
import type { OperationEndRecord } from '../../src/apply/journal.js';
import { injectedFaults, MemoryStore, type InjectedFault } from '../../src/stores/memory-store.js';
import { generatedId, generateTenant, GENERATED_SKUS } from '../../emulator/generate-tenant.js';
import { createSeededRandom } from '../../emulator/seeded-random.js';
import { FakeClock } from './fake-clock.js';
import { desiredState, planFor } from './plan-helpers.js';
import { runEngine } from './run-engine.js';

const USERS = 600;

/** Everyone with a usage location moves to E5 (every third user swaps from E3); team 1 gets Power BI. */
function moveEveryoneToE5() {
  const users: Record<string, string[]> = {};
  for (let n = 0; n < USERS; n++) if (n % 5 !== 4) users[generatedId('0000a11c', n)] = [GENERATED_SKUS.e5];
  return desiredState({ users, groups: { [generatedId('00009409', 1)]: [GENERATED_SKUS.powerBi] }, managed: [GENERATED_SKUS.e3, GENERATED_SKUS.e5, GENERATED_SKUS.powerBi] });
}

describe('apply against the memory store (Graph semantics) under faults', () => {
  it('converges in one run with 20% injected faults, lost responses included, and journals every operation', async () => {
    const random = createSeededRandom(2026);
    const faults: (() => InjectedFault)[] = [
      () => injectedFaults.throttled(1500),
      () => injectedFaults.unavailable(),
      () => injectedFaults.unavailable(800),
      () => injectedFaults.gatewayTimeout(),
      () => injectedFaults.networkFailure(),
      () => injectedFaults.lostResponse(),
    ];
    const store = new MemoryStore(generateTenant({ users: USERS }), {
      pacedWrites: true,
      writeFault: () => (random() < 0.2 ? faults[Math.floor(random() * faults.length)]?.() : undefined),
    });
    const desired = moveEveryoneToE5();
    const plan = await planFor(store, desired);
    expect(plan.blocked).toBe(false);
    expect(plan.operations.length).toBe(481);

    const clock = new FakeClock();
    const { result, journal } = await runEngine(plan, store, clock, { writeQuota: { writes: 300, windowMs: 15_000 } });

    expect(result.counts).toEqual({ applied: 481, failed: 0, skipped: 0 });
    expect(store.writes.filter((write) => !write.result.ok).length).toBeGreaterThan(50);
    // A lost response made the retry's removal fail with "does not have a corresponding license": converged.
    expect(result.outcomes.some((outcome) => outcome.reason?.includes('already gone') === true)).toBe(true);
    const ends = journal.records.filter((record): record is OperationEndRecord => record.type === 'operation-end');
    expect(new Set(ends.map((record) => record.operationId))).toEqual(new Set(plan.operations.map((operation) => operation.id)));
    expect(ends.every((record) => record.result === 'applied')).toBe(true);
    expect((await planFor(store, desired)).operations).toEqual([]);
  });
});
