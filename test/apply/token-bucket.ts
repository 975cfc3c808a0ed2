import type { WriteFailure } from '../../src/model/store.js';
import { failure } from './scripted-store.js';

/**
 * A service-side token bucket for the ScriptedStore's `fault`: `ratePerSecond` tokens a
 * second, at most `burst` saved up; each write takes one, and a write that finds none is
 * answered 429 with the exact wait for the next token (Graph-style fractional Retry-After).
 */
export function tokenBucket(ratePerSecond: number, burst: number): (now: number) => WriteFailure | undefined {
  let tokens = burst;
  let at: number | undefined;
  return (now) => {
    tokens = Math.min(burst, tokens + ((now - (at ?? now)) / 1000) * ratePerSecond);
    at = now;
    if (tokens >= 1) {
      tokens -= 1;
      return undefined;
    }
    return failure(429, 'TooManyRequests', 'Please retry again later.', Math.ceil(((1 - tokens) / ratePerSecond) * 1000));
  };
}

/** A reproducible latency between `min` and `max` ms (a linear congruential generator). */
export function jitteredLatency(min: number, max: number, seed = 1): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return min + (state / 2_147_483_648) * (max - min);
  };
}
