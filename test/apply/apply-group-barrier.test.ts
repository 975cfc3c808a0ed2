import { describe, expect, it } from 'vitest';
import type { Operation } from '../../src/model/plan.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, sku } from './plan-builders.js';
import { runEngine } from './run-engine.js';
import { ScriptedStore } from './scripted-store.js';

/**
 * Between phases the engine waits for Graph to process a group's write only when the group
 * frees seats of a SKU that an operation of a later phase consumes: otherwise a full SKU
 * could not be reshuffled, and waiting for anything else only slows the run down. Each
 * batch takes 10 ms of fake time, so a group read before a write's time is a wait between
 * phases; a read after the last write is the final read of the run.
 */
const group = (id: string, options: { add?: string[]; remove?: string[] }): Operation => anOperation({ id, kind: 'group', ...options });
const user = (id: string, options: { add?: string[]; remove?: string[] }): Operation => anOperation({ id, ...options });

/** An update of a group's E3 that names it in its seat change with 0 (it frees no seat). */
function groupUpdateOfE3(): Operation {
  const operation = anOperation({ id: 'sales', kind: 'group', add: ['E3'], phase: 'update' });
  return { ...operation, seatDelta: { [sku('E3')]: 0 } };
}

describe('waiting for group processing between phases', () => {
  it.each<[string, Operation[], string, boolean]>([
    ['a group release of the SKU an acquisition needs', [group('sales', { remove: ['E3'] }), user('a', { add: ['E3'] })], 'a', true],
    ['a group release of another SKU than the acquisition needs', [group('sales', { remove: ['E3'] }), user('a', { add: ['P1'] })], 'a', false],
    ['a group swap that frees E5 and takes E3, before an acquisition of E3', [group('sales', { remove: ['E5'], add: ['E3'] }), user('a', { add: ['E3'] })], 'a', false],
    ['a group swap freeing E3 that only an operation of its own phase takes', [group('sales', { remove: ['E3'], add: ['E5'] }), user('b', { remove: ['X1'], add: ['E3'] }), user('a', { add: ['P1'] })], 'a', false],
    ['one of two group releases frees the SKU an acquisition needs', [group('sales', { remove: ['E3'] }), group('ops', { remove: ['E5'] }), user('a', { add: ['E3'] })], 'a', true],
    ['a group release of two SKUs, one of them needed', [group('sales', { remove: ['E3', 'E5'] }), user('a', { add: ['E5'] })], 'a', true],
    ['a group release needed by one of two acquisitions', [group('sales', { remove: ['E3'] }), user('a', { add: ['E3'] }), user('c', { add: ['P1'] })], 'a', true],
    ['a group update that frees no seat of the SKU', [groupUpdateOfE3(), user('a', { add: ['E3'] })], 'a', false],
  ])('%s: waits before the later phase = %s', async (_name, operations, laterId, waits) => {
    const clock = new FakeClock();
    const store = new ScriptedStore({
      clock,
      latencyMs: 10,
      users: { b: [sku('X1')] },
      groups: { sales: [sku('E3'), sku('E5')], ops: [sku('E5')] },
    });
    const { result } = await runEngine(aPlan(operations), store, clock, { verify: false });

    expect(result.counts).toEqual({ applied: operations.length, failed: 0, skipped: 0 });
    const laterAt = store.writes.find((write) => write.principalId === laterId)?.at ?? Number.NaN;
    const groups = operations.filter((operation) => operation.principal.kind === 'group').map((operation) => operation.principal.id).sort();
    // Every group's processing is read exactly once either way: between the phases or at the end.
    expect(store.groupReads.flatMap((read) => read.ids).sort()).toEqual(groups);
    expect(store.groupReads.some((read) => read.at < laterAt)).toBe(waits);
  });
});
