import type { FileHandle } from 'node:fs/promises';

/** A file read front to back through one reusable buffer: the bytes from `start` on that have been read. */
export class ByteWindow {
  /** The bytes held; valid up to `length`. */
  bytes: Buffer;
  length = 0;
  /** File offset of `bytes[0]`. */
  base = 0;
  /** True once the file has no more bytes to read. */
  eof = false;
  private readAt = 0;

  constructor(private readonly file: FileHandle, private readonly chunkBytes: number) {
    // Room for a chunk plus what is kept of the one before, so the buffer rarely grows.
    this.bytes = Buffer.allocUnsafe(2 * chunkBytes);
  }

  /**
   * Drops the bytes before `keepFrom` and reads more: at least one chunk, and at least as
   * much as is still held, so that a caller that re-scans what it holds after each read
   * scans every byte a bounded number of times. Returns how far the kept bytes moved
   * (subtract it from positions in the window), or undefined at the end of the file.
   */
  async more(keepFrom: number): Promise<number | undefined> {
    if (this.eof) return undefined;
    const held = this.length - keepFrom;
    const wanted = Math.max(this.chunkBytes, held);
    if (held + wanted > this.bytes.length) {
      // Doubling always suffices: the buffer holds at least two chunks, so it only overflows
      // when more than a chunk is held, and then it needs twice what is held, at most twice its size.
      const grown = Buffer.allocUnsafe(2 * this.bytes.length);
      this.bytes.copy(grown, 0, keepFrom, this.length);
      this.bytes = grown;
    } else if (keepFrom > 0) {
      this.bytes.copy(this.bytes, 0, keepFrom, this.length);
    }
    this.base += keepFrom;
    this.length = held;
    const target = held + wanted;
    while (this.length < target) {
      const { bytesRead } = await this.file.read(this.bytes, this.length, target - this.length, this.readAt);
      if (bytesRead === 0) {
        this.eof = true;
        break;
      }
      this.readAt += bytesRead;
      this.length += bytesRead;
    }
    return keepFrom;
  }
}
