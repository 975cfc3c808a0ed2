import { describe as suite, expect, it } from 'vitest';
import { describe } from '../../../src/stores/file/shape-checks.js';

// How a found value is named in a problem: by kind, with short text quoted whole and long text cut.
suite('describe', () => {
  it.each<[string, unknown, string]>([
    ['an absent value as nothing', undefined, 'nothing'],
    ['null', null, 'null'],
    ['an array', [1], 'an array'],
    ['an object', { a: 1 }, 'an object'],
    ['a number with its value', 7, 'number 7'],
    ['a string of 60 characters whole', 'a'.repeat(60), `the string "${'a'.repeat(60)}"`],
    ['a string of 61 characters cut to 57 and an ellipsis', 'b'.repeat(61), `the string "${'b'.repeat(57)}..."`],
  ])('names %s', (_name, value, text) => {
    expect(describe(value)).toBe(text);
  });
});
