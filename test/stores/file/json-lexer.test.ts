import { describe, expect, it } from 'vitest';
import { findRunEnd, lexString, lexValue, MORE, skipBlanks } from '../../../src/stores/file/json-lexer.js';

/**
 * A window over `text`: its bytes valid up to `length`, followed by `beyond`, which stands for
 * what a reused buffer still holds from earlier reads and must never be looked at.
 */
function windowOf(text: string, beyond = ''): { bytes: Buffer; length: number } {
  return { bytes: Buffer.from(text + beyond), length: Buffer.byteLength(text) };
}

describe('skipBlanks', () => {
  it.each([
    ['each of the four JSON blanks', ' \n\r\tx', 0, 4],
    ['nothing when the byte is not blank', 'x ', 0, 0],
    ['from the given position on', 'a  b', 1, 3],
    ['a form feed, which JSON does not count as blank', '\fx', 0, 0],
    ['a non-breaking space, which JSON does not count as blank', '\u00a0x', 0, 0],
  ])('skips %s', (_name, text, at, expected) => {
    const { bytes, length } = windowOf(text);
    expect(skipBlanks(bytes, at, length)).toBe(expected);
  });

  it('stops at the end of the window, whatever the buffer holds after it', () => {
    const { bytes, length } = windowOf('  ', '   x');
    expect(skipBlanks(bytes, 0, length)).toBe(2);
  });
});

describe('lexString', () => {
  it.each([
    ['a plain string', '"abc", 1', 0, 5],
    ['a string that does not start the window', 'xx"a"', 2, 5],
    ['an empty string', '""', 0, 2],
    ['an escaped quote', '"a\\"b"', 0, 6],
    ['an escaped backslash before the closing quote', '"a\\\\"b', 0, 5],
    ['braces, brackets and commas as plain text', '"},{]"', 0, 6],
    ['multi-byte UTF-8 and a surrogate pair', '"é✓😀"', 0, 11],
  ])('ends %s one past its closing quote', (_name, text, at, expected) => {
    const { bytes, length } = windowOf(text);
    expect(lexString(bytes, at, length)).toBe(expected);
  });

  it.each([
    ['no closing quote yet', '"abc'],
    ['the window ending inside an escape', '"abc\\'],
    ['only an escaped quote before the end', '"abc\\"'],
  ])('needs more of the file with %s', (_name, text) => {
    const { bytes, length } = windowOf(text);
    expect(lexString(bytes, 0, length)).toBe(MORE);
  });

  it('does not take a quote after the end of the window as the closing one', () => {
    const { bytes, length } = windowOf('"abc', '"');
    expect(lexString(bytes, 0, length)).toBe(MORE);
  });
});

describe('lexValue', () => {
  it.each([
    ['a string', '"a,b"  ', 0, 5],
    ['an object, through nested containers', '{"a": [1, {"b": 2}]}, 3', 0, 20],
    ['an array, through nested containers', '[[1], {"a": [2]}], 3', 0, 17],
    ['an object whose strings hold closing brackets and quotes', '{"a": "}]\\"}"}', 0, 14],
    ['an array whose strings hold closing brackets', '["]", "}"]]', 0, 10],
    ['an empty object', '{}]', 0, 2],
    ['an empty array', '[],', 0, 2],
    ['a nested value that does not start the window', '[1, {"a": 1}]', 4, 12],
    ['a number before a comma', '123,', 0, 3],
    ['a number before a closing brace', '123}', 0, 3],
    ['a number before a closing bracket', '123]', 0, 3],
    ['a number before a space', '123 ', 0, 3],
    ['a number before a line feed', '123\n', 0, 3],
    ['a number before a carriage return', '123\r', 0, 3],
    ['a number before a tab', '123\t', 0, 3],
    ['a literal that does not start the window', '[true, null]', 7, 11],
  ])('ends %s', (_name, text, at, expected) => {
    const { bytes, length } = windowOf(text);
    expect(lexValue(bytes, at, length)).toBe(expected);
  });

  it.each([
    ['a string', '"abc'],
    ['an object', '{"a": 1'],
    ['an array', '[1, [2]'],
    ['an object cut inside a string', '{"a": "}'],
    ['a number with nothing after it', '123'],
    ['a literal with nothing after it', 'true'],
  ])('needs more of the file to end %s', (_name, text) => {
    const { bytes, length } = windowOf(text);
    expect(lexValue(bytes, 0, length)).toBe(MORE);
  });

  it.each([
    ['a number', '123', ',5'],
    ['an object', '{"a": 1', '}'],
    ['an array', '[1', ']'],
  ])('does not end %s at a delimiter after the end of the window', (_name, text, beyond) => {
    const { bytes, length } = windowOf(text, beyond);
    expect(lexValue(bytes, 0, length)).toBe(MORE);
  });
});

describe('findRunEnd', () => {
  const closing = Buffer.from('\n  }');

  /** findRunEnd over the whole of `text` as the window. */
  function runEnd(text: string, start: number, runBytes: number, reach?: number, beyond = ''): ReturnType<typeof findRunEnd> {
    const { bytes, length } = windowOf(text, beyond);
    return reach === undefined ? findRunEnd(bytes, start, length, runBytes, closing) : findRunEnd(bytes, start, length, runBytes, closing, reach);
  }

  it.each([
    ['a closing line followed by a comma', '[\n  {"a": 1\n  },\n  {"b": 2\n  }\n]', 1, 1, { end: 15, last: false }],
    ['a closing line followed by blanks and the end of the array', '[\n  {"a": 1\n  } \n ]', 1, 1, { end: 15, last: true }],
    ['the first closing line at least runBytes in, not an earlier one', '[\n  {"a": 1\n  },\n  {"b": 2\n  },\n  {"c": 3\n  }\n]', 1, 16, { end: 30, last: false }],
    ['a closing line exactly runBytes in', '[\n  {"a": 1\n  },\n  {"b": 2\n  }\n]', 1, 10, { end: 15, last: false }],
    ['a closing line within the default reach of sixteen runs', `[\n  {"a": "${'x'.repeat(40)}"\n  },\n  {}]`, 1, 4, { end: 56, last: false }],
    ['a closing line that ends exactly at the reach', '[\n  {"a": 1\n  },\n  {}]', 1, 1, { end: 15, last: false }, 14],
    ['a closing line at the very start of the window when runBytes is 0', '\n  },\n  {}]', 0, 0, { end: 4, last: false }, 8],
  ])('ends a run at %s', (_name, text, start, runBytes, expected, reach?: number) => {
    expect(runEnd(text, start, runBytes, reach)).toEqual(expected);
  });

  it.each([
    ['a closing line followed by another element', '[\n  {"a": 1\n  }\n  {"b": 2\n  }]', 1, 1],
    ['a closing line followed by a colon (an inner object)', '{\n  {"a": 1\n  }: 2, "x": 1}', 1, 1],
    ['no closing line within the reach, the window holding more than the reach', '[\n  {"a": 1\n  },\n  {}]', 1, 1, 13],
    ['no closing line within the reach, the window holding exactly the reach', '[\n  {"a": 1\n  ', 1, 1, 13],
    ['a closing line beyond the default reach', `[\n  {"a": "${'x'.repeat(80)}"\n  },\n  {}]`, 1, 4],
  ])('makes no guess for %s', (_name, text, start, runBytes, reach?: number) => {
    expect(runEnd(text, start, runBytes, reach)).toBeUndefined();
  });

  it.each([
    ['no closing line yet and the reach goes beyond the window', '[\n  {"a": 1\n', 1, 1],
    ['a closing line at the very end of the window', '[\n  {"a": 1\n  }', 1, 1],
    ['a closing line followed only by blanks', '[\n  {"a": 1\n  }  \n', 1, 1],
  ])('needs more of the file with %s', (_name, text, start, runBytes) => {
    expect(runEnd(text, start, runBytes)).toBe(MORE);
  });

  it('does not look past the end of the window for a closing line or what follows it', () => {
    expect(runEnd('[\n  {"a": 1', 1, 1, undefined, '\n  },')).toBe(MORE);
    expect(runEnd('[\n  {"a": 1\n  }', 1, 1, undefined, ',')).toBe(MORE);
  });
});
