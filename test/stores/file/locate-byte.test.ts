import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateByte } from '../../../src/stores/file/locate-byte.js';
import { openFilesUnder } from '../../support/open-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skuform-locate-byte-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `locateByte` of `offset` in a file holding `content`. */
async function locate(content: string | Buffer, offset: number): Promise<{ line: number; column: number }> {
  const path = join(dir, 'doc.json');
  await writeFile(path, content);
  return locateByte(path, offset);
}

/** The size locateByte reads at a time: positions around it cross from one read to the next. */
const CHUNK = 1 << 20;

describe('locateByte', () => {
  it.each([
    ['the first byte', 'ab\ncd', 0, 1, 1],
    ['a byte on the first line', 'ab\ncd', 1, 1, 2],
    ['the line feed itself, the last character of its line', 'ab\ncd', 2, 1, 3],
    ['the first byte after a line feed', 'ab\ncd', 3, 2, 1],
    ['a byte after a line feed that starts the file', '\n[1 2]', 4, 2, 4],
    ['a byte after several lines', 'a\n\nbc\nd', 6, 4, 1],
    ['a byte after a Windows line end', 'a\r\nb', 3, 2, 1],
    ['a byte after two- and three-byte characters, one column each', 'é✓x', 5, 1, 3],
    ['a byte after four-byte characters, two columns each as in UTF-16', '😀\u{10FFFF}x', 8, 1, 5],
    ['a byte after a mix of them on a later line', 'x\né✓😀x', 11, 2, 5],
    ['the end of the file', 'ab\nc', 4, 2, 2],
    ['a byte past the end of the file, placed at its end', 'ab\nc', 100, 2, 2],
  ])('places %s', async (_name, content, offset, line, column) => {
    expect(await locate(content, offset)).toEqual({ line, column });
  });

  it('counts lines and columns across reads, a column going on from one read into the next', async () => {
    const firstRead = `${'a'.repeat(100)}\n${'b'.repeat(CHUNK - 101)}`;
    const content = `${firstRead}${'c'.repeat(20)}\n${'d'.repeat(9)}x\n`;
    expect(await locate(content, CHUNK + 10)).toEqual({ line: 2, column: CHUNK - 101 + 11 });
    expect(await locate(content, CHUNK + 30)).toEqual({ line: 3, column: 10 });
  });

  it('counts only the bytes the last read brought in, not what the buffer holds from the read before', async () => {
    // The second read fills 5 bytes; the buffer still holds the first read's line feed at index 5.
    const content = `${'a'.repeat(5)}\n${'a'.repeat(CHUNK - 6)}bbbbb\n\n`;
    expect(await locate(content, CHUNK + 5)).toEqual({ line: 2, column: CHUNK - 6 + 5 + 1 });
  });

  it('closes the file it opened', async () => {
    await locate('{\n}', 2);
    expect(await openFilesUnder(dir)).toEqual([]);
  });
});
