/** Where and why a text is not JSON. `offset` is a UTF-16 index into the text. */
export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  message: string;
}

type Expect = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'after-value';

/**
 * Finds the first JSON syntax error in `text`, with its line and column. JSON.parse's own
 * messages differ between Node versions and often carry no position (or quote the whole
 * input), so a failed parse is located again by this small iterative scanner, which also
 * copes with hostile nesting depth. Returns undefined for valid JSON.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const stack: string[] = [];
  let expect: Expect = 'value';
  let i = skipWhitespace(text, 0);
  const fail = (offset: number, message: string): JsonSyntaxProblem => ({ offset, ...toLineColumn(text, offset), message });
  for (;;) {
    if (expect === 'after-value') {
      i = skipWhitespace(text, i);
      const top = stack[stack.length - 1];
      if (top === undefined) return i < text.length ? fail(i, 'unexpected content after the JSON value') : undefined;
      const close = top === '{' ? '}' : ']';
      if (text[i] === ',') {
        expect = top === '{' ? 'key' : 'value';
        i = skipWhitespace(text, i + 1);
      } else if (text[i] === close) {
        stack.pop();
        i += 1;
      } else {
        return fail(i, i >= text.length ? 'unexpected end of file' : `expected ',' or '${close}', found ${describeChar(text, i)}`);
      }
      continue;
    }
    if (expect === 'key' || expect === 'key-or-end') {
      if (expect === 'key-or-end' && text[i] === '}') {
        stack.pop();
        i += 1;
        expect = 'after-value';
        continue;
      }
      if (text[i] !== '"') return fail(i, `expected a property name in double quotes, found ${describeChar(text, i)}`);
      const end = scanString(text, i);
      if (typeof end !== 'number') return fail(end.offset, end.message);
      i = skipWhitespace(text, end);
      if (text[i] !== ':') return fail(i, `expected ':' after the property name, found ${describeChar(text, i)}`);
      i = skipWhitespace(text, i + 1);
      expect = 'value';
      continue;
    }
    if (expect === 'value-or-end' && text[i] === ']') {
      stack.pop();
      i += 1;
      expect = 'after-value';
      continue;
    }
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      stack.push(ch);
      i = skipWhitespace(text, i + 1);
      expect = ch === '{' ? 'key-or-end' : 'value-or-end';
      continue;
    }
    const end = ch === '"' ? scanString(text, i) : scanScalar(text, i);
    if (typeof end !== 'number') return fail(end.offset, end.message);
    i = end;
    expect = 'after-value';
  }
}

type ScanFailure = { offset: number; message: string };

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
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

function describeChar(text: string, offset: number): string {
  const ch = text[offset];
  if (ch === undefined) return 'the end of the file';
  const code = ch.charCodeAt(0);
  return code < 0x20 || code > 0x7e ? `character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${ch}'`;
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
