import { open } from 'node:fs/promises';

/**
 * Line and column (1-based, the column in UTF-16 characters like the rest of our positions)
 * of a byte offset in a file, read in chunks: it serves files too large to be one string.
 */
export async function locateByte(path: string, offset: number): Promise<{ line: number; column: number }> {
  const handle = await open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let line = 1;
    let column = 1;
    for (let at = 0; at < offset; ) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, offset - at), at);
      if (bytesRead === 0) break;
      const lastFeed = chunk.lastIndexOf(0x0a, bytesRead - 1);
      if (lastFeed >= 0) {
        for (let i = chunk.indexOf(0x0a); i >= 0 && i <= lastFeed; i = chunk.indexOf(0x0a, i + 1)) line++;
        column = 1;
      }
      column += countCharacters(chunk, lastFeed + 1, bytesRead);
      at += bytesRead;
    }
    return { line, column };
  } finally {
    await handle.close();
  }
}

/** UTF-16 characters encoded by the UTF-8 bytes: one per lead byte, two for a four-byte sequence. */
function countCharacters(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i] as number;
    if ((b & 0xc0) !== 0x80) count += b >= 0xf0 ? 2 : 1;
  }
  return count;
}
