/**
 * Byte-level helpers that find where JSON values end without building them, over a window
 * of a file (`bytes` valid up to `length`). A helper that reaches the end of the window
 * before it can tell returns {@link MORE}; the caller reads on and asks again. Values are
 * not checked here (JSON.parse does that); only strings and nesting are followed.
 */

/** The answer needs bytes beyond the window. */
export const MORE = -1;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;

/** Position of the first byte at or after `at` that is not JSON whitespace (`length` when none). */
export function skipBlanks(bytes: Uint8Array, at: number, length: number): number {
  let i = at;
  while (i < length) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/** End (one past the closing quote) of the string whose opening quote is at `at`. */
export function lexString(bytes: Uint8Array, at: number, length: number): number {
  for (let i = at + 1; i < length; i++) {
    const c = bytes[i];
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
  }
  return MORE;
}

/**
 * End of the value starting at `at`: a string, an object or array (followed through its
 * nesting), or a number or literal (up to the next delimiter).
 */
export function lexValue(bytes: Uint8Array, at: number, length: number): number {
  const first = bytes[at];
  if (first === QUOTE) return lexString(bytes, at, length);
  if (first === 0x7b || first === 0x5b) return lexNested(bytes, at, length);
  for (let i = at; i < length; i++) {
    const c = bytes[i];
    if (c === COMMA || c === 0x7d || c === CLOSE_BRACKET || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return i;
  }
  return MORE;
}

function lexNested(bytes: Uint8Array, at: number, length: number): number {
  let depth = 0;
  for (let i = at; i < length; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      const end = lexString(bytes, i, length);
      if (end === MORE) return MORE;
      i = end - 1;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
    } else if (c === 0x7d || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return MORE;
}

/**
 * A guessed end of a run of array elements starting at `start`: the first `closing` line
 * at least `runBytes` in, when blanks and then "," or "]" follow it (`last` for "]").
 * Undefined when no such line lies within `reach` bytes of the start; the caller then
 * lexes the run element by element.
 */
export function findRunEnd(
  bytes: Buffer,
  start: number,
  length: number,
  runBytes: number,
  closing: Buffer,
  reach = runBytes * 16,
): { end: number; last: boolean } | undefined | typeof MORE {
  const limit = start + reach;
  const found = bytes.subarray(0, Math.min(length, limit)).indexOf(closing, Math.min(start + runBytes, length));
  if (found < 0) return length < limit ? MORE : undefined;
  const end = found + closing.length;
  const next = skipBlanks(bytes, end, length);
  if (next >= length) return MORE;
  const after = bytes[next];
  if (after !== COMMA && after !== CLOSE_BRACKET) return undefined;
  return { end, last: after === CLOSE_BRACKET };
}
