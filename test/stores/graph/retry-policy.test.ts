import { describe, expect, it } from 'vitest';
import { computeBackoffMs, parseRetryAfter } from '../../../src/stores/graph/retry-policy.js';
import { sleepWithSignal } from '../../../src/stores/graph/sleep-with-signal.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['2', 2000],
    ['2.128', 2128],
    ['0.0001', 1],
    [' 10 ', 10_000],
    ['0', 0],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
  ])('reads %j as %d ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it.each([[undefined], [null], [''], ['-3'], ['soon'], ['1e3']])('ignores %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe('computeBackoffMs', () => {
  const options = { baseMs: 1000, maxMs: 8000 };
  it.each([
    [0, 0, 500],
    [0, 1, 1000],
    [1, 0, 1000],
    [2, 0.5, 3000],
    [3, 1, 8000],
    [10, 1, 8000],
    [10, 0, 4000],
  ])('attempt %d with random %d waits %d ms', (attempt, random, expected) => {
    expect(computeBackoffMs(attempt, options, () => random)).toBe(expected);
  });
});

describe('sleepWithSignal', () => {
  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const waiting = sleepWithSignal(3_600_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('refuses to start on an aborted signal', async () => {
    await expect(sleepWithSignal(3_600_000, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});
