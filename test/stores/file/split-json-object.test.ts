import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../emulator/seeded-random.js';
import { JsonSplitError, splitJsonObject, type SplitOptions } from '../../../src/stores/file/split-json-object.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-split-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SPLIT = new Set(['users', 'groups']);

/** The object as the splitter hands it out, put back together: each split array from its runs. */
async function splitText(text: string | Buffer, options: Partial<SplitOptions> = {}): Promise<{ value: Record<string, unknown>; runs: number }> {
  const path = join(dir, 'doc.json');
  await writeFile(path, text);
  const handle = await open(path, 'r');
  try {
    const value: Record<string, unknown> = {};
    let runs = 0;
    for await (const piece of splitJsonObject(handle, { split: SPLIT, ...options })) {
      if (!piece.elements) {
        value[piece.key] = piece.value;
        continue;
      }
      runs++;
      value[piece.key] = [...((value[piece.key] as unknown[] | undefined) ?? []), ...(piece.value as unknown[])];
    }
    return { value, runs };
  } finally {
    await handle.close();
  }
}

async function splitError(text: string, options: Partial<SplitOptions> = {}): Promise<JsonSplitError> {
  const error = await splitText(text, options).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(JsonSplitError);
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
    // The inner object closes on a line indented like the elements: the guessed cut is wrong and must not stick.
    const text = '{"users": [\n  {"a": {"b": 1\n  }, "c": 2\n  },\n  {"a": 3\n  }\n]}';
    expect((await splitText(text, { runBytes: 1 })).value).toEqual(JSON.parse(text));
  });

  it.each([
    ['a root that is not an object', '[1, 2]', 0, 'the file does not hold a JSON object'],
    ['a key written twice', '{"a": 1, "a": 2}', 9, 'the key "a" is written twice'],
    ['two elements without a comma', '{"users": [{"a": 1}\n{"b": 2}]}', 20, 'expected "," or "]" after an array element'],
    ['members without a comma', '{"a": 1 "b": 2}', 8, 'expected "," or "}" after a member'],
    ['text after the object', '{"a": 1} x', 9, 'unexpected text after the object'],
    ['a truncated file', '{"users": [{"a": 1},', 20, 'unexpected end of file'],
    ['an empty file', '', 0, 'unexpected end of file'],
  ])('stops at %s', async (_name, text, offset, message) => {
    const error = await splitError(text, { runBytes: 1 });
    expect([error.offset, error.message]).toEqual([offset, message]);
  });

  it('locates an error inside a run as the syntax locator does', async () => {
    const error = await splitError('{"users": [{"a": 1}, {"b": tru}]}', { runBytes: 1 });
    expect([error.offset, error.message]).toEqual([27, "expected a value, found 't'"]);
  });
});
