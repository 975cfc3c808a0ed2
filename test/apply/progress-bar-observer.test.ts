import { describe, expect, it } from 'vitest';
import type { ApplyObserver } from '../../src/apply/apply-observer.js';
import { createProgressBarObserver, formatDuration, renderProgressLine, type ProgressState } from '../../src/apply/progress-bar-observer.js';
import type { ApplyResult, OperationOutcome, OutcomeStatus } from '../../src/model/apply-result.js';
import { FakeClock, flushCallbacks } from './fake-clock.js';
import { anOperation, aPlan, manyAcquisitions } from './plan-builders.js';
import { runEngine, textSink } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';

const REWRITE = '\r\u001b[2K';

describe('progress bar observer in a run', () => {
  it('rewrites one line in place and ends with a newline', async () => {
    const clock = new FakeClock();
    const out = textSink();
    const store = new ScriptedStore({ clock, latencyMs: 1000, maxBatchSize: 10, fault: (request) => (request.principal.id === 'u0007' ? failure(403, 'Authorization_RequestDenied', 'denied') : undefined) });
    await runEngine(aPlan(manyAcquisitions(40)), store, clock, { concurrency: 1, observer: createProgressBarObserver(out, { clock, columns: 100 }) });

    const text = out.chunks.join('');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.slice(0, -1)).not.toContain('\n');
    const frames = text.slice(0, -1).split(REWRITE).filter((frame) => frame !== '');
    expect(frames[0]).toContain(' 0/40    0%  0.0/s  ETA --');
    expect(frames).toContain(`[${'█'.repeat(8)}${'░'.repeat(22)}] 10/40   25%  10.0/s  ETA 3s  1 failed`);
    expect(frames.at(-1)).toContain('40/40  100%  10.0/s  1 failed');
  });

  it('draws 80 columns wide on a terminal that reports a width of 0', async () => {
    const clock = new FakeClock();
    const out = textSink();
    const store = new ScriptedStore({ clock, latencyMs: 1000, maxBatchSize: 10 });
    await runEngine(aPlan(manyAcquisitions(20)), store, clock, { concurrency: 1, observer: createProgressBarObserver(out, { clock, columns: 0 }) });
    const frames = out.chunks.join('').trim().split(REWRITE).filter((frame) => frame !== '');
    expect(frames.at(-1)).toContain('20/20  100%');
  });
});

/**
 * Drives the bar event by event on a fake clock. `frames()` is what reached the terminal so
 * far, without the rewrite prefix and the bar itself (the counts are what each case is about).
 */
function barOn(total: number, minIntervalMs = 100) {
  const clock = new FakeClock();
  const out = textSink();
  const observer: ApplyObserver = createProgressBarObserver(out, { clock, columns: 200, minIntervalMs });
  const outcome = (status: OutcomeStatus): OperationOutcome => ({ operationId: 'user:a', principal: { kind: 'user', id: 'a', name: 'a@test.example' }, phase: 'acquire', status, attempts: 1 });
  const result: ApplyResult = { outcomes: [], interrupted: true, interruptReason: 'SIGINT', elapsedMs: 0, counts: { applied: 0, failed: 0, skipped: 0 } };
  return {
    clock,
    observer,
    outcome,
    result,
    start: () => observer.onRunStart?.({ runId: 'run-1', total, phases: { release: 0, update: 0, swap: 0, acquire: total }, startedAt: clock.now(), targetRate: Number.POSITIVE_INFINITY }),
    /** Lets the time pass (and a queued paint run). */
    at: (ms: number) => clock.advance(ms),
    frames: () => out.chunks.map((chunk) => (chunk.startsWith(REWRITE) ? chunk.slice(REWRITE.length).replace(/^\[[█░]*\] /, '') : chunk)),
  };
}

describe('progress bar redraws', () => {
  // A bar redrawn for each of thousands of results would flood a slow terminal.
  it('redraws at most once per interval, and a result inside the interval shows in the next frame', async () => {
    const bar = barOn(3);
    bar.start();
    await bar.at(50);
    bar.observer.onResult?.(bar.outcome('applied'));
    await bar.at(50);
    expect(bar.frames()).toEqual(['0/3    0%  0.0/s  ETA --']);
    bar.observer.onResult?.(bar.outcome('applied'));
    await bar.at(0);
    expect(bar.frames()).toEqual(['0/3    0%  0.0/s  ETA --', '2/3   66%  20.0/s  ETA 1s']);
  });

  it('counts a retry without redrawing for it', async () => {
    const bar = barOn(2);
    bar.start();
    await bar.at(10);
    bar.observer.onRetry?.({ operation: anOperation({ id: 'a', add: ['E3'] }), attempt: 1, delayMs: 500, cause: { status: 503, code: 'ServiceUnavailable', message: 'later' } });
    await bar.at(190);
    expect(bar.frames()).toHaveLength(1);
    bar.observer.onResult?.(bar.outcome('applied'));
    await bar.at(0);
    expect(bar.frames().at(-1)).toBe('1/2   50%  5.0/s  ETA 1s  1 retries');
  });

  it('shows a 429 pause at once, even inside the interval', async () => {
    const bar = barOn(2);
    bar.start();
    await bar.at(30);
    bar.observer.onPause?.({ delayMs: 2100, until: bar.clock.now() + 2100, cause: { status: 429, code: 'TooManyRequests', message: 'slow down' } });
    await bar.at(0);
    expect(bar.frames()).toEqual(['0/2    0%  0.0/s  ETA --', '0/2    0%  0.0/s  ETA --  throttled, resuming in 2.1s']);
  });

  // Verification may take a while after the last write: the bar must not sit at 99% meanwhile.
  it('shows the last result at once, even inside the interval', async () => {
    const bar = barOn(2);
    bar.start();
    await bar.at(200);
    bar.observer.onResult?.(bar.outcome('applied'));
    await bar.at(50);
    bar.observer.onResult?.(bar.outcome('failed'));
    await bar.at(0);
    expect(bar.frames().at(-1)).toBe('2/2  100%  8.0/s  1 failed');
  });

  // A stalled run must look stalled: until the last result, the rate counts the time up to now.
  it('lowers the rate while results are still due and none arrives', async () => {
    const bar = barOn(4);
    bar.start();
    await bar.at(500);
    bar.observer.onResult?.(bar.outcome('applied'));
    await bar.at(1500);
    bar.observer.onPause?.({ delayMs: 1000, until: bar.clock.now() + 1000, cause: { status: 429, code: 'TooManyRequests', message: 'slow down' } });
    await bar.at(0);
    expect(bar.frames().at(-1)).toBe('1/4   25%  0.5/s  ETA 6s  throttled, resuming in 1.0s');
  });

  // Verification after the last write can take minutes; the rate is that of the writes.
  it('keeps the rate of the writes after the last result, however long the run then takes to end', async () => {
    const bar = barOn(2);
    bar.start();
    await bar.at(200);
    bar.observer.onResult?.(bar.outcome('applied'));
    bar.observer.onResult?.(bar.outcome('applied'));
    await bar.at(60_000);
    bar.observer.onRunEnd?.(bar.result);
    expect(bar.frames().slice(-3)).toEqual(['2/2  100%  10.0/s', '2/2  100%  10.0/s', '\n']);
  });

  it('shows the final state when the run ends, even inside the interval, and ends the line', async () => {
    const bar = barOn(3);
    bar.start();
    await bar.at(200);
    bar.observer.onResult?.(bar.outcome('applied'));
    await bar.at(50);
    bar.observer.onResult?.(bar.outcome('skipped'));
    bar.observer.onRunEnd?.(bar.result);
    expect(bar.frames().slice(-2)).toEqual(['2/3   66%  8.0/s  ETA 1s  1 skipped', '\n']);
  });

  // The engine reports a batch's results in one synchronous burst.
  it('paints a burst of results once, after the burst', async () => {
    const bar = barOn(4, 0);
    bar.start();
    await bar.at(1000);
    for (let index = 0; index < 3; index += 1) bar.observer.onResult?.(bar.outcome('applied'));
    await flushCallbacks();
    expect(bar.frames()).toEqual(['0/4    0%  0.0/s  ETA --', '3/4   75%  3.0/s  ETA 1s']);
  });
});

describe('progress line', () => {
  const state = (overrides: Partial<ProgressState> = {}): ProgressState => ({ total: 10, done: 5, failed: 0, skipped: 0, retries: 0, startedAt: 0, pausedUntil: 0, now: 10_000, ...overrides });
  const text = ' 5/10   50%  0.5/s  ETA 10s';

  it('shows a 429 pause and fits narrow terminals', () => {
    const paused = { total: 2000, done: 500, failed: 0, skipped: 0, retries: 3, startedAt: 0, pausedUntil: 27_100, now: 25_000 };
    expect(renderProgressLine(paused, 120)).toBe(`[${'█'.repeat(8)}${'░'.repeat(22)}]  500/2000   25%  20.0/s  ETA 1m15s  3 retries  throttled, resuming in 2.1s`);
    expect(renderProgressLine(paused, 40)).toBe(' 500/2000   25%  20.0/s  ETA 1m15s  3 r');
  });

  it.each<[string, Partial<ProgressState>, number, string]>([
    ['an empty plan is complete', { total: 0, done: 0, now: 0 }, 80, `[${'█'.repeat(30)}] 0/0  100%  0.0/s`],
    ['skipped operations are counted', { skipped: 2 }, 80, `[${'█'.repeat(15)}${'░'.repeat(15)}] ${text}  2 skipped`],
    ['a pause that ends now is over', { pausedUntil: 10_000 }, 80, `[${'█'.repeat(15)}${'░'.repeat(15)}] ${text}`],
    ['the bar takes the room the text leaves, up to 30', {}, text.length + 4 + 10, `[█████░░░░░] ${text}`],
    ['a bar of 5 is still drawn', {}, text.length + 4 + 5, `[███░░] ${text}`],
    ['below 5 the bar is left out', {}, text.length + 4 + 4, text],
    ['the text is cut to leave the last column free', {}, 12, text.slice(0, 11)],
  ])('%s', (_rule, overrides, columns, expected) => {
    expect(renderProgressLine(state(overrides), columns)).toBe(expected);
  });

  it.each([
    [0.2, '1s'],
    [59, '59s'],
    [60, '1m00s'],
    [187, '3m07s'],
    [3599, '59m59s'],
    [3600, '1h00m'],
    [3725, '1h02m'],
  ])('formats %s seconds as %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});
