import jsyaml from 'js-yaml';
import { PRINCIPAL_MAPPINGS } from './config-schema.js';
import { YamlTape } from './yaml-tape.js';

/**
 * The tape (see yaml-tape.ts) of a document written in the plain block style nearly every
 * config uses, read without js-yaml: block mappings and sequences, one-line flow sequences
 * and mappings, plain and simply quoted scalars, comments. Anything else (anchors, tags,
 * block scalars, multi-line scalars, escapes, tabs, empty values, keys written twice, a
 * second document) gives undefined, and js-yaml reads the document instead. Where it reads
 * a document, the tape is the one js-yaml's events give: the same nodes in the same order,
 * at the same offsets, with the same values (plain scalars are typed by js-yaml's own core
 * schema types); a test holds the two to that.
 *
 * Why: js-yaml builds the whole document as one object, and a mapping of 100,000 users as
 * an object in dictionary mode, slowly; the tape's reader only needs each principal's value.
 * The values of the root's principal mappings are therefore not built (an empty stand-in):
 * only readConformingFileConfig reads a scanned tape, and it takes each principal's own.
 */
export function scanYamlTape(text: string, maxDepth: number): YamlTape | undefined {
  try {
    return new Scanner(text, maxDepth).document();
  } catch (error) {
    if (error instanceof OutOfSubset) return undefined;
    throw error;
  }
}

class OutOfSubset extends Error {}

function outOfSubset(): never {
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

const SPACE = 0x20;
const NEWLINE = 0x0a;
const RETURN = 0x0d;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Characters that may not start a plain scalar here (YAML's indicators), or that this scanner leaves to js-yaml. */
const NOT_PLAIN_START = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE;
}

/**
 * Reads the document front to back. Small results travel in fields rather than objects
 * (this runs once per node of a file that may hold 100,000 principals): `end`, where the
 * last one-line value ended, and `line`/`indent`, the next line with content (-1 at the end).
 */
class Scanner {
  private readonly tape: YamlTape;
  private end = 0;
  private line = -1;
  private indent = 0;

  constructor(private readonly text: string, private readonly maxDepth: number) {
    this.tape = new YamlTape(text, maxDepth);
    if (text.includes('\t')) outOfSubset();
  }

  document(): YamlTape {
    this.nextContentLine(0);
    if (this.line < 0 || this.indent !== 0) outOfSubset();
    this.mapping(this.line, 0, 1, true, true);
    if (this.line >= 0) outOfSubset();
    return this.tape;
  }

  /**
   * A block mapping whose first key is at `at` (column `indent`; mid-line in a sequence
   * entry). Leaves `line` at the first content line after it. `build: false` leaves the
   * value unbuilt (see PRINCIPALS_UNBUILT).
   */
  private mapping(at: number, indent: number, depth: number, build: boolean, root = false): unknown {
    this.checkDepth(depth);
    const slot = this.tape.append('map', at, undefined);
    const value: Record<string, unknown> = build ? {} : PRINCIPALS_UNBUILT;
    const seen = new KeySet();
    let pos = at;
    for (;;) {
      const name = this.key(pos, false);
      if (!seen.add(name)) outOfSubset();
      const principals = root && (PRINCIPAL_MAPPINGS as readonly string[]).includes(name);
      const entry = this.entryValue(this.end + 1, indent, depth + 1, !principals);
      if (build) value[name] = entry;
      if (this.line < 0 || this.indent < indent) break;
      if (this.indent > indent) outOfSubset();
      pos = this.line;
    }
    this.tape.seal(slot, value);
    return value;
  }

  /** The value after a key's colon: on the same line, or a block below it. */
  private entryValue(from: number, indent: number, depth: number, build: boolean): unknown {
    const at = this.skipSpaces(from);
    if (!this.atLineEnd(at)) {
      const value = this.inline(at, depth);
      this.afterInline(this.end);
      return value;
    }
    this.nextContentLine(this.nextLineStart(at));
    if (this.line < 0 || this.indent < indent) outOfSubset();
    if (this.isSequenceEntry(this.line)) return this.sequence(depth);
    if (this.indent === indent) outOfSubset();
    return this.mapping(this.line, this.indent, depth, build);
  }

  /** A block sequence whose first entry's dash starts `line`. */
  private sequence(depth: number): unknown[] {
    this.checkDepth(depth);
    const column = this.indent;
    const slot = this.tape.append('seq', this.line, undefined);
    const items: unknown[] = [];
    for (;;) {
      const dash = this.line;
      const at = this.skipSpaces(dash + 1);
      if (at === dash + 1 || this.atLineEnd(at) || this.isSequenceEntry(at)) outOfSubset();
      if (this.isMappingEntry(at)) {
        items.push(this.mapping(at, column + (at - dash), depth + 1, true));
      } else {
        items.push(this.inline(at, depth + 1));
        this.afterInline(this.end);
      }
      if (this.line < 0 || this.indent < column || (this.indent === column && !this.isSequenceEntry(this.line))) break;
      if (this.indent > column) outOfSubset();
    }
    this.tape.seal(slot, items);
    return items;
  }

  /** A value written on one line: a flow collection, a quoted or a plain scalar; `end` is set after it. */
  private inline(at: number, depth: number): unknown {
    const c = this.text.charCodeAt(at);
    if (c === OPEN_BRACKET) return this.flowSequence(at, depth);
    if (c === OPEN_BRACE) return this.flowMapping(at, depth);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) return this.quoted(at);
    return this.plain(at, this.blockPlainEnd(at));
  }

  private flowSequence(at: number, depth: number): unknown[] {
    this.checkDepth(depth);
    const slot = this.tape.append('seq', at, undefined);
    const items: unknown[] = [];
    let pos = this.skipSpaces(at + 1);
    if (this.text.charCodeAt(pos) !== CLOSE_BRACKET) {
      for (;;) {
        items.push(this.flowItem(pos, depth + 1, false));
        pos = this.skipSpaces(this.end);
        if (this.text.charCodeAt(pos) === CLOSE_BRACKET) break;
        if (this.text.charCodeAt(pos) !== COMMA) outOfSubset();
        pos = this.skipSpaces(pos + 1);
      }
    }
    this.tape.seal(slot, items);
    this.end = pos + 1;
    return items;
  }

  private flowMapping(at: number, depth: number): Record<string, unknown> {
    this.checkDepth(depth);
    const slot = this.tape.append('map', at, undefined);
    const value: Record<string, unknown> = {};
    const seen = new KeySet();
    let pos = this.skipSpaces(at + 1);
    if (this.text.charCodeAt(pos) !== CLOSE_BRACE) {
      for (;;) {
        const name = this.key(pos, true);
        if (!seen.add(name)) outOfSubset();
        const start = this.skipSpaces(this.end + 1);
        if (start === this.end + 1) outOfSubset();
        value[name] = this.flowItem(start, depth + 1, true);
        pos = this.skipSpaces(this.end);
        if (this.text.charCodeAt(pos) === CLOSE_BRACE) break;
        if (this.text.charCodeAt(pos) !== COMMA) outOfSubset();
        pos = this.skipSpaces(pos + 1);
      }
    }
    this.tape.seal(slot, value);
    this.end = pos + 1;
    return value;
  }

  /** An item of a flow collection: a flow sequence (in a mapping) or mapping (in a sequence), a quoted or a plain scalar. */
  private flowItem(at: number, depth: number, inMapping: boolean): unknown {
    const c = this.text.charCodeAt(at);
    if (inMapping && c === OPEN_BRACKET) return this.flowSequence(at, depth);
    if (!inMapping && c === OPEN_BRACE) return this.flowMapping(at, depth);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) return this.quoted(at);
    return this.plain(at, this.flowPlainEnd(at));
  }

  /** A mapping key at `at` as js-yaml names it; `end` is set to its colon (followed by a space, or the line's end). */
  private key(at: number, flow: boolean): string {
    const c = this.text.charCodeAt(at);
    const value = c === DOUBLE_QUOTE || c === SINGLE_QUOTE ? this.quoted(at) : this.plain(at, this.keyColon(at));
    const colon = this.end;
    if (this.text.charCodeAt(colon) !== COLON) outOfSubset();
    if (this.text.charCodeAt(colon + 1) !== SPACE && (flow || !this.atLineEnd(colon + 1))) outOfSubset();
    // js-yaml keys an object by the key's value as a string (`1_000:` is "1000").
    const name = typeof value === 'string' ? value : String(value);
    // js-yaml defines that one as an own property; an assignment would set the prototype.
    if (name === '__proto__') outOfSubset();
    this.end = colon;
    return name;
  }

  /** Where a plain key ends: its colon, which must come before anything that would make it more than a simple key. */
  private keyColon(at: number): number {
    const text = this.text;
    for (let i = at; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === COLON) return i;
      if (c === NEWLINE || c === RETURN || c === HASH || isFlowIndicator(c)) outOfSubset();
    }
    return outOfSubset();
  }

  /** A plain scalar from `at` to `end`, typed as js-yaml types it; trailing blanks are not part of it. */
  private plain(at: number, end: number): unknown {
    if (NOT_PLAIN_START.has(this.text.charCodeAt(at))) outOfSubset();
    let last = end;
    while (last > at && this.text.charCodeAt(last - 1) === SPACE) last--;
    if (last === at) outOfSubset();
    const value = typeOfPlain(this.text.slice(at, last));
    this.tape.append('scalar', at, value);
    this.end = end;
    return value;
  }

  /** A single- or double-quoted scalar on one line (double-quoted without escapes). */
  private quoted(at: number): string {
    const quote = this.text.charCodeAt(at);
    let value = '';
    let from = at + 1;
    for (;;) {
      const close = this.text.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", from);
      const line = this.text.indexOf('\n', from);
      if (close < 0 || (line >= 0 && line < close)) outOfSubset();
      value += this.text.slice(from, close);
      if (quote === DOUBLE_QUOTE && value.includes('\\')) outOfSubset();
      // In single quotes, '' is one quote.
      if (quote === SINGLE_QUOTE && this.text.charCodeAt(close + 1) === SINGLE_QUOTE) {
        value += "'";
        from = close + 2;
        continue;
      }
      this.tape.append('scalar', at, value);
      this.end = close + 1;
      return value;
    }
  }

  /** End of a plain scalar in block context: the line's end or a comment; a colon and space would make it a key. */
  private blockPlainEnd(at: number): number {
    const text = this.text;
    for (let i = at; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE || c === RETURN) return i;
      if (c === HASH && text.charCodeAt(i - 1) === SPACE) return i;
      if (c === COLON && (this.atLineEnd(i + 1) || text.charCodeAt(i + 1) === SPACE)) outOfSubset();
    }
    return text.length;
  }

  /** End of a plain scalar in a flow collection: a comma or a closing bracket; other indicators are left to js-yaml. */
  private flowPlainEnd(at: number): number {
    const text = this.text;
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

  /** After a one-line value: blanks, perhaps a comment, the line's end; then the next content line. */
  private afterInline(end: number): void {
    const at = this.skipSpaces(end);
    if (!this.atLineEnd(at)) outOfSubset();
    this.nextContentLine(this.nextLineStart(at));
  }

  /** Moves `line` and `indent` to the first line with content at or after the line starting at `from`. */
  private nextContentLine(from: number): void {
    const text = this.text;
    let start = from;
    while (start < text.length) {
      const at = this.skipSpaces(start);
      const c = text.charCodeAt(at);
      if (at < text.length && c !== NEWLINE && c !== RETURN && c !== HASH) {
        // A document marker or a directive starts something this scanner leaves to js-yaml.
        if (at === start && (c === 0x25 || ((c === DASH || c === 0x2e) && (text.startsWith('---', at) || text.startsWith('...', at))))) outOfSubset();
        this.line = at;
        this.indent = at - start;
        return;
      }
      start = this.nextLineStart(at);
    }
    this.line = -1;
  }

  /** True at the end of a line's content: the line's end, or a comment after a blank. */
  private atLineEnd(at: number): boolean {
    if (at >= this.text.length) return true;
    const c = this.text.charCodeAt(at);
    if (c === NEWLINE) return true;
    if (c === RETURN) return this.text.charCodeAt(at + 1) === NEWLINE || outOfSubset();
    return c === HASH && (at === 0 || this.text.charCodeAt(at - 1) === SPACE);
  }

  private nextLineStart(at: number): number {
    const line = this.text.indexOf('\n', at);
    return line < 0 ? this.text.length : line + 1;
  }

  private skipSpaces(at: number): number {
    let i = at;
    while (this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  private isSequenceEntry(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && (this.text.charCodeAt(at + 1) === SPACE || this.atLineEnd(at + 1));
  }

  /** Whether a mapping entry (`key: ...`) starts at `at`, as opposed to a scalar or flow value. */
  private isMappingEntry(at: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === OPEN_BRACKET || c === OPEN_BRACE) return false;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const close = text.indexOf(String.fromCharCode(c), at + 1);
      return close > 0 && text.charCodeAt(close + 1) === COLON;
    }
    for (let i = at; i < text.length; i++) {
      const d = text.charCodeAt(i);
      if (d === NEWLINE || d === RETURN || (d === HASH && text.charCodeAt(i - 1) === SPACE)) return false;
      if (d === COLON && (text.charCodeAt(i + 1) === SPACE || this.atLineEnd(i + 1))) return true;
    }
    return false;
  }

  /** js-yaml's tape gives up on any node deeper than the limit; a collection's scalars are one level below it. */
  private checkDepth(depth: number): void {
    if (depth >= this.maxDepth) outOfSubset();
  }
}

/** The keys of one mapping: a list while few (most mappings have one or two), a set beyond. */
class KeySet {
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

/** The value of a root principal mapping on a scanned tape: not built (see scanYamlTape). */
const PRINCIPALS_UNBUILT: Readonly<Record<string, never>> = Object.freeze({});

/** A plain scalar's value as js-yaml's core schema gives it; most are plain text, told apart by the first character. */
function typeOfPlain(source: string): unknown {
  const first = source.charCodeAt(0);
  const letter = (first >= 0x61 && first <= 0x7a) || (first >= 0x41 && first <= 0x5a);
  // null, true/false and numbers start with one of these (~, n, t, f, a digit, a sign or a dot).
  if (letter && !'nNtTfF'.includes(source[0] as string)) return source;
  if (first >= 0x80) return source;
  for (const type of IMPLICIT_TYPES) if (type.resolve(source)) return type.construct(source);
  return source;
}
