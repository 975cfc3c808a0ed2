import { describe as suite, expect, it } from 'vitest';
import { describe } from '../../../src/stores/file/shape-checks.js';

// How a found value is named in a problem: by kind (long text is cut; see the tenant-file validation tests).
suite('describe', () => {
  it.each<[string, unknown, string]>([
    ['an absent value as nothing', undefined, 'nothing'],
    ['null', null, 'null'],
    ['an array', [1], 'an array'],
    ['an object', { a: 1 }, 'an object'],
    ['a number with its value', 7, 'number 7'],
    ['a short string quoted', 'x', 'the string "x"'],
  ])('names %s', (_name, value, text) => {
    expect(describe(value)).toBe(text);
  });
});
