/** Where and why a text is not JSON. `offset` is a UTF-16 index into the text. */
export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  message: string;
}

type Expect = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'after-value';

/** The scanner's position: what it expects next and the open containers. */
interface Cursor {
  text: string;
  i: number;
  expect: Expect;
  stack: string[];
}

type ScanFailure = { offset: number; message: string };

/**
 * Finds the first JSON syntax error in `text`, with its line and column. JSON.parse's own
 * messages differ between Node versions and often carry no position (or quote the whole
 * input), so a failed parse is located again by this small iterative scanner, which also
 * copes with hostile nesting depth. Returns undefined for valid JSON.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const cursor: Cursor = { text, i: skipWhitespace(text, 0), expect: 'value', stack: [] };
  for (;;) {
    const outcome = step(cursor);
    if (outcome === 'done') return undefined;
    if (outcome !== undefined) return { offset: outcome.offset, ...toLineColumn(text, outcome.offset), message: outcome.message };
  }
}

function step(cursor: Cursor): ScanFailure | 'done' | undefined {
  switch (cursor.expect) {
    case 'after-value':
      return stepAfterValue(cursor);
    case 'key':
    case 'key-or-end':
      return stepKey(cursor);
    case 'value':
    case 'value-or-end':
      return stepValue(cursor);
  }
}

function stepAfterValue(cursor: Cursor): ScanFailure | 'done' | undefined {
  const { text } = cursor;
  const i = skipWhitespace(text, cursor.i);
  const top = cursor.stack[cursor.stack.length - 1];
  if (top === undefined) return i < text.length ? { offset: i, message: 'unexpected content after the JSON value' } : 'done';
  const close = top === '{' ? '}' : ']';
  if (text[i] === ',') {
    cursor.expect = top === '{' ? 'key' : 'value';
    cursor.i = skipWhitespace(text, i + 1);
    return undefined;
  }
  if (text[i] === close) {
    cursor.stack.pop();
    cursor.i = i + 1;
    return undefined;
  }
  return { offset: i, message: i >= text.length ? 'unexpected end of file' : `expected ',' or '${close}', found ${describeChar(text, i)}` };
}

function stepKey(cursor: Cursor): ScanFailure | undefined {
  const { text, i } = cursor;
  if (cursor.expect === 'key-or-end' && text[i] === '}') return closeContainer(cursor);
  if (text[i] !== '"') return { offset: i, message: `expected a property name in double quotes, found ${describeChar(text, i)}` };
  const end = scanString(text, i);
  if (typeof end !== 'number') return end;
  const colon = skipWhitespace(text, end);
  if (text[colon] !== ':') return { offset: colon, message: `expected ':' after the property name, found ${describeChar(text, colon)}` };
  cursor.i = skipWhitespace(text, colon + 1);
  cursor.expect = 'value';
  return undefined;
}

function stepValue(cursor: Cursor): ScanFailure | undefined {
  const { text, i } = cursor;
  if (cursor.expect === 'value-or-end' && text[i] === ']') return closeContainer(cursor);
  const ch = text[i];
  if (ch === '{' || ch === '[') {
    cursor.stack.push(ch);
    cursor.i = skipWhitespace(text, i + 1);
    cursor.expect = ch === '{' ? 'key-or-end' : 'value-or-end';
    return undefined;
  }
  const end = ch === '"' ? scanString(text, i) : scanScalar(text, i);
  if (typeof end !== 'number') return end;
  cursor.i = end;
  cursor.expect = 'after-value';
  return undefined;
}

function closeContainer(cursor: Cursor): undefined {
  cursor.stack.pop();
  cursor.i += 1;
  cursor.expect = 'after-value';
  return undefined;
}

function scanString(text: string, start: number): number | ScanFailure {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { offset: i, message: 'control character inside a string (use an escape such as \\n)' };
    if (code === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: 'invalid \\u escape in a string' };
        i += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
        i += 1;
      } else {
        return { offset: i, message: 'invalid escape in a string' };
      }
    }
  }
  return { offset: start, message: 'unterminated string' };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scanScalar(text: string, start: number): number | ScanFailure {
  if (start >= text.length) return { offset: start, message: 'unexpected end of file' };
  for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, start)) return start + literal.length;
  NUMBER.lastIndex = start;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  return { offset: start, message: `expected a value, found ${describeChar(text, start)}` };
}

function skipWhitespace(text: string, start: number): number {
  let i = start;
  // Past the end text[i] is undefined, no blank, so the loop stops there without a bound.
  while (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t') i++;
  return i;
}

function describeChar(text: string, offset: number): string {
  // The whole code point: a character outside the first 65,536 is two UTF-16 units here.
  const code = text.codePointAt(offset);
  if (code === undefined) return 'the end of the file';
  return code < 0x20 || code > 0x7e ? `character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${text[offset]}'`;
}

function toLineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
