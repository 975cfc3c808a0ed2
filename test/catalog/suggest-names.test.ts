import { describe, expect, it } from 'vitest';
import { editDistance, joinAlternatives, suggestNames } from '../../src/catalog/index.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0], ['abc', 'abc', 0], ['abc', '', 3], ['spe_e3', 'spe_e5', 1], ['sep_e3', 'spe_e3', 1], ['kitten', 'sitting', 3],
  ])('%s -> %s = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('suggestNames', () => {
  const names = ['SPE_E3', 'SPE_E5', 'POWER_BI_PRO', 'Microsoft 365 E3', 'VISIOCLIENT'];

  it.each([
    ['SPE_E9', ['SPE_E3', 'SPE_E5']],
    ['spe-e3', ['SPE_E3', 'SPE_E5']],
    ['POWERBI_PRO', ['POWER_BI_PRO']],
    ['Microsoft 365 E4', ['Microsoft 365 E3']],
    ['E3', ['SPE_E3', 'Microsoft 365 E3']],
    ['completely different', []],
    ['', []],
  ])('%s suggests %j', (query, expected) => {
    expect(suggestNames(query, names)).toEqual(expected);
  });

  it('returns at most the number asked for', () => {
    expect(suggestNames('SPE_E', ['SPE_E1', 'SPE_E2', 'SPE_E3', 'SPE_E4'], 2)).toEqual(['SPE_E1', 'SPE_E2']);
  });

  it('joins alternatives for a hint', () => {
    expect(joinAlternatives([])).toBe('');
    expect(joinAlternatives(['A'])).toBe('A');
    expect(joinAlternatives(['A', 'B', 'C'])).toBe('A, B or C');
  });
});

describe('editDistance with a limit', () => {
  it('gives the exact distance within the limit and limit + 1 beyond it', () => {
    const words = ['spe_e3', 'sep_e3', 'spe_e5', 'power_bi_pro', 'visioclient', 'abcdef', 'badcfe', 'x', ''];
    for (const a of words) {
      for (const b of words) {
        const exact = editDistance(a, b);
        for (const max of [0, 1, 2, 3]) expect(editDistance(a, b, max)).toBe(exact <= max ? exact : max + 1);
      }
    }
  });
});
