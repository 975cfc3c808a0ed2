import { describe, expect, it } from 'vitest';
import { resolveApplyOptions } from '../../src/apply/apply-options.js';
import { createMemoryJournal } from '../../src/apply/journal.js';
import { completeOperations, createOperationState, describeHalt, RunHalt, type Completion, type RunContext } from '../../src/apply/run-context.js';
import { WritePacer } from '../../src/apply/write-pacer.js';
import type { OperationOutcome } from '../../src/model/apply-result.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, sku } from './plan-builders.js';
import { runEngine } from './run-engine.js';
import { ScriptedStore } from './scripted-store.js';

describe('RunHalt', () => {
  it('keeps the first reason: a deadline after a Ctrl-C does not rename the interruption', () => {
    const halt = new RunHalt();
    expect([halt.halted, describeHalt(halt)]).toEqual([false, 'interrupted']);
    halt.trigger('interrupted', 'SIGINT');
    halt.trigger('deadline', 'deadline');
    expect([halt.halted, halt.reason, halt.detail, describeHalt(halt), halt.signal.reason]).toEqual([true, 'interrupted', 'SIGINT', 'interrupted', 'interrupted']);
  });

  it('names a deadline as the skip reason', () => {
    const halt = new RunHalt();
    halt.trigger('deadline', 'deadline');
    expect(describeHalt(halt)).toBe('deadline');
  });

  it('lets every wait of a large run listen without a listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      const halt = new RunHalt();
      for (let wait = 0; wait < 50; wait += 1) halt.signal.addEventListener('abort', () => undefined);
      // Node reports a leak warning on the next turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).toEqual([]);
  });
});

describe('createOperationState', () => {
  it('sends the switched-off service plans the plan asks for, on a copy the engine may change', async () => {
    const clock = new FakeClock();
    const store = new ScriptedStore({ clock });
    const operation = anOperation({ id: 'a', add: ['E3'] });
    operation.request.addLicenses = [{ skuId: sku('E3'), disabledPlans: ['plan-teams', 'plan-yammer'] }];
    const state = createOperationState(operation);
    state.request.addLicenses[0]?.disabledPlans.push('changed');
    expect(operation.request.addLicenses[0]?.disabledPlans).toEqual(['plan-teams', 'plan-yammer']);

    await runEngine(aPlan([operation]), store, clock, { verify: false });
    expect(store.writes.map((write) => write.request.addLicenses)).toEqual([[{ skuId: sku('E3'), disabledPlans: ['plan-teams', 'plan-yammer'] }]]);
  });
});

describe('completeOperations', () => {
  function aContext(clock: FakeClock) {
    const journal = createMemoryJournal();
    const results: OperationOutcome[] = [];
    const store = new ScriptedStore({ clock });
    const options = resolveApplyOptions({ journal, clock, sleep: clock.sleep, runId: 'run-1', observer: { onResult: (outcome) => results.push(outcome) } }, store, () => 'unused');
    const ctx: RunContext = {
      store,
      options,
      pacer: new WritePacer({ clock, sleep: clock.sleep, quota: null, maxBurst: options.maxBatchSize }),
      halt: new RunHalt(),
      requestSignal: new AbortController().signal,
      deadlineAt: undefined,
      groupWrites: [],
    };
    return { ctx, journal, results };
  }

  const error = { status: 400, code: 'Request_BadRequest', message: 'no' };

  // Notes (e.g. removals that were already gone) explain an applied outcome; a failed or
  // skipped one is explained by its own reason alone. Empty parts never show as a stray `; `.
  it.each<[string, Omit<Completion, 'state'>, string[], string | undefined]>([
    ['applied, notes only', { status: 'applied' }, ['retried without removals already gone: E5', 'second note'], 'retried without removals already gone: E5; second note'],
    ['applied, reason and a note', { status: 'applied', reason: 'already removed: E3' }, ['a note'], 'already removed: E3; a note'],
    ['applied, an empty reason', { status: 'applied', reason: '' }, ['a note'], 'a note'],
    ['applied, nothing notable', { status: 'applied' }, [], undefined],
    ['failed, with notes', { status: 'failed', reason: 'gave up after 5 attempts', error }, ['retried without removals already gone: E5'], 'gave up after 5 attempts'],
    ['skipped, with notes', { status: 'skipped', reason: 'deadline' }, ['a note'], 'deadline'],
  ])('records the outcome of an operation %s', async (_name, completion, notes, reason) => {
    const clock = new FakeClock();
    const { ctx, journal, results } = aContext(clock);
    const state = createOperationState(anOperation({ id: 'a', add: ['E3'] }));
    state.attempts = 2;
    state.notes.push(...notes);
    await completeOperations(ctx, [{ state, ...completion }]);

    const principal = { kind: 'user', id: 'a', name: 'a@test.example' };
    const outcome = {
      operationId: 'user:a',
      principal,
      phase: 'acquire',
      status: completion.status,
      attempts: 2,
      ...(completion.error === undefined ? {} : { error }),
      ...(reason === undefined ? {} : { reason }),
    };
    // Strict: a field without a value is left out, not written as undefined.
    expect(state.outcome).toStrictEqual(outcome);
    expect(results).toStrictEqual([outcome]);
    expect(journal.records).toStrictEqual([
      {
        type: 'operation-end',
        time: new Date(clock.now()).toISOString(),
        runId: 'run-1',
        operationId: 'user:a',
        principal,
        phase: 'acquire',
        request: { addSkuIds: [sku('E3')], removeSkuIds: [] },
        result: completion.status,
        attempts: 2,
        ...(reason === undefined ? {} : { reason }),
        ...(completion.error === undefined ? {} : { error }),
      },
    ]);
  });
});
