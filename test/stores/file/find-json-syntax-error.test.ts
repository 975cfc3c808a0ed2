import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../../src/stores/file/find-json-syntax-error.js';

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a": 1, "b": [true, false, null, -1.5e3, "x\\u00e9\\n"]}'],
    ['  [ ]  '],
    ['"just a string"'],
    ['{}'],
  ])('finds nothing wrong in %s', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    ['{"a" 1}', 1, 6, "expected ':' after the property name, found '1'"],
    ['{"a": 1,}', 1, 9, "expected a property name in double quotes, found '}'"],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, "expected ',' or '}', found '\"'"],
    ['[1, 2', 1, 6, 'unexpected end of file'],
    ['{"a": "x\ny"}', 1, 9, 'control character inside a string (use an escape such as \\n)'],
    ['{"a": "\\q"}', 1, 8, 'invalid escape in a string'],
    ['{"a": "abc', 1, 7, 'unterminated string'],
    ['{"a": tru}', 1, 7, "expected a value, found 't'"],
    ['{"a": 01}', 1, 8, "expected ',' or '}', found '1'"],
    ['{"a": 1} {}', 1, 10, 'unexpected content after the JSON value'],
    ["{'a': 1}", 1, 2, "expected a property name in double quotes, found '''"],
  ])('locates the error in %j', (text, line, column, message) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxError(text)).toMatchObject({ line, column, message });
  });

  it('survives hostile nesting depth', () => {
    const text = '['.repeat(200_000);
    expect(findJsonSyntaxError(text)).toMatchObject({ line: 1, column: 200_001, message: 'unexpected end of file' });
  });
});
