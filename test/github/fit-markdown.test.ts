import { describe, expect, it } from 'vitest';
import { fitMarkdown } from '../../src/github/fit-markdown.js';

const NOTE = '> truncated: see the job summary';

describe('fitMarkdown', () => {
  it('returns text that fits unchanged', () => {
    expect(fitMarkdown('short', 5, NOTE, 'chars')).toEqual({ text: 'short', truncated: false });
  });

  it.each(['chars', 'utf8-bytes'] as const)('keeps text of exactly the limit whole and cuts one unit more (%s)', (unit) => {
    const text = 'a'.repeat(200);
    expect(fitMarkdown(text, 200, NOTE, unit)).toEqual({ text, truncated: false });
    const cut = fitMarkdown(`${text}a`, 200, NOTE, unit);
    expect(cut.truncated).toBe(true);
    expect(cut.text.length).toBeLessThanOrEqual(200);
  });

  // Whatever the limit, the result is within it: over many limits some cut lands exactly on
  // the boundary, where an off-by-one would show.
  it.each(['chars', 'utf8-bytes'] as const)('never returns more than the limit, for any limit (%s)', (unit) => {
    const text = `# Plan\n<details><summary>users</summary>\n\n\`\`\`diff\n${Array.from({ length: 60 }, (_, i) => `+ user${i} ü SPE_E5\n`).join('')}\`\`\`\n</details>\n`;
    const size = (value: string) => (unit === 'chars' ? value.length : Buffer.byteLength(value, 'utf8'));
    for (let max = 1; max < size(text); max += 1) {
      const fitted = fitMarkdown(text, max, NOTE, unit);
      expect(size(fitted.text), `limit ${max}`).toBeLessThanOrEqual(max);
      expect(fitted.truncated).toBe(true);
    }
  });

  it('cuts at a line boundary and appends the note within the limit', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const { text: fitted, truncated } = fitMarkdown(text, 300, NOTE, 'chars');
    expect(truncated).toBe(true);
    expect(fitted.length).toBeLessThanOrEqual(300);
    expect(fitted.endsWith(`${NOTE}\n`)).toBe(true);
    const kept = fitted.slice(0, fitted.indexOf(`\n\n${NOTE}`)).split('\n');
    expect(kept.every((line, i) => line === `line ${i}`)).toBe(true);
  });

  it('closes a code fence and open <details> blocks the cut left open', () => {
    const text = `# Plan\n<details><summary>users</summary>\n\n\`\`\`diff\n${'+ SPE_E5\n'.repeat(200)}\`\`\`\n</details>\n`;
    const { text: fitted } = fitMarkdown(text, 500, NOTE, 'chars');
    expect(fitted.length).toBeLessThanOrEqual(500);
    expect(fitted).toMatch(/\+ SPE_E5\n```\n\n<\/details>\n\n> truncated/);
  });

  it('counts UTF-8 bytes without splitting a character', () => {
    const text = 'ü€😀'.repeat(1000);
    const { text: fitted } = fitMarkdown(text, 1001, NOTE, 'utf8-bytes');
    expect(Buffer.byteLength(fitted, 'utf8')).toBeLessThanOrEqual(1001);
    expect(fitted).not.toContain('\uFFFD');
    expect(fitted.endsWith(`${NOTE}\n`)).toBe(true);
  });

  it('does not leave half a surrogate pair when counting characters', () => {
    const { text: fitted } = fitMarkdown('😀'.repeat(100), 61, 'n', 'chars');
    expect(fitted.length).toBeLessThanOrEqual(61);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(fitted)).toBe(false);
  });
});
