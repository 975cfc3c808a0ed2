import { describe, expect, it } from 'vitest';
import { sameSortedIds, sortedUnique } from '../../src/plan/plan-context.js';

describe('sortedUnique', () => {
  it.each([
    [[], []],
    [['b'], ['b']],
    [['a', 'b', 'c'], ['a', 'b', 'c']],
    [['c', 'a', 'b'], ['a', 'b', 'c']],
    [['b', 'a', 'b', 'a'], ['a', 'b']],
    [['a', 'a'], ['a']],
    [['B', 'a'], ['B', 'a']],
  ])('sorts and de-duplicates %j', (ids, expected) => {
    expect(sortedUnique(ids)).toEqual(expected);
  });

  it('returns a list that already is sorted and unique as it is, and never changes its input', () => {
    const sorted = ['a', 'b'];
    expect(sortedUnique(sorted)).toBe(sorted);
    const unsorted = ['b', 'a', 'a'];
    expect(sortedUnique(unsorted)).not.toBe(unsorted);
    expect(unsorted).toEqual(['b', 'a', 'a']);
  });
});

describe('sameSortedIds', () => {
  it.each([
    [[], [], true],
    [['a'], ['a'], true],
    [['a', 'b'], ['a', 'b'], true],
    [['a'], [], false],
    [['a', 'b'], ['a', 'c'], false],
    [['a', 'b'], ['a'], false],
  ])('compares %j and %j', (a, b, expected) => {
    expect(sameSortedIds(a, b)).toBe(expected);
  });
});
