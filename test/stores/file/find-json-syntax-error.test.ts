import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from '../../../src/stores/file/find-json-syntax-error.js';

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a": 1, "b": [true, false, null, -1.5e3, "x\\u00e9\\n"]}'],
    ['  [ ]  '],
    ['"just a string"'],
    ['{}'],
    ['{ "a" : 1 , "b" : [ ] , "c" : { } }'],
    ['\r\n\t[1]\r\n'],
    ['[true,false,null,"x",{"a":[]}]'],
    ['[[[]], {"a": {"b": []}}]'],
    ['["\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"]'],
    ['["\\u00e9", "\\uABCD", "\\u0000"]'],
    ['"a string with spaces, ✓, é and 😀"'],
    ['[0, -0, 7, 10, 100, 0.25, -1.5e3, 1e10, 1E5, 1e+5, 1e-5, 2.5E-10]'],
  ])('finds nothing wrong in %j', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    // Where a key or its colon should be.
    ['{"a" 1}', 5, 1, 6, "expected ':' after the property name, found '1'"],
    ['{"a": 1,}', 8, 1, 9, "expected a property name in double quotes, found '}'"],
    ['{"a": 1, 2}', 9, 1, 10, "expected a property name in double quotes, found '2'"],
    ["{'a': 1}", 1, 1, 2, "expected a property name in double quotes, found '''"],
    ['{', 1, 1, 2, 'expected a property name in double quotes, found the end of the file'],
    ['{"a"', 4, 1, 5, "expected ':' after the property name, found the end of the file"],
    ['{"a', 1, 1, 2, 'unterminated string'],
    // Between values.
    ['{\n  "a": 1\n  "b": 2\n}', 13, 3, 3, "expected ',' or '}', found '\"'"],
    ['{"a": 1]', 7, 1, 8, "expected ',' or '}', found ']'"],
    ['[1 2]', 3, 1, 4, "expected ',' or ']', found '2'"],
    ['[1}', 2, 1, 3, "expected ',' or ']', found '}'"],
    ['[1, 2', 5, 1, 6, 'unexpected end of file'],
    ['{"a": 1} {}', 9, 1, 10, 'unexpected content after the JSON value'],
    // Where a value should be.
    ['', 0, 1, 1, 'unexpected end of file'],
    [' \n ', 3, 2, 2, 'unexpected end of file'],
    ['{"a":', 5, 1, 6, 'unexpected end of file'],
    ['[1,]', 3, 1, 4, "expected a value, found ']'"],
    ['[1,\nx]', 4, 2, 1, "expected a value, found 'x'"],
    ['{"a": tru}', 6, 1, 7, "expected a value, found 't'"],
    ['[nul]', 1, 1, 2, "expected a value, found 'n'"],
    // Numbers JSON does not allow.
    ['{"a": 01}', 7, 1, 8, "expected ',' or '}', found '1'"],
    ['[-01]', 3, 1, 4, "expected ',' or ']', found '1'"],
    ['[-]', 1, 1, 2, "expected a value, found '-'"],
    ['[+1]', 1, 1, 2, "expected a value, found '+'"],
    ['[.5]', 1, 1, 2, "expected a value, found '.'"],
    ['[1.]', 2, 1, 3, "expected ',' or ']', found '.'"],
    ['[1e]', 2, 1, 3, "expected ',' or ']', found 'e'"],
    ['[1e+]', 2, 1, 3, "expected ',' or ']', found 'e'"],
    // Inside strings.
    ['{"a": "x\ny"}', 8, 1, 9, 'control character inside a string (use an escape such as \\n)'],
    ['["\u001f"]', 2, 1, 3, 'control character inside a string (use an escape such as \\n)'],
    ['{"a": "\\q"}', 7, 1, 8, 'invalid escape in a string'],
    ['["abc\\', 5, 1, 6, 'invalid escape in a string'],
    ['["\\u12"]', 2, 1, 3, 'invalid \\u escape in a string'],
    ['["\\u12G4"]', 2, 1, 3, 'invalid \\u escape in a string'],
    ['{"a": "abc', 6, 1, 7, 'unterminated string'],
  ])('locates the error in %j', (text, offset, line, column, message) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxError(text)).toEqual({ offset, line, column, message });
  });

  it.each([
    ['Windows line ends, the carriage return counting as the end of the line before', '{\r\n  "a": 1\r\n  "b": 2\r\n}', 15, 3, 3],
    ['a line feed as the first character', '\n[1 2]', 4, 2, 4],
    ['multi-byte characters, one column each', '["é✓", x]', 7, 1, 8],
    ['a surrogate pair, two columns like the rest of our positions', '["😀", x]', 7, 1, 8],
  ])('counts lines and columns with %s', (_name, text, offset, line, column) => {
    expect(findJsonSyntaxError(text)).toMatchObject({ offset, line, column });
  });

  it.each([
    ['a printable ASCII character quoted', '[1~]', "expected ',' or ']', found '~'"],
    ['a control character by its code point', '[1\u0001]', "expected ',' or ']', found character U+0001"],
    ['the delete character by its code point', '[1\u007f]', "expected ',' or ']', found character U+007F"],
    ['a non-ASCII character by its code point, in capitals', '[1é]', "expected ',' or ']', found character U+00E9"],
    ['a character beyond the first 65,536 by its own code point, not half of its surrogate pair', '[1😀]', "expected ',' or ']', found character U+1F600"],
  ])('names %s', (_name, text, message) => {
    expect(findJsonSyntaxError(text)?.message).toBe(message);
  });

  it('survives hostile nesting depth', () => {
    const text = '['.repeat(200_000);
    expect(findJsonSyntaxError(text)).toEqual({ offset: 200_000, line: 1, column: 200_001, message: 'unexpected end of file' });
  });
});
