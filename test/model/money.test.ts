import { describe, expect, it } from 'vitest';
import { formatMinorUnits, parseMinorUnits } from '../../src/model/money.js';

describe('money in minor units', () => {
  it.each([
    ['33.75', 2, 3375n], ['33.7', 2, 3370n], ['33', 2, 3300n], ['33.750', 2, 3375n], ['0', 2, 0n],
    ['1200', 0, 1200n], ['1200.00', 0, 1200n], ['1.250', 3, 1250n], ['0.001', 3, 1n], ['-57.00', 2, -5700n],
    ['123456789012345678.99', 2, 12345678901234567899n],
  ])('parses %s with %i decimals exactly', (text, digits, minor) => {
    expect(parseMinorUnits(text, digits)).toBe(minor);
  });

  it.each([['33.755', 2], ['1200.5', 0], ['1.2345', 3], ['abc', 2], ['1e3', 2], ['', 2], ['.5', 2]])('refuses %s with %i decimals', (text, digits) => {
    expect(parseMinorUnits(text, digits)).toBeUndefined();
  });

  it.each([[68400n, 2, '684.00'], [-5700n, 2, '-57.00'], [5n, 2, '0.05'], [1200n, 0, '1200'], [1250n, 3, '1.250'], [0n, 3, '0.000']])(
    'formats %s with %i decimals as %s', (minor, digits, text) => {
      expect(formatMinorUnits(minor, digits)).toBe(text);
    },
  );

  it('sums that floating point gets wrong stay exact', () => {
    // 0.1 + 0.2 in floating point is 0.30000000000000004.
    const sum = (parseMinorUnits('0.1', 2) ?? 0n) + (parseMinorUnits('0.2', 2) ?? 0n);
    expect(formatMinorUnits(sum, 2)).toBe('0.30');
    // Ten million seats at 33.70 is 337,000,000.00 exactly.
    expect(formatMinorUnits((parseMinorUnits('33.70', 2) ?? 0n) * 10_000_000n, 2)).toBe('337000000.00');
  });
});
