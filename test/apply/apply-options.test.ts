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
});
