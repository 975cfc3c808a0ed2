import { describe, expect, it } from 'vitest';
import { sanitizeSourceLine } from '../../src/render/sanitize-text.js';

describe('sanitizeSourceLine', () => {
  // The caret under a diagnostic counts columns in the line as written: each character is
  // replaced by exactly one, a tab by a space (what the eye expects) and anything else by U+FFFD.
  it.each([
    ['key:\tvalue', 'key: value'],
    ['a\u001b[2Jb', 'a\ufffd[2Jb'],
    ['\t\u202eevil\u0085', ' \ufffdevil\ufffd'],
    ['plain', 'plain'],
  ])('%j -> %j, same length', (line, shown) => {
    expect(sanitizeSourceLine(line)).toBe(shown);
    expect(shown).toHaveLength(line.length);
  });
});
