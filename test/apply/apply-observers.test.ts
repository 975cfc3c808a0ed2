import { describe, expect, it } from 'vitest';
import { combineObservers, type ApplyObserver } from '../../src/apply/apply-observer.js';
import { createJsonEventsObserver } from '../../src/apply/json-events-observer.js';
import type { ApplyResult, OperationOutcome } from '../../src/model/apply-result.js';
import { FakeClock } from './fake-clock.js';
import { anOperation, aPlan } from './plan-builders.js';
import { runEngine, textSink } from './run-engine.js';
import { failure, ScriptedStore } from './scripted-store.js';

describe('JSON-lines events observer', () => {
  it('writes one parseable event per line for the whole run', async () => {
    const clock = new FakeClock();
    const out = textSink();
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

describe('JSON-lines events, one by one', () => {
  const operation = anOperation({ id: 'a', add: ['E3'], remove: ['E1'] });
  const cause = { status: 503, code: 'ServiceUnavailable', message: 'try again', requestId: 'req-1' };
  const outcome: OperationOutcome = { operationId: 'user:a', principal: operation.principal, phase: 'swap', status: 'applied', attempts: 2 };
  const ended: ApplyResult = { outcomes: [outcome], interrupted: false, elapsedMs: 1200, counts: { applied: 1, failed: 0, skipped: 0 } };
  const verification = { counts: { verified: 1, 'not-yet-visible': 0, lost: 0, unchecked: 0 }, reads: 1, elapsedMs: 40 };

  // A consumer of `--format json` reads these fields by name: each event carries exactly
  // them, and a field that has no value is null rather than missing.
  it.each<[string, (observer: ApplyObserver) => void, Record<string, unknown>]>([
    ['run-start, paced', (o) => o.onRunStart?.({ runId: 'r', total: 1, phases: { release: 0, update: 0, swap: 1, acquire: 0 }, startedAt: 0, targetRate: 20 }),
      { event: 'run-start', formatVersion: 1, runId: 'r', total: 1, phases: { release: 0, update: 0, swap: 1, acquire: 0 }, targetWritesPerSecond: 20 }],
    ['operation-start', (o) => o.onStart?.({ operation, attempt: 2, addSkuIds: ['sku-E3'], removeSkuIds: [] }),
      { event: 'operation-start', operationId: 'user:a', principal: operation.principal, phase: 'swap', attempt: 2, addSkuIds: ['sku-E3'], removeSkuIds: [] }],
    ['retry', (o) => o.onRetry?.({ operation, attempt: 1, delayMs: 2000, cause }), { event: 'retry', operationId: 'user:a', attempt: 1, delayMs: 2000, cause }],
    ['pause', (o) => o.onPause?.({ delayMs: 1500, until: Date.UTC(2026, 0, 1, 0, 0, 1, 500), cause }), { event: 'pause', delayMs: 1500, until: '2026-01-01T00:00:01.500Z', cause }],
    ['result', (o) => o.onResult?.(outcome), { event: 'result', outcome }],
    ['group-processing', (o) => o.onGroupProcessing?.(outcome), { event: 'group-processing', outcome }],
    ['verify', (o) => o.onVerify?.(outcome), { event: 'verify', outcome }],
    ['run-end, complete', (o) => o.onRunEnd?.(ended),
      { event: 'run-end', counts: ended.counts, interrupted: false, interruptReason: null, elapsedMs: 1200, verification: null, journalPath: null }],
    ['run-end, interrupted', (o) => o.onRunEnd?.({ ...ended, interrupted: true, interruptReason: 'SIGINT', verification, journalPath: '.skuform/journal.jsonl' }),
      { event: 'run-end', counts: ended.counts, interrupted: true, interruptReason: 'SIGINT', elapsedMs: 1200, verification, journalPath: '.skuform/journal.jsonl' }],
  ])('%s', (_name, report, expected) => {
    const out = textSink();
    report(createJsonEventsObserver(out, new FakeClock()));
    expect(out.chunks).toHaveLength(1);
    expect(out.chunks[0]?.endsWith('}\n')).toBe(true);
    expect(JSON.parse(out.chunks[0] ?? '')).toStrictEqual({ time: '2026-01-01T00:00:00.000Z', ...expected });
  });
});

describe('combineObservers', () => {
  const methods = ['onRunStart', 'onStart', 'onRetry', 'onPause', 'onResult', 'onGroupProcessing', 'onVerify', 'onRunEnd'] as const;

  it('forwards every event, the same object, to each observer in order', () => {
    const seen: [string, string, unknown][] = [];
    const tagging = (tag: string) => Object.fromEntries(methods.map((method) => [method, (event: unknown) => seen.push([tag, method, event])])) as ApplyObserver;
    const combined = combineObservers(tagging('a'), {}, tagging('b'));
    const events = Object.fromEntries(methods.map((method) => [method, { method }]));
    for (const method of methods) (combined[method] as (event: unknown) => void)(events[method]);
    expect(seen).toEqual(methods.flatMap((method) => [['a', method, { method }], ['b', method, { method }]]));
    for (const [, method, event] of seen) expect(event).toBe(events[method]);
  });
});
