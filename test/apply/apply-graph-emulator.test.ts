import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { defaultJournalPath, openFileJournal, parseJournal, type OperationEndRecord, type OperationStartRecord } from '../../src/apply/journal.js';
import { generatedId, generateTenant, GENERATED_SKUS } from '../../emulator/generate-tenant.js';
import { startEmulatedGraph, type EmulatedGraph } from '../stores/graph/graph-emulator-kit.js';
import { desiredState, planFor } from './plan-helpers.js';

const USERS = 2800;

/**
 * Users with a usage location move to E5, except every seventh, who loses its licenses
 * (a release when it held E3); every third user held E3 (a swap). Team 1 gets Power BI.
 */
function desired() {
  const users: Record<string, string[]> = {};
  for (let n = 0; n < USERS; n++) {
    if (n % 5 === 4) continue;
    users[generatedId('0000a11c', n)] = n % 7 === 0 ? [] : [GENERATED_SKUS.e5];
  }
  return desiredState({ users, groups: { [generatedId('00009409', 1)]: [GENERATED_SKUS.powerBi] }, managed: [GENERATED_SKUS.e3, GENERATED_SKUS.e5, GENERATED_SKUS.powerBi] });
}

describe('apply against the Graph emulator with 20% injected faults', () => {
  let graph: EmulatedGraph | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    await graph?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('converges in one run: a fresh plan is empty and the journal has every operation with its final state', async () => {
    graph = await startEmulatedGraph(generateTenant({ users: USERS }), { writeQuota: false, seed: 11 });
    const plan = await planFor(graph.store, desired());
    expect(plan.blocked).toBe(false);
    expect(plan.operations.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(plan.operations.map((operation) => operation.phase))).toEqual(new Set(['release', 'swap', 'acquire']));

    graph.emulator.setFaults({ rate: 0.2, statuses: [429, 500, 503, 504], dropConnections: true, lostResponses: true, retryAfterSeconds: 0.05, seed: 5 });
    dir = await mkdtemp(join(tmpdir(), 'skuform-apply-emulator-'));
    const journal = await openFileJournal(defaultJournalPath(dir));
    const result = await applyPlan(plan, graph.store, {
      journal,
      // Pacing is covered with a fake clock; here the injected 429s drive the global pauses.
      writeQuota: null,
      retry: { baseDelayMs: 100, maxDelayMs: 1000 },
      groupProcessing: { maxWaitMs: 5000, firstPollDelayMs: 100, initialDelayMs: 100 },
    });
    await journal.close();
    const faults = { ...graph.emulator.stats.faults };
    graph.emulator.setFaults(null);

    expect(result.counts).toEqual({ applied: plan.operations.length, failed: 0, skipped: 0 });
    expect(Object.keys(faults).sort()).toEqual(['429', '500', '503', '504', 'drop', 'lost']);
    expect(result.outcomes.filter((outcome) => outcome.attempts > 1).length).toBeGreaterThan(200);
    expect((await planFor(graph.store, desired())).operations).toEqual([]);

    const { records, unreadableLines } = parseJournal(await readFile(defaultJournalPath(dir), 'utf8'));
    expect(unreadableLines).toBe(0);
    const ends = new Map(records.filter((record): record is OperationEndRecord => record.type === 'operation-end').map((record) => [record.operationId, record]));
    const starts = records.filter((record): record is OperationStartRecord => record.type === 'operation-start');
    for (const outcome of result.outcomes) {
      expect(ends.get(outcome.operationId)).toMatchObject({ result: outcome.status, attempts: outcome.attempts });
      expect(starts.filter((record) => record.operationId === outcome.operationId)).toHaveLength(outcome.attempts);
    }
    expect(ends.size).toBe(plan.operations.length);
  }, 120_000);
});
