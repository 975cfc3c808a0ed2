import type { Diagnostic } from '../model/diagnostic.js';

/** Where a byte offset is, counting lines by LF and columns in bytes (good enough for a bad byte). */
function byteLocation(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Offset of the first byte that breaks UTF-8 (the decoder only says that one does). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

function failure(file: string, bytes: Uint8Array, offset: number, code: string, message: string, hint?: string): { diagnostic: Diagnostic } {
  return { diagnostic: { severity: 'error', code, message, hint, location: { file, ...byteLocation(bytes, offset) } } };
}

/**
 * The text of a desired-state file: UTF-8 (a BOM is dropped). UTF-16/32 files, binary
 * files and invalid UTF-8 are diagnostics pointing at the first offending byte.
 */
export function decodeConfigText(file: string, bytes: Uint8Array): { text: string } | { diagnostic: Diagnostic } {
  const [b0, b1, b2, b3] = bytes;
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    return failure(file, bytes, 0, 'encoding', 'the file is UTF-16 or UTF-32 encoded', 'save it as UTF-8');
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return failure(file, bytes, nul, 'encoding', 'the file contains NUL bytes (is it a binary file?)');
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text };
  } catch {
    return failure(file, bytes, firstInvalidUtf8(bytes), 'encoding', 'the file is not valid UTF-8', 'save it as UTF-8');
  }
}
