import { describe, expect, it } from 'vitest';
import { Debouncer } from '../../src/watch/debouncer.js';
import { ReconcileLoop } from '../../src/watch/reconcile-loop.js';
import { createIntervalTrigger, createTimerTrigger } from '../../src/watch/timer-trigger.js';
import type { FinishedRun, Trigger, TriggerSource } from '../../src/watch/triggers.js';
import { FakeClock, flushCallbacks } from '../apply/fake-clock.js';

/** A run that waits until the test lets it end, recording what triggered it. */
function gatedRuns(clock: FakeClock) {
  const runs: string[][] = [];
  let release: (() => void) | undefined;
  return {
    runs,
    run: (triggers: readonly Trigger[]): Promise<FinishedRun> => {
      runs.push(triggers.map((t) => t.kind));
      return new Promise((done) => {
        release = () => done({ endedAt: clock.now() });
      });
    },
    finish: async () => {
      await flushCallbacks();
      release?.();
      await flushCallbacks();
    },
  };
}

/** A source the test fires by hand. */
function manualSource(): TriggerSource & { fire(trigger: Trigger): void; ended: FinishedRun[] } {
  let fire: ((trigger: Trigger) => void) | undefined;
  const ended: FinishedRun[] = [];
  return {
    ended,
    fire: (trigger) => fire?.(trigger),
    async start(onFire) {
      fire = onFire;
    },
    async afterRun(run) {
      ended.push(run);
    },
    async stop() {
      fire = undefined;
    },
  };
}

describe('the single-flight loop', () => {
  it('starts with a start-up run, and gathers every trigger of a run into exactly one more', async () => {
    const clock = new FakeClock();
    const gate = gatedRuns(clock);
    const source = manualSource();
    const loop = new ReconcileLoop({ run: gate.run, sources: [source] });
    await loop.start();
    expect(gate.runs).toEqual([['startup']]);
    for (let n = 0; n < 10; n++) source.fire({ kind: 'config' });
    source.fire({ kind: 'interval' });
    await gate.finish();
    expect(gate.runs).toEqual([['startup'], ['config', 'config', 'config', 'config', 'config', 'config', 'config', 'config', 'config', 'config', 'interval']]);
    await gate.finish();
    await loop.whenIdle();
    expect(loop.runs).toBe(2);
    expect(source.ended).toHaveLength(2);
  });

  it('drops queued triggers whose cause went away, and runs for any that still holds', async () => {
    const clock = new FakeClock();
    const gate = gatedRuns(clock);
    const source = manualSource();
    const dropped: string[][] = [];
    const loop = new ReconcileLoop({ run: gate.run, sources: [source], onDropped: (t) => dropped.push(t.map((x) => x.kind)) });
    await loop.start();
    source.fire({ kind: 'tenant', stillRelevant: async () => false });
    await gate.finish();
    await loop.whenIdle();
    expect(dropped).toEqual([['tenant']]);
    expect(gate.runs).toEqual([['startup']]);
    // Queued behind a run with a trigger that still holds: they run together.
    source.fire({ kind: 'config' });
    source.fire({ kind: 'tenant', stillRelevant: async () => false });
    source.fire({ kind: 'interval' });
    await gate.finish();
    await gate.finish();
    await loop.whenIdle();
    expect(gate.runs.map((r) => r.join())).toEqual(['startup', 'config', 'tenant,interval']);
  });

  it('stops after the run in flight, and starts nothing for later triggers', async () => {
    const clock = new FakeClock();
    const gate = gatedRuns(clock);
    const source = manualSource();
    const loop = new ReconcileLoop({ run: gate.run, sources: [source] });
    await loop.start();
    source.fire({ kind: 'config' });
    const stopping = loop.stop();
    source.fire({ kind: 'config' });
    await gate.finish();
    await stopping;
    expect(gate.runs).toEqual([['startup']]);
  });
});

describe('timer triggers', () => {
  it('fires the interval after each run ends, re-armed by every run', async () => {
    const clock = new FakeClock(0);
    const fired: Trigger[] = [];
    const interval = createIntervalTrigger(300_000, 'every 5m', clock, clock.sleep);
    await interval.start((trigger) => fired.push(trigger));
    await interval.afterRun({ endedAt: 0 });
    await clock.advance(299_999);
    expect(fired).toEqual([]);
    await interval.afterRun({ endedAt: 200_000 });
    await clock.advance(200_000);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual([{ kind: 'interval', detail: 'every 5m' }]);
    await interval.stop();
  });

  it('fires "at time T" as the last run says, and not at all without a time', async () => {
    const clock = new FakeClock(1_000);
    const fired: number[] = [];
    const boundary = createTimerTrigger({ kind: 'interval', detail: 'at a boundary', clock, sleep: clock.sleep, nextAt: (run) => (run.endedAt < 5_000 ? 10_000 : undefined) });
    await boundary.start(() => fired.push(clock.now()));
    await boundary.afterRun({ endedAt: 1_000 });
    await clock.advance(20_000);
    expect(fired).toEqual([10_000]);
    await boundary.afterRun({ endedAt: clock.now() });
    await clock.advance(100_000);
    expect(fired).toEqual([10_000]);
  });

  it('debounces a burst into one call after the quiet period', async () => {
    const clock = new FakeClock(0);
    const calls: [number, string | undefined][] = [];
    const debouncer = new Debouncer(clock.sleep, 2_000, (detail) => calls.push([clock.now(), detail]));
    for (let n = 0; n < 10; n++) {
      debouncer.poke(`edit ${n}`);
      await clock.advance(100);
    }
    expect(debouncer.pending).toBe(true);
    await clock.advance(1_899);
    expect(calls).toEqual([]);
    await clock.advance(1);
    expect(calls).toEqual([[2_900, 'edit 9']]);
    expect(debouncer.pending).toBe(false);
  });
});
