import { type FileHandle, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../emulator/seeded-random.js';
import { JsonSplitError, splitJsonObject, type JsonPiece, type SplitOptions } from '../../../src/stores/file/split-json-object.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-split-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SPLIT = new Set(['users', 'groups']);

/** The pieces the splitter hands out for `text`, read from a real file. */
async function readPieces(text: string | Buffer, options: Partial<SplitOptions> = {}): Promise<JsonPiece[]> {
  const path = join(dir, 'doc.json');
  await writeFile(path, text);
  const handle = await open(path, 'r');
  try {
    const pieces: JsonPiece[] = [];
    for await (const piece of splitJsonObject(handle, { split: SPLIT, ...options })) pieces.push(piece);
    return pieces;
  } finally {
    await handle.close();
  }
}

/** The object as the splitter hands it out, put back together: each split array from its runs. */
async function splitText(text: string | Buffer, options: Partial<SplitOptions> = {}): Promise<{ value: Record<string, unknown>; runs: number }> {
  const value: Record<string, unknown> = {};
  let runs = 0;
  for (const piece of await readPieces(text, options)) {
    if (!piece.elements) {
      value[piece.key] = piece.value;
      continue;
    }
    runs++;
    value[piece.key] = [...((value[piece.key] as unknown[] | undefined) ?? []), ...(piece.value as unknown[])];
  }
  return { value, runs };
}

async function splitError(text: string | Buffer, options: Partial<SplitOptions> = {}): Promise<JsonSplitError> {
  const error = await splitText(text, options).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(JsonSplitError);
  expect((error as Error).name).toBe('JsonSplitError');
  return error as JsonSplitError;
}

/** Users whose strings hold what could mislead a splitter: quotes, backslashes, braces, "}," and non-ASCII text. */
function awkwardDoc(count: number, random = createSeededRandom(7)): Record<string, unknown> {
  const words = ['plain', 'a "quoted" word', 'back\\slash\\', '},{', '] , [', 'ünïcödé ✓', '😀 astral', 'tab\tand\nnewline', '\\"'];
  const pick = () => words[Math.floor(random() * words.length)] as string;
  const users = Array.from({ length: count }, (_, i) => ({
    id: `u${i}`,
    displayName: pick(),
    states: Array.from({ length: Math.floor(random() * 3) }, () => ({ skuId: pick(), disabledPlans: [pick(), pick()], nested: { deeper: [{}] } })),
    flag: random() < 0.5,
    count: Math.floor(random() * 1e6) / 7,
    none: null,
  }));
  return { tenant: { id: 't', name: pick() }, subscribedSkus: [{ skuId: 's' }], users, groups: [{ id: 'g', members: ['u1'] }], extra: { kept: [1, 'two'] } };
}

describe('splitJsonObject', () => {
  const doc = awkwardDoc(300);
  it.each([
    ['two-space indent, the way skuform writes', JSON.stringify(doc, null, 2)],
    ['four-space indent', JSON.stringify(doc, null, 4)],
    ['tab indent', JSON.stringify(doc, null, '\t')],
    ['no whitespace at all', JSON.stringify(doc)],
    ['Windows line ends', JSON.stringify(doc, null, 2).replace(/\n/g, '\r\n')],
    ['a byte-order mark', `\ufeff${JSON.stringify(doc, null, 2)}`],
  ])('reads %s exactly as JSON.parse does', async (_name, text) => {
    const small = await splitText(text, { chunkBytes: 64, runBytes: 200 });
    expect(small.value).toEqual(doc);
    expect(small.runs).toBeGreaterThan(10);
    expect((await splitText(text)).value).toEqual(doc);
  });

  it('reads any chunk and run size alike, down to a byte at a time', async () => {
    const text = JSON.stringify(awkwardDoc(40, createSeededRandom(3)), null, 2);
    const expected = JSON.parse(text) as unknown;
    for (const [chunkBytes, runBytes] of [[1, 1], [3, 17], [7, 1000], [4096, 50], [1 << 16, 1 << 15]] as const) {
      expect((await splitText(text, { chunkBytes, runBytes })).value).toEqual(expected);
    }
  });

  it('takes members in any order, non-array values of split members whole, and empty arrays', async () => {
    const text = '{"groups": [], "extra": "x", "users": {"not": "a list"}, "tenant": 1}';
    expect((await splitText(text)).value).toEqual(JSON.parse(text));
    expect((await splitText('{}')).value).toEqual({});
    expect((await splitText(' { "users" : [ ] } ')).value).toEqual({ users: [] });
  });

  it('accepts a closing-brace line that does not end an element, since the run then fails to parse', async () => {
    // The inner object closes on a line indented like the elements: the guessed cut is wrong and
    // must not stick. (The guess looks 16 times runBytes ahead: 2 bytes reach that line.)
    const text = '{"users": [\n  {"a": {"b": 1\n  }, "c": 2\n  },\n  {"a": 3\n  }\n]}';
    expect(await readPieces(text, { runBytes: 2 })).toEqual([
      { key: 'users', value: [{ a: { b: 1 }, c: 2 }], elements: true },
      { key: 'users', value: [{ a: 3 }], elements: true },
    ]);
  });

  it('hands out each member whole, except the arrays of split members, which come as runs in order', async () => {
    const text = '{"tenant": {"id": "t"}, "subscribedSkus": [1, 2], "users": [{"a": 1}, {"b": 2}], "groups": [], "extra": null}';
    expect(await readPieces(text, { runBytes: 1 })).toEqual([
      { key: 'tenant', value: { id: 't' }, elements: false },
      { key: 'subscribedSkus', value: [1, 2], elements: false },
      { key: 'users', value: [{ a: 1 }], elements: true },
      { key: 'users', value: [{ b: 2 }], elements: true },
      { key: 'groups', value: [], elements: true },
      { key: 'extra', value: null, elements: false },
    ]);
  });

  /**
   * Users whose elements are all written in the same number of bytes, `width` each; with
   * `inner`, each holds an empty object, a "}" that does not end an element.
   */
  function sameSizeUsers(count: number, { indent, inner = false }: { indent?: number; inner?: boolean } = {}): { text: string; width: number } {
    const users = Array.from({ length: count }, (_, i) => ({ id: `u${String(i).padStart(5, '0')}`, ...(inner ? { tags: {} } : {}) }));
    const first = JSON.stringify({ users: users.slice(0, 1) }, null, indent);
    const element = first.slice(first.indexOf('[') + 1, first.lastIndexOf(']')).trim();
    return { text: JSON.stringify({ users }, null, indent), width: Buffer.byteLength(element) };
  }

  /** How many elements each run holds, the same whatever the chunk size (checked). */
  async function runSizes(text: string, options: Partial<SplitOptions>): Promise<number[]> {
    const sizes = async (chunkBytes?: number) => (await readPieces(text, { ...options, chunkBytes })).map((piece) => (piece.value as unknown[]).length);
    const whole = await sizes();
    expect(await sizes(16)).toEqual(whole);
    return whole;
  }

  it('ends a run after the first element that ends runBytes or more past the start of the run', async () => {
    const { text, width } = sameSizeUsers(6);
    expect(await runSizes(text, { runBytes: width })).toEqual([1, 1, 1, 1, 1, 1]);
    // The next element's comma counts too: two elements and the comma between them.
    expect(await runSizes(text, { runBytes: width + 1 })).toEqual([2, 2, 2]);
    expect(await runSizes(text, { runBytes: 2 * width + 1 })).toEqual([2, 2, 2]);
    expect(await runSizes(text, { runBytes: 2 * width + 2 })).toEqual([3, 3]);
  });

  it('cuts an indented array at the closing lines of its elements: a run ends at the first one that starts runBytes or more in', async () => {
    // Each element ends with a closing line (a line feed, 4 blanks and "}") and the runs after
    // the first start at the line feed before their first element, 5 bytes earlier than it.
    const { text, width } = sameSizeUsers(6, { indent: 2, inner: true });
    expect(await runSizes(text, { runBytes: width - 6 })).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await runSizes(text, { runBytes: width - 5 })).toEqual([2, 1, 1, 1, 1]);
    expect(await runSizes(text, { runBytes: width - 1 })).toEqual([2, 1, 1, 1, 1]);
    // Element by element, these would be runs of one.
    expect(await runSizes(text, { runBytes: width })).toEqual([2, 2, 2]);
  });

  it('lexes an indented array element by element when its first element is not an object, though a later one closes on a line of its own', async () => {
    // Cut at the object's closing line, the first run would hold all three.
    const text = '{"users": [\n    1,\n    2,\n    {\n      "a": 1\n    }\n  ]}';
    expect(await runSizes(text, { runBytes: 4 })).toEqual([2, 1]);
  });

  it('holds about 32 KiB of text in a run unless told otherwise', async () => {
    const { text, width } = sameSizeUsers(5000, { inner: true });
    const sizes = await runSizes(text, {});
    const span = (elements: number) => elements * width + elements - 1;
    expect(sizes.length).toBeGreaterThan(2);
    for (const size of sizes.slice(0, -1)) expect([span(size) >= 32_768, span(size - 1) < 32_768]).toEqual([true, true]);
  });

  it('reads the file chunkBytes at a time, 1 MiB unless told otherwise', async () => {
    const path = join(dir, 'chunks.json');
    await writeFile(path, sameSizeUsers(10).text);
    const firstRead = async (chunkBytes?: number): Promise<number | undefined> => {
      const handle = await open(path, 'r');
      const lengths: number[] = [];
      // Only `read` is used; recording what it asks for shows the size of the reads.
      const recording = {
        read: (buffer: Buffer, offset: number, length: number, position: number) => {
          lengths.push(length);
          return handle.read(buffer, offset, length, position);
        },
      } as unknown as FileHandle;
      try {
        for await (const piece of splitJsonObject(recording, { split: SPLIT, chunkBytes })) expect(piece.key).toBe('users');
      } finally {
        await handle.close();
      }
      return lengths[0];
    };
    expect([await firstRead(), await firstRead(4096)]).toEqual([1 << 20, 4096]);
  });

  it.each([
    ['a root that is not an object', '[1, 2]', 0, 'the file does not hold a JSON object'],
    ['a key written twice', '{"a": 1, "a": 2}', 9, 'the key "a" is written twice'],
    ['a key that is not a string', '{a: 1}', 1, 'expected a property name'],
    ['a comma after the last member', '{"a": 1,}', 8, 'expected a property name'],
    ['a key without its colon', '{"a" 1}', 5, 'expected ":" after a property name'],
    ['two elements without a comma', '{"users": [{"a": 1}\n{"b": 2}]}', 20, 'expected "," or "]" after an array element'],
    ['two plain elements without a comma', '{"users": [1 2]}', 13, 'expected "," or "]" after an array element'],
    ['members without a comma', '{"a": 1 "b": 2}', 8, 'expected "," or "}" after a member'],
    ['text after the object', '{"a": 1} x', 9, 'unexpected text after the object'],
    ['a truncated file', '{"users": [{"a": 1},', 20, 'unexpected end of file'],
    ['a file cut after a run of an indented array', '{"users": [\n  {\n    "a": 1\n  },\n  {\n    "b": 2\n  },', 51, 'unexpected end of file'],
    ['a file cut inside a key', '{"a', 3, 'unexpected end of file'],
    ['a file cut before a value', '{"a":', 5, 'unexpected end of file'],
    ['a file cut after a value', '{"a": 1', 7, 'unexpected end of file'],
    ['an empty file', '', 0, 'unexpected end of file'],
    ['a bad value in a member', '{"a": tru}', 6, "expected a value, found 't'"],
    ['a bad element of an array kept whole', '{"a": [1, tru]}', 10, "expected a value, found 't'"],
    ['a bad element in a run', '{"users": [{"a": 1}, {"b": tru}]}', 27, "expected a value, found 't'"],
  ])('stops at %s, at the same byte whatever the chunk size', async (_name, text, offset, message) => {
    for (const chunkBytes of [undefined, 1, 5]) {
      const error = await splitError(text, { runBytes: 1, chunkBytes });
      expect([error.offset, error.message]).toEqual([offset, message]);
    }
  });

  it.each([
    ['in a member kept whole', '{"a": ["\u00e9\u{1f600}", tru]}', 17, "expected a value, found 't'"],
    ['in a run', '{"users": [{"a": "\u00e9\u{1f600}"}, {"b": tru}]}', 34, "expected a value, found 't'"],
    ['at the end of a run', '{"users": ["\u00e9\u{1f600}", -]}', 21, "expected a value, found '-'"],
  ])('gives the offset of an error %s in bytes, past multi-byte characters', async (_name, text, offset, message) => {
    const error = await splitError(text);
    expect([error.offset, error.message]).toEqual([offset, message]);
  });

  it.each([
    ['its first two bytes', 'efbb7b7d'],
    ['its last two bytes', '00bbbf7b7d'],
    ['its first and last bytes', 'ef00bf7b7d'],
    ['its first two bytes and another', 'efbb007b7d'],
  ])('skips only a whole byte-order mark, not %s', async (_name, hex) => {
    const error = await splitError(Buffer.from(hex, 'hex'));
    expect([error.offset, error.message]).toEqual([0, 'the file does not hold a JSON object']);
  });

  it('stops at a stray byte after the object as at any other text', async () => {
    const error = await splitError(Buffer.from('7b7dbf', 'hex'));
    expect([error.offset, error.message]).toEqual([2, 'unexpected text after the object']);
  });
});
