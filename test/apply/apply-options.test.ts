import { describe, expect, it } from 'vitest';
import { resolveApplyOptions, type ApplyOptions } from '../../src/apply/apply-options.js';
import { createMemoryJournal } from '../../src/apply/journal.js';

/** The engine refuses settings it cannot run with before it takes a lock or sends anything. */
const resolve = (options: Partial<ApplyOptions>) => resolveApplyOptions({ journal: createMemoryJournal(), ...options }, { maxBatchSize: 20, pacedWrites: false }, () => 'run-1');

describe('resolveApplyOptions', () => {
  it.each([0, -1, 1.5, Number.NaN])('refuses concurrency %s: it must be a positive whole number', (concurrency) => {
    expect(() => resolve({ concurrency })).toThrow(new RangeError(`concurrency must be a positive integer, got ${concurrency}`));
  });

  it('accepts one batch at a time', () => {
    expect(resolve({ concurrency: 1 }).concurrency).toBe(1);
  });

  it('refuses a retry policy that allows no attempt at all', () => {
    expect(() => resolve({ retry: { maxAttempts: 0 } })).toThrow(new RangeError('retry.maxAttempts must be at least 1'));
  });

  it('accepts a single attempt (no retries)', () => {
    expect(resolve({ retry: { maxAttempts: 1 } }).retry.maxAttempts).toBe(1);
  });

  it.each<[Partial<ApplyOptions>, string]>([
    [{ verify: { initialDelayMs: 0 } }, 'verify.initialDelayMs must be positive, got 0'],
    [{ verify: { maxDelayMs: 1000, initialDelayMs: 2000 } }, 'verify.maxDelayMs must be at least initialDelayMs, got 1000'],
    [{ verify: { maxWaitMs: -1 } }, 'verify.maxWaitMs must be 0 or more, got -1'],
    [{ groupProcessing: { initialDelayMs: Number.NaN } }, 'groupProcessing.initialDelayMs must be positive, got NaN'],
    [{ groupProcessing: { firstPollDelayMs: -5 } }, 'groupProcessing.firstPollDelayMs must be 0 or more, got -5'],
  ])('refuses waits that would re-read without pause or never start: %o', (options, message) => {
    expect(() => resolve(options)).toThrow(new RangeError(message));
  });

  it('accepts no wait at all, and equal first and longest delays', () => {
    const resolved = resolve({ verify: { maxWaitMs: 0, initialDelayMs: 500, maxDelayMs: 500 }, groupProcessing: { maxWaitMs: 0, firstPollDelayMs: 0 } });
    expect(resolved.verify).toEqual({ maxWaitMs: 0, initialDelayMs: 500, maxDelayMs: 500 });
    expect(resolved.groupProcessing.firstPollDelayMs).toBe(0);
  });
});
