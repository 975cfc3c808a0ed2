import { PRINCIPAL_MAPPINGS } from './config-schema.js';
import { YamlTape } from './yaml-tape.js';
import {
  atLineEnd, blockPlainEnd, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, DASH, DOUBLE_QUOTE, flowPlainEnd, HASH, isMappingEntry,
  isSequenceEntry, KeySet, keyColon, NEWLINE, nextLineStart, NOT_PLAIN_START, OPEN_BRACE, OPEN_BRACKET, OutOfSubset, outOfSubset,
  RETURN, SINGLE_QUOTE, skipSpaces, SPACE, typeOfPlain,
} from './yaml-scan-text.js';

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
    const at = skipSpaces(this.text, from);
    if (!atLineEnd(this.text, at)) {
      const value = this.inline(at, depth);
      this.afterInline(this.end);
      return value;
    }
    this.nextContentLine(nextLineStart(this.text, at));
    if (this.line < 0 || this.indent < indent) outOfSubset();
    if (isSequenceEntry(this.text, this.line)) return this.sequence(depth);
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
      const at = skipSpaces(this.text, dash + 1);
      if (at === dash + 1 || atLineEnd(this.text, at) || isSequenceEntry(this.text, at)) outOfSubset();
      if (isMappingEntry(this.text, at)) {
        items.push(this.mapping(at, column + (at - dash), depth + 1, true));
      } else {
        items.push(this.inline(at, depth + 1));
        this.afterInline(this.end);
      }
      if (this.line < 0 || this.indent < column || (this.indent === column && !isSequenceEntry(this.text, this.line))) break;
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
    return this.plain(at, blockPlainEnd(this.text, at));
  }

  private flowSequence(at: number, depth: number): unknown[] {
    this.checkDepth(depth);
    const slot = this.tape.append('seq', at, undefined);
    const items: unknown[] = [];
    for (let pos = this.flowFirst(at, CLOSE_BRACKET); pos >= 0; pos = this.flowNext(CLOSE_BRACKET)) {
      items.push(this.flowItem(pos, depth + 1, false));
    }
    this.tape.seal(slot, items);
    return items;
  }

  private flowMapping(at: number, depth: number): Record<string, unknown> {
    this.checkDepth(depth);
    const slot = this.tape.append('map', at, undefined);
    const value: Record<string, unknown> = {};
    const seen = new KeySet();
    for (let pos = this.flowFirst(at, CLOSE_BRACE); pos >= 0; pos = this.flowNext(CLOSE_BRACE)) {
      const name = this.key(pos, true);
      if (!seen.add(name)) outOfSubset();
      const start = skipSpaces(this.text, this.end + 1);
      if (start === this.end + 1) outOfSubset();
      value[name] = this.flowItem(start, depth + 1, true);
    }
    this.tape.seal(slot, value);
    return value;
  }

  /** Where the first item of the flow collection opened at `at` starts, or -1 when it is empty (`end` is then after `close`). */
  private flowFirst(at: number, close: number): number {
    const pos = skipSpaces(this.text, at + 1);
    return this.flowClosed(pos, close) ? -1 : pos;
  }

  /** After an item (ending at `end`): where the next one starts, or -1 at `close` (`end` is then after it). */
  private flowNext(close: number): number {
    const pos = skipSpaces(this.text, this.end);
    if (this.flowClosed(pos, close)) return -1;
    if (this.text.charCodeAt(pos) !== COMMA) outOfSubset();
    return skipSpaces(this.text, pos + 1);
  }

  private flowClosed(pos: number, close: number): boolean {
    if (this.text.charCodeAt(pos) !== close) return false;
    this.end = pos + 1;
    return true;
  }

  /** An item of a flow collection: a flow sequence (in a mapping) or mapping (in a sequence), a quoted or a plain scalar. */
  private flowItem(at: number, depth: number, inMapping: boolean): unknown {
    const c = this.text.charCodeAt(at);
    if (inMapping && c === OPEN_BRACKET) return this.flowSequence(at, depth);
    if (!inMapping && c === OPEN_BRACE) return this.flowMapping(at, depth);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) return this.quoted(at);
    return this.plain(at, flowPlainEnd(this.text, at));
  }

  /** A mapping key at `at` as js-yaml names it; `end` is set to its colon (followed by a space, or the line's end). */
  private key(at: number, flow: boolean): string {
    const c = this.text.charCodeAt(at);
    const value = c === DOUBLE_QUOTE || c === SINGLE_QUOTE ? this.quoted(at) : this.plain(at, keyColon(this.text, at));
    const colon = this.end;
    if (this.text.charCodeAt(colon) !== COLON) outOfSubset();
    if (this.text.charCodeAt(colon + 1) !== SPACE && (flow || !atLineEnd(this.text, colon + 1))) outOfSubset();
    // js-yaml keys an object by the key's value as a string (`1_000:` is "1000").
    const name = typeof value === 'string' ? value : String(value);
    // js-yaml defines that one as an own property; an assignment would set the prototype.
    if (name === '__proto__') outOfSubset();
    this.end = colon;
    return name;
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

  /** After a one-line value: blanks, perhaps a comment, the line's end; then the next content line. */
  private afterInline(end: number): void {
    const at = skipSpaces(this.text, end);
    if (!atLineEnd(this.text, at)) outOfSubset();
    this.nextContentLine(nextLineStart(this.text, at));
  }

  /** Moves `line` and `indent` to the first line with content at or after the line starting at `from`. */
  private nextContentLine(from: number): void {
    const text = this.text;
    let start = from;
    while (start < text.length) {
      const at = skipSpaces(this.text, start);
      const c = text.charCodeAt(at);
      if (at < text.length && c !== NEWLINE && c !== RETURN && c !== HASH) {
        // A document marker or a directive starts something this scanner leaves to js-yaml.
        if (at === start && (c === 0x25 || ((c === DASH || c === 0x2e) && (text.startsWith('---', at) || text.startsWith('...', at))))) outOfSubset();
        this.line = at;
        this.indent = at - start;
        return;
      }
      start = nextLineStart(this.text, at);
    }
    this.line = -1;
  }

  /** js-yaml's tape gives up on any node deeper than the limit; a collection's scalars are one level below it. */
  private checkDepth(depth: number): void {
    if (depth >= this.maxDepth) outOfSubset();
  }
}

/** The value of a root principal mapping on a scanned tape: not built (see scanYamlTape). */
const PRINCIPALS_UNBUILT: Readonly<Record<string, never>> = Object.freeze({});

