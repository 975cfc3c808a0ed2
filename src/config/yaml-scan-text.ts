import jsyaml from 'js-yaml';

/**
 * The text-level pieces of scanYamlTape: character classes, where scalars and lines end,
 * and how plain scalars are typed. Positions are offsets into the document's text.
 */

/** The document is outside the subset the scanner reads; js-yaml reads it instead. */
export class OutOfSubset extends Error {}

export function outOfSubset(): never {
  throw new OutOfSubset();
}

/**
 * js-yaml's implicit types of the core schema, in the order it tries them on a plain scalar
 * (js-yaml exports them as `types`; its type declarations do not say so).
 */
const IMPLICIT_TYPES: readonly jsyaml.Type[] = (() => {
  const types = (jsyaml as unknown as { types?: Record<string, jsyaml.Type | undefined> }).types;
  const core = [types?.null, types?.bool, types?.int, types?.float];
  if (core.some((type) => type === undefined)) throw new Error('js-yaml no longer exports its core schema types');
  return core as jsyaml.Type[];
})();

export const SPACE = 0x20;
export const NEWLINE = 0x0a;
export const RETURN = 0x0d;
export const HASH = 0x23;
export const COLON = 0x3a;
export const DASH = 0x2d;
export const COMMA = 0x2c;
export const DOUBLE_QUOTE = 0x22;
export const SINGLE_QUOTE = 0x27;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;

/** Characters that may not start a plain scalar here (YAML's indicators), or that this scanner leaves to js-yaml. */
export const NOT_PLAIN_START = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE;
}


/** The keys of one mapping: a list while few (most mappings have one or two), a set beyond. */
export class KeySet {
  private few: string[] = [];
  private many: Set<string> | undefined;

  /** False when the key was there already. */
  add(key: string): boolean {
    if (this.many !== undefined) {
      if (this.many.has(key)) return false;
      this.many.add(key);
      return true;
    }
    if (this.few.includes(key)) return false;
    this.few.push(key);
    if (this.few.length > 8) this.many = new Set(this.few);
    return true;
  }
}


/** Where a plain key ends: its colon, which must come before anything that would make it more than a simple key. */
export function keyColon(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COLON) return i;
    if (c === NEWLINE || c === RETURN || c === HASH || isFlowIndicator(c)) outOfSubset();
  }
  return outOfSubset();
}

/** End of a plain scalar in block context: the line's end or a comment; a colon and space would make it a key. */
export function blockPlainEnd(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE || c === RETURN) return i;
    if (c === HASH && text.charCodeAt(i - 1) === SPACE) return i;
    if (c === COLON && (atLineEnd(text, i + 1) || text.charCodeAt(i + 1) === SPACE)) outOfSubset();
  }
  return text.length;
}

/** End of a plain scalar in a flow collection: a comma or a closing bracket; other indicators are left to js-yaml. */
export function flowPlainEnd(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE) return i;
    if (c === NEWLINE || c === RETURN || c === OPEN_BRACKET || c === OPEN_BRACE || c === HASH) outOfSubset();
    // A colon before a blank or the collection's punctuation would make the scalar a key.
    if (c === COLON) {
      const after = text.charCodeAt(i + 1);
      if (after === SPACE || after === COMMA || after === CLOSE_BRACKET || after === CLOSE_BRACE || Number.isNaN(after)) outOfSubset();
    }
  }
  return outOfSubset();
}

/** True at the end of a line's content: the line's end, or a comment after a blank. */
export function atLineEnd(text: string, at: number): boolean {
  if (at >= text.length) return true;
  const c = text.charCodeAt(at);
  if (c === NEWLINE) return true;
  if (c === RETURN) return text.charCodeAt(at + 1) === NEWLINE || outOfSubset();
  return c === HASH && (at === 0 || text.charCodeAt(at - 1) === SPACE);
}

export function nextLineStart(text: string, at: number): number {
  const line = text.indexOf('\n', at);
  return line < 0 ? text.length : line + 1;
}

export function skipSpaces(text: string, at: number): number {
  let i = at;
  while (text.charCodeAt(i) === SPACE) i++;
  return i;
}

export function isSequenceEntry(text: string, at: number): boolean {
  return text.charCodeAt(at) === DASH && (text.charCodeAt(at + 1) === SPACE || atLineEnd(text, at + 1));
}

/** Whether a mapping entry (`key: ...`) starts at `at`, as opposed to a scalar or flow value. */
export function isMappingEntry(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === OPEN_BRACKET || c === OPEN_BRACE) return false;
  if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
    const close = text.indexOf(String.fromCharCode(c), at + 1);
    return close > 0 && text.charCodeAt(close + 1) === COLON;
  }
  for (let i = at; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === NEWLINE || d === RETURN || (d === HASH && text.charCodeAt(i - 1) === SPACE)) return false;
    if (d === COLON && (text.charCodeAt(i + 1) === SPACE || atLineEnd(text, i + 1))) return true;
  }
  return false;
}

/** A plain scalar's value as js-yaml's core schema gives it; most are plain text, told apart by the first character. */
export function typeOfPlain(source: string): unknown {
  const first = source.charCodeAt(0);
  const letter = (first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a);
  // null, true/false and numbers start with one of these (~, n, t, f, a digit, a sign or a dot).
  if (letter && !'nNtTfF'.includes(source[0] as string)) return source;
  if (first >= 0x80) return source;
  for (const type of IMPLICIT_TYPES) if (type.resolve(source)) return type.construct(source);
  return source;
}
