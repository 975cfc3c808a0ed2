import { mkdtemp, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ByteWindow } from '../../../src/stores/file/byte-window.js';

let dir: string;
let file: FileHandle | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-byte-window-'));
});
afterEach(async () => {
  await file?.close();
  file = undefined;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** A window with chunks of `chunkBytes` over a file holding `content`. */
async function windowOver(content: string, chunkBytes: number): Promise<ByteWindow> {
  const path = join(dir, 'doc.json');
  await writeFile(path, content);
  file = await open(path, 'r');
  return new ByteWindow(file, chunkBytes);
}

/** What a caller can see of the window: the bytes it holds, their file offset and whether the file is done. */
function held(window: ByteWindow): { text: string; base: number; eof: boolean } {
  return { text: window.bytes.toString('latin1', 0, window.length), base: window.base, eof: window.eof };
}

describe('ByteWindow', () => {
  it('reads one chunk at first, then drops the bytes before keepFrom and reads at least a chunk more', async () => {
    const window = await windowOver(ALPHABET, 4);
    expect(await window.more(0)).toBe(0);
    expect(held(window)).toEqual({ text: 'abcd', base: 0, eof: false });
    expect(await window.more(1)).toBe(1);
    expect(held(window)).toEqual({ text: 'bcdefgh', base: 1, eof: false });
    expect(await window.more(7)).toBe(7);
    expect(held(window)).toEqual({ text: 'ijkl', base: 8, eof: false });
  });

  it('reads as much as it holds when that is more than a chunk, so re-scanning what it holds stays linear', async () => {
    const window = await windowOver(ALPHABET, 2);
    await window.more(0);
    await window.more(0);
    expect(held(window)).toEqual({ text: 'abcd', base: 0, eof: false });
    await window.more(1);
    expect(held(window)).toEqual({ text: 'bcdefg', base: 1, eof: false });
  });

  it('keeps its buffer while the kept bytes and the next read fit, and doubles it when they do not', async () => {
    const window = await windowOver(ALPHABET, 4);
    const first = window.bytes;
    expect(first.length).toBe(8);
    await window.more(0);
    await window.more(0);
    expect(window.bytes).toBe(first);
    expect(held(window)).toEqual({ text: 'abcdefgh', base: 0, eof: false });
    // 6 kept and 6 to read: 12 bytes would do, but the buffer doubles to 16.
    await window.more(2);
    expect(window.bytes.length).toBe(16);
    expect(held(window)).toEqual({ text: 'cdefghijklmn', base: 2, eof: false });
  });

  it('says the file has ended once a read finds no more, and then gives undefined without moving', async () => {
    const window = await windowOver('abcdefghij', 4);
    await window.more(0);
    await window.more(0);
    expect(held(window)).toEqual({ text: 'abcdefgh', base: 0, eof: false });
    expect(await window.more(3)).toBe(3);
    expect(held(window)).toEqual({ text: 'defghij', base: 3, eof: true });
    expect(await window.more(5)).toBeUndefined();
    expect(held(window)).toEqual({ text: 'defghij', base: 3, eof: true });
  });

  it('does not call a file ended that was read exactly up to the end of a chunk', async () => {
    const window = await windowOver('abcd', 4);
    await window.more(0);
    expect(held(window)).toEqual({ text: 'abcd', base: 0, eof: false });
    expect(await window.more(4)).toBe(4);
    expect(held(window)).toEqual({ text: '', base: 4, eof: true });
    expect(await window.more(0)).toBeUndefined();
  });
});
