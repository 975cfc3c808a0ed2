import { describe, expect, it } from 'vitest';
import { classifyFailure, computeBackoffMs, computeRetryDelayMs, DEFAULT_RETRY_POLICY } from '../../src/apply/retry-policy.js';
import { failure } from './scripted-store.js';

const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 8000 };

describe('retry policy', () => {
  it.each([
    [429, 'TooManyRequests', 'Please retry again later.', 'throttled'],
    [503, 'serviceNotAvailable', 'unavailable', 'transient'],
    [504, 'GatewayTimeout', 'timeout', 'transient'],
    [500, 'UnknownError', 'oops', 'transient'],
    [0, 'NetworkError', 'socket hang up', 'transient'],
    [400, 'Request_BadRequest', 'User does not have a corresponding license.', 'already-removed'],
    // The text alone is not enough: only a 400 means the license was not there to remove.
    [503, 'serviceNotAvailable', 'User does not have a corresponding license.', 'transient'],
    [403, 'Authorization_RequestDenied', 'User does not have a corresponding license.', 'permanent'],
    [400, 'Request_BadRequest', 'License assignment cannot be done for user with invalid usage location.', 'permanent'],
    [403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', 'permanent'],
    [404, 'Request_ResourceNotFound', "Resource 'x' does not exist", 'permanent'],
  ])('classifies %i %s', (status, code, message, expected) => {
    expect(classifyFailure(failure(status, code, message), policy)).toBe(expected);
  });

  it('doubles the backoff per attempt, caps it, and jitters only the upper half', () => {
    const low = [1, 2, 3, 4, 5, 30].map((attempt) => computeBackoffMs(attempt, policy, () => 0));
    const high = [1, 2, 3, 4, 5, 30].map((attempt) => computeBackoffMs(attempt, policy, () => 0.999999));
    expect(low).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    expect(high.map(Math.round)).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('prefers the server Retry-After, fractional milliseconds included, over the backoff', () => {
    expect(computeRetryDelayMs(failure(429, 'TooManyRequests', 'slow down', 2128), 1, policy, () => 0)).toBe(2128);
    expect(computeRetryDelayMs(failure(503, 'serviceNotAvailable', 'busy', 0), 3, policy, () => 0)).toBe(0);
    expect(computeRetryDelayMs(failure(503, 'serviceNotAvailable', 'busy'), 3, policy, () => 0)).toBe(2000);
  });

  // A store may pass on whatever the server sent; a delay that is no time to wait gives way to the backoff.
  it.each([-1, -2128, Number.NaN, Number.POSITIVE_INFINITY])('backs off instead of waiting a Retry-After of %d ms', (retryAfterMs) => {
    expect(computeRetryDelayMs(failure(429, 'TooManyRequests', 'slow down', retryAfterMs), 3, policy, () => 0)).toBe(2000);
  });
});
