import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { createMemoryJournal } from '../../src/apply/journal.js';
import type { WriteQuota } from '../../src/apply/write-pacer.js';
import { generatedId, generateTenant, GENERATED_SKUS } from '../../emulator/generate-tenant.js';
import { startEmulatedGraph, type EmulatedGraph } from '../stores/graph/graph-emulator-kit.js';
import { desiredState, planFor } from './plan-helpers.js';

const USERS = 700;
/** The emulator's write quota: a sliding window like Graph's, 100 writes per second. */
const QUOTA: WriteQuota = { writes: 200, windowMs: 2000 };

/** Every user with a usage location gets E5 (a swap for those who held E3). */
function desired() {
  const users: Record<string, string[]> = {};
  for (let n = 0; n < USERS; n++) if (n % 5 !== 4) users[generatedId('0000a11c', n)] = [GENERATED_SKUS.e5];
  return desiredState({ users, managed: [GENERATED_SKUS.e3, GENERATED_SKUS.e5] });
}

/**
 * Applies the plan over HTTP to an emulator that enforces the quota, with the engine told the
 * quota (`paced`) or not pacing at all, and returns what the emulator answered 429.
 */
async function applyUnderQuota(graph: EmulatedGraph, writeQuota: WriteQuota | null) {
  const plan = await planFor(graph.store, desired());
  expect(plan.blocked).toBe(false);
  graph.emulator.stats.reset(Date.now());
  const result = await applyPlan(plan, graph.store, {
    journal: createMemoryJournal(),
    writeQuota,
  });
  const { throttled, writes } = graph.emulator.stats;
  return { plan, result, throttled, writes, replan: await planFor(graph.store, desired()) };
}

/**
 * The pacing tests use a fake clock and a scripted store; this one runs the engine over real
 * HTTP against the emulator with its write quota on, as against Graph.
 */
describe('apply against the Graph emulator with its write quota on', () => {
  const started: EmulatedGraph[] = [];
  const emulated = async () => {
    const graph = await startEmulatedGraph(generateTenant({ users: USERS }), { writeQuota: { limit: QUOTA.writes, windowSeconds: QUOTA.windowMs / 1000, mode: 'sliding' }, seed: 3 });
    started.push(graph);
    return graph;
  };
  afterEach(async () => {
    for (const graph of started.splice(0)) await graph.stop();
  });

  it('applies every operation paced to the quota, with far fewer 429s than unpaced, and a fresh plan is empty', async () => {
    const paced = await applyUnderQuota(await emulated(), QUOTA);
    const unpaced = await applyUnderQuota(await emulated(), null);

    for (const run of [paced, unpaced]) {
      expect(run.plan.operations.length).toBeGreaterThanOrEqual(500);
      expect(run.result.counts).toEqual({ applied: run.plan.operations.length, failed: 0, skipped: 0 });
      expect(run.replan.operations).toEqual([]);
    }
    // Without pacing, bursts of four batches of 20 run into the quota again and again.
    expect(unpaced.throttled).toBeGreaterThan(50);
    // Paced, a write only meets a 429 when the machine delays requests enough to bunch them.
    expect(paced.throttled).toBeLessThan(unpaced.throttled / 5);
    expect(paced.throttled / paced.writes).toBeLessThan(0.05);
  }, 120_000);
});
