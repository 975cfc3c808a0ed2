import { describe, expect, it } from 'vitest';
import { compareNames, compareSkuIds, compareText, sameIdSet, sameSortedIds, sortedUnique } from '../../src/plan/plan-context.js';

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

describe('sameIdSet', () => {
  it.each([
    [[], [], true],
    [['a'], [], false],
    [[], ['a'], false],
    [['a', 'b'], ['b', 'a'], true],
    [['a', 'a', 'b'], ['b', 'a'], true],
    [['a', 'b'], ['a', 'a'], false],
    [['a', 'b'], ['a', 'c'], false],
    [['a'], ['a', 'b'], false],
  ])('compares %j and %j as sets', (a, b, expected) => {
    expect(sameIdSet(a, b)).toBe(expected);
  });
});

/** -1, 0 or 1: the sign of a comparator's answer. */
const sign = (n: number): number => Math.sign(n) + 0;

describe('comparators', () => {
  it.each([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['B', 'a', -1],
  ])('compareText(%j, %j) has the sign %i (code units, not the locale)', (a, b, expected) => {
    expect(sign(compareText(a, b))).toBe(expected);
  });

  it.each([
    ['a', 'B', -1],
    ['B', 'a', 1],
    ['A', 'a', -1],
    ['a', 'A', 1],
    ['a', 'a', 0],
  ])('compareNames(%j, %j) has the sign %i (case-insensitive first, then as written)', (a, b, expected) => {
    expect(sign(compareNames(a, b))).toBe(expected);
  });

  it.each([
    [{ skuId: '2', skuPartNumber: 'a' }, { skuId: '1', skuPartNumber: 'B' }, -1],
    [{ skuId: '1', skuPartNumber: 'B' }, { skuId: '2', skuPartNumber: 'a' }, 1],
    [{ skuId: '1', skuPartNumber: 'SPE_E3' }, { skuId: '2', skuPartNumber: 'SPE_E3' }, -1],
    [{ skuId: '2', skuPartNumber: 'SPE_E3' }, { skuId: '1', skuPartNumber: 'SPE_E3' }, 1],
  ])('compareSkuIds(%j, %j) has the sign %i (part number, then id)', (a, b, expected) => {
    expect(sign(compareSkuIds(a, b))).toBe(expected);
  });
});
