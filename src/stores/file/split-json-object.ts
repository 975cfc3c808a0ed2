import { constants } from 'node:buffer';
import type { FileHandle } from 'node:fs/promises';
import { ByteWindow } from './byte-window.js';
import { findJsonSyntaxError } from './find-json-syntax-error.js';
import { findRunEnd, lexString, lexValue, MORE, skipBlanks } from './json-lexer.js';

/** One top-level member of the object, or a run of the elements of one of its arrays. */
export interface JsonPiece {
  key: string;
  /** The member's value, or (with `elements`) the elements of the run. */
  value: unknown;
  /** True when `value` is a run of the member's array elements; runs come in order. */
  elements: boolean;
}

export interface SplitOptions {
  /** Top-level keys whose array values are handed out as runs of elements. */
  split: ReadonlySet<string>;
  /**
   * About how many bytes of text a run holds. Small enough that its string is allocated
   * among the young objects, which the engine reuses, rather than in pages of its own.
   */
  runBytes?: number;
  /** Bytes read at a time. */
  chunkBytes?: number;
}

/** The file is not a plain JSON object the splitter can take apart; `offset` is a byte offset in the file. */
export class JsonSplitError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
    this.name = 'JsonSplitError';
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const QUOTE = 0x22;
/** `findRunEnd` found no usable line (as opposed to needing more of the file). */
const NO_GUESS = 'none';

/**
 * Reads a JSON object from a file in pieces that each fit easily in one string: every
 * top-level member whole, except the `split` members whose values are arrays, which come
 * as runs of elements. A tenant file of 100,000 users read whole is a 100 MB buffer, then a
 * 100 MB string, then the objects, all alive at once; read in pieces it is one small buffer
 * used over and over and strings that die young, and a file too large for one string (about
 * 512 MiB) reads like any other.
 *
 * Only boundaries are found here; JSON.parse checks everything inside a piece. Anything
 * beyond a plain object (another root, a key written twice, a syntax error between the
 * pieces) stops the split with a {@link JsonSplitError}, and callers that can read the
 * file whole do so to report the problem exactly.
 */
export async function* splitJsonObject(file: FileHandle, options: SplitOptions): AsyncGenerator<JsonPiece> {
  const splitter = new Splitter(new ByteWindow(file, options.chunkBytes ?? 1 << 20), options.runBytes ?? 1 << 15);
  yield* splitter.members(options.split);
}

class Splitter {
  /** Where the next step starts; bytes before it are no longer needed. */
  private pos = 0;

  constructor(private readonly window: ByteWindow, private readonly runBytes: number) {}

  async *members(split: ReadonlySet<string>): AsyncGenerator<JsonPiece> {
    await this.window.more(0);
    const bytes = this.window.bytes;
    // A byte-order mark, which editors on Windows may write.
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) this.pos = 3;
    await this.expect(OPEN_BRACE, 'the file does not hold a JSON object');
    const seen = new Set<string>();
    if ((await this.peek()) === CLOSE_BRACE) {
      this.pos++;
    } else {
      for (;;) {
        const { key, at } = await this.key();
        if (seen.has(key)) throw new JsonSplitError(at, `the key "${key}" is written twice`);
        seen.add(key);
        const first = await this.peek();
        if (split.has(key) && first === OPEN_BRACKET) yield* this.elements(key);
        else yield { key, value: this.parse(await this.step(() => lexValue(this.window.bytes, this.pos, this.window.length))), elements: false };
        const next = await this.peek();
        this.pos++;
        if (next === CLOSE_BRACE) break;
        if (next !== COMMA) throw this.fail('expected "," or "}" after a member', -1);
      }
    }
    if ((await this.peek(true)) !== undefined) throw this.fail('unexpected text after the object');
  }

  /** A member's key (and its file offset) and the colon after it. */
  private async key(): Promise<{ key: string; at: number }> {
    if ((await this.peek()) !== QUOTE) throw this.fail('expected a property name');
    const at = this.window.base + this.pos;
    const key = this.parse(await this.step(() => lexString(this.window.bytes, this.pos, this.window.length)));
    await this.expect(COLON, 'expected ":" after a property name');
    return { key: key as string, at };
  }

  /** The elements of the array at `pos`, in runs of about `runBytes`. */
  private async *elements(key: string): AsyncGenerator<JsonPiece> {
    this.pos++;
    // A file offset: reading on moves positions in the window.
    const gap = this.window.base + this.pos;
    if ((await this.peek()) === CLOSE_BRACKET) {
      this.pos++;
      yield { key, value: [], elements: true };
      return;
    }
    const closing = closingLine(this.window.bytes, gap - this.window.base, this.pos);
    for (;;) {
      const { value, last } = await this.run(closing);
      yield { key, value, elements: true };
      // `run` has checked what follows the run: blanks, then "," or "]".
      this.pos = skipBlanks(this.window.bytes, this.pos, this.window.length) + 1;
      if (last) return;
    }
  }

  /**
   * The end of a run of elements starting at `pos`. First by guess: in an indented file
   * each element ends with a line holding only its closing brace, indented like the first
   * element's opening one, and a run cut at such a line is accepted when JSON.parse takes
   * it. A run that starts at an element and parses as complete values ends at an element
   * boundary, so a guess is never wrong once it parses. Otherwise element by element.
   */
  private async run(closing: Buffer | undefined): Promise<{ value: unknown; last: boolean }> {
    if (closing !== undefined) {
      const guess = await this.step(() => findRunEnd(this.window.bytes, this.pos, this.window.length, this.runBytes, closing) ?? NO_GUESS, true);
      if (guess !== undefined && guess !== NO_GUESS) {
        const value = this.tryParse(guess.end);
        if (value !== undefined) return { value, last: guess.last };
      }
    }
    const { end, last } = await this.step(() => this.lexRun());
    return { value: this.parse(end, '[', ']'), last };
  }

  private lexRun(): { end: number; last: boolean } | typeof MORE {
    const { bytes, length } = this.window;
    let at = skipBlanks(bytes, this.pos, length);
    for (;;) {
      if (at >= length) return MORE;
      const end = lexValue(bytes, at, length);
      if (end === MORE) return MORE;
      const next = skipBlanks(bytes, end, length);
      if (next >= length) return MORE;
      if (bytes[next] === CLOSE_BRACKET) return { end, last: true };
      if (bytes[next] !== COMMA) throw this.fail('expected "," or "]" after an array element', next - this.pos);
      if (end - this.pos >= this.runBytes) return { end, last: false };
      at = skipBlanks(bytes, next + 1, length);
    }
  }

  /** Runs a scanning step, reading more of the file while it needs more; at the end of the file, `optional` steps give undefined. */
  private async step<T>(scan: () => T | typeof MORE, optional: true): Promise<T | undefined>;
  private async step<T>(scan: () => T | typeof MORE): Promise<T>;
  private async step<T>(scan: () => T | typeof MORE, optional = false): Promise<T | undefined> {
    for (;;) {
      const result = scan();
      if (result !== MORE) return result;
      const moved = await this.window.more(this.pos);
      if (moved === undefined) {
        if (optional) return undefined;
        throw this.fail('unexpected end of file', this.window.length - this.pos);
      }
      this.pos -= moved;
    }
  }

  /** The next byte after blanks (pos moves to it); undefined only at the end of the file when `endOk`. */
  private async peek(endOk = false): Promise<number | undefined> {
    const at = await this.step(() => {
      const next = skipBlanks(this.window.bytes, this.pos, this.window.length);
      return next < this.window.length ? next : MORE;
    }, true);
    if (at === undefined) {
      if (endOk) return undefined;
      throw this.fail('unexpected end of file', this.window.length - this.pos);
    }
    this.pos = at;
    return this.window.bytes[at];
  }

  private async expect(byte: number, problem: string): Promise<void> {
    if ((await this.peek()) !== byte) throw this.fail(problem);
    this.pos++;
  }

  /** The run up to `end` parsed (pos moves to `end`), or undefined when it does not parse. */
  private tryParse(end: number): unknown[] | undefined {
    let value: unknown[];
    try {
      value = JSON.parse(`[${this.window.bytes.toString('utf8', this.pos, end)}]`) as unknown[];
    } catch {
      return undefined;
    }
    this.pos = end;
    return value;
  }

  /** JSON.parse of the text from `pos` to `end` (wrapped in `open`/`close`); pos moves to `end`. */
  private parse(end: number, open = '', close = ''): unknown {
    let text: string;
    try {
      text = this.window.bytes.toString('utf8', this.pos, end);
    } catch {
      // Node refuses to make a string longer than the engine's limit.
      throw this.fail(`a single value of ${end - this.pos} bytes here is larger than the longest text JavaScript can hold (${constants.MAX_STRING_LENGTH} characters)`);
    }
    const json = `${open}${text}${close}`;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      const problem = findJsonSyntaxError(json);
      if (problem === undefined) throw this.fail(error instanceof Error ? error.message : String(error));
      const at = Math.min(Math.max(problem.offset - open.length, 0), text.length);
      throw this.fail(problem.message, Buffer.byteLength(text.slice(0, at)));
    }
    this.pos = end;
    return value;
  }

  private fail(problem: string, ahead = 0): JsonSplitError {
    return new JsonSplitError(this.window.base + this.pos + ahead, problem);
  }
}

/**
 * The line that closes an element of an indented array: a line feed, the indentation of
 * the first element, and a closing brace. Undefined when the first element is not an
 * object starting a line of its own (the array is not indented; runs are then lexed).
 */
function closingLine(bytes: Buffer, gapStart: number, first: number): Buffer | undefined {
  if (bytes[first] !== OPEN_BRACE) return undefined;
  const lineStart = bytes.lastIndexOf(0x0a, first - 1);
  if (lineStart < gapStart) return undefined;
  return Buffer.concat([bytes.subarray(lineStart, first), Buffer.from('}')]);
}
