import { describe, expect, it } from 'vitest';
import { OPERATION_PHASES } from '../../src/model/plan.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, sku } from './plan-builders.js';
import { outcomeOf, runEngine } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';

/** A full E3 (2 of 2 seats used by a and b) reshuffled to c and d, plus an update and a swap. */
function reshufflePlan() {
  return aPlan([
    // Deliberately out of order: the engine orders by phase, not by position.
    anOperation({ id: 'c', add: ['E3'] }),
    anOperation({ id: 'd', add: ['E3'] }),
    anOperation({ id: 'e', add: ['E5'], remove: ['E1'] }),
    anOperation({ id: 'f', add: ['E5'], phase: 'update' }),
    anOperation({ id: 'a', remove: ['E3'] }),
    anOperation({ id: 'b', remove: ['E3'] }),
  ]);
}

function reshuffleStore(clock: FakeClock, fault?: ConstructorParameters<typeof ScriptedStore>[0]['fault']) {
  return new ScriptedStore({
    clock,
    latencyMs: 100,
    maxBatchSize: 1,
    seats: { [sku('E3')]: 2, [sku('E5')]: 10 },
    users: { a: [sku('E3')], b: [sku('E3')], e: [sku('E1')], f: [sku('E5')] },
    fault,
  });
}

describe('apply order', () => {
  it('runs release, update, swap, acquire with a barrier between phases, so a full SKU can be reshuffled', async () => {
    const clock = new FakeClock();
    const store = reshuffleStore(clock);
    const { result, events } = await runEngine(reshufflePlan(), store, clock, { concurrency: 4 });

    expect(result.counts).toEqual({ applied: 6, failed: 0, skipped: 0 });
    const phaseOf = (id: string) => outcomeOf(result, `user:${id}`).phase;
    const startsByPhase = events.starts.map((start) => ({ phase: start.operation.phase, at: start.at }));
    const endsByPhase = events.results.map((end) => ({ phase: end.phase, at: end.at }));
    for (const [index, phase] of OPERATION_PHASES.entries()) {
      const lastEnd = Math.max(...endsByPhase.filter((end) => end.phase === phase).map((end) => end.at));
      const laterStarts = startsByPhase.filter((start) => OPERATION_PHASES.indexOf(start.phase) > index);
      expect(laterStarts.every((start) => start.at >= lastEnd)).toBe(true);
    }
    expect(store.writes.map((write) => phaseOf(write.principalId))).toEqual(['release', 'release', 'update', 'swap', 'acquire', 'acquire']);
    // Outcomes come back in plan order, whatever order they ran in.
    expect(result.outcomes.map((outcome) => outcome.principal.id)).toEqual(['c', 'd', 'e', 'f', 'a', 'b']);
  });

  it('reports the seats error of an acquisition whose seat a failed release did not free', async () => {
    const clock = new FakeClock();
    const store = reshuffleStore(clock, (request) =>
      request.principal.id === 'a' ? failure(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') : undefined,
    );
    const { result } = await runEngine(reshufflePlan(), store, clock, { concurrency: 1 });

    expect(outcomeOf(result, 'user:a')).toMatchObject({ status: 'failed', error: { code: 'Authorization_RequestDenied' } });
    expect(outcomeOf(result, 'user:c').status).toBe('applied');
    expect(outcomeOf(result, 'user:d')).toMatchObject({ status: 'failed', attempts: 1, error: { status: 400, message: expect.stringContaining('does not have any available licenses') } });
    expect(result.counts).toEqual({ applied: 4, failed: 2, skipped: 0 });
  });
});
