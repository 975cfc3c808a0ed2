import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/model/plan.js';
import { withSource } from '../../src/plan/with-source.js';
import { aSource } from '../support/builders.js';

describe('withSource', () => {
  const check = (): Check => ({ code: 'account-disabled', severity: 'warning', message: 'is a disabled account' });

  // A check about a principal points at the config line that lists it, so annotations land there.
  it('adds the location when there is one', () => {
    expect(withSource(check(), aSource(7))).toStrictEqual({ ...check(), source: aSource(7) });
  });

  // No `source: undefined` key: a plan in memory has the same keys as its saved JSON form.
  it('adds no source key without a location', () => {
    expect(Object.keys(withSource(check(), undefined))).toEqual(['code', 'severity', 'message']);
  });
});
