import { describe, expect, it } from 'vitest';
import { combineObservers } from '../../src/apply/apply-observer.js';
import { createJsonEventsObserver } from '../../src/apply/json-events-observer.js';
import { createProgressBarObserver, formatDuration, renderProgressLine } from '../../src/apply/progress-bar-observer.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan, manyAcquisitions } from './plan-builders.js';
import { runEngine } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';

function sink() {
  const chunks: string[] = [];
  return { chunks, write: (chunk: string) => chunks.push(chunk) };
}

describe('JSON-lines events observer', () => {
  it('writes one parseable event per line for the whole run', async () => {
    const clock = new FakeClock();
    const out = sink();
    const store = new ScriptedStore({
      clock,
      fault: (request, call) => (request.principal.id === 'a' && call.attempt === 1 ? failure(429, 'TooManyRequests', 'Please retry again later.', 1500) : undefined),
    });
    await runEngine(aPlan([anOperation({ id: 'a', add: ['E3'] }), anOperation({ id: 'b', remove: ['E1'] })]), store, clock, {
      observer: createJsonEventsObserver(out, clock),
    });
    const lines = out.chunks.join('').split('\n').filter((line) => line !== '');
    const events = lines.map((line) => JSON.parse(line) as { event: string; time: string; [key: string]: unknown });
    expect(events.map((event) => event.event)).toEqual([
      'run-start', 'operation-start', 'result', 'operation-start', 'pause', 'retry', 'operation-start', 'result', 'verify', 'verify', 'run-end',
    ]);
    expect(events[0]).toMatchObject({ formatVersion: 1, runId: 'run-1', total: 2, targetWritesPerSecond: null });
    expect(events[4]).toMatchObject({ delayMs: 1500, cause: { status: 429, code: 'TooManyRequests' } });
    expect(events[7]).toMatchObject({ outcome: { operationId: 'user:a', status: 'applied', attempts: 2 } });
    expect(events[8]).toMatchObject({ outcome: { operationId: 'user:a', verification: { status: 'verified' } } });
    expect(events.at(-1)).toMatchObject({
      counts: { applied: 2, failed: 0, skipped: 0 },
      interrupted: false,
      verification: { counts: { verified: 2, 'not-yet-visible': 0, lost: 0, unchecked: 0 }, reads: 1 },
    });
  });
});

describe('progress bar observer', () => {
  it('rewrites one line in place and ends with a newline', async () => {
    const clock = new FakeClock();
    const out = sink();
    const store = new ScriptedStore({ clock, latencyMs: 1000, maxBatchSize: 10, fault: (request) => (request.principal.id === 'u0007' ? failure(403, 'Authorization_RequestDenied', 'denied') : undefined) });
    await runEngine(aPlan(manyAcquisitions(40)), store, clock, { concurrency: 1, observer: createProgressBarObserver(out, { clock, columns: 100 }) });

    const text = out.chunks.join('');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.slice(0, -1)).not.toContain('\n');
    const frames = text.slice(0, -1).split('\r\u001b[2K').filter((frame) => frame !== '');
    expect(frames[0]).toContain(' 0/40    0%  0.0/s  ETA --');
    expect(frames).toContain(`[${'█'.repeat(8)}${'░'.repeat(22)}] 10/40   25%  10.0/s  ETA 3s  1 failed`);
    expect(frames.at(-1)).toContain('40/40  100%  10.0/s  1 failed');
  });

  it('draws 80 columns wide on a terminal that reports a width of 0', async () => {
    const clock = new FakeClock();
    const out = sink();
    const store = new ScriptedStore({ clock, latencyMs: 1000, maxBatchSize: 10 });
    await runEngine(aPlan(manyAcquisitions(20)), store, clock, { concurrency: 1, observer: createProgressBarObserver(out, { clock, columns: 0 }) });
    const frames = out.chunks.join('').trim().split('\r\u001b[2K').filter((frame) => frame !== '');
    expect(frames.at(-1)).toContain('20/20  100%');
  });

  it('shows a 429 pause and fits narrow terminals', () => {
    const state = { total: 2000, done: 500, failed: 0, skipped: 0, retries: 3, startedAt: 0, pausedUntil: 27_100, now: 25_000 };
    expect(renderProgressLine(state, 120)).toBe(`[${'█'.repeat(8)}${'░'.repeat(22)}]  500/2000   25%  20.0/s  ETA 1m15s  3 retries  throttled, resuming in 2.1s`);
    expect(renderProgressLine(state, 40).length).toBeLessThan(40);
    expect(formatDuration(3725)).toBe('1h02m');
  });
});

describe('combineObservers', () => {
  it('forwards every event to each observer in order', async () => {
    const clock = new FakeClock();
    const seen: string[] = [];
    const tagging = (tag: string) => ({
      onRunStart: () => seen.push(`${tag}:run-start`),
      onResult: () => seen.push(`${tag}:result`),
      onRunEnd: () => seen.push(`${tag}:run-end`),
    });
    await runEngine(aPlan(manyAcquisitions(1)), new ScriptedStore({ clock }), clock, { observer: combineObservers(tagging('a'), {}, tagging('b')) });
    expect(seen).toEqual(['a:run-start', 'b:run-start', 'a:result', 'b:result', 'a:run-end', 'b:run-end']);
  });
});
