import { describe, expect, it } from 'vitest';
import { fitMarkdown, type TextMeasure } from '../../src/github/fit-markdown.js';
import { codeBlock } from '../../src/render/markdown-escape.js';
import { findMarkdownCode } from '../support/find-markdown-code.js';

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

/**
 * Sizes measured independently of the code: GitHub counts a comment in UTF-16 code units (an
 * astral character such as an emoji counts twice) and a step summary file in UTF-8 bytes.
 */
function sizeOf(text: string, unit: TextMeasure): number {
  if (unit === 'utf8-bytes') return new TextEncoder().encode(text).length;
  return Array.from(text).reduce((n, ch) => n + ((ch.codePointAt(0) ?? 0) > 0xffff ? 2 : 1), 0);
}

/** The longest run of whole characters from the start of `text` whose size is at most `max`. */
function wholeCharactersWithin(text: string, max: number, unit: TextMeasure): string {
  let kept = '';
  for (const ch of text) {
    if (sizeOf(kept + ch, unit) > max) break;
    kept += ch;
  }
  return kept;
}

// Astral characters at both ends of the high-surrogate range (U+10000 is D800 DC00,
// U+10FFFD is DBFF DFFD), an emoji, and one- to three-byte characters.
const MIXED = 'ab\u{10000}c😀ü\u{10FFFD}€d';

describe('fitMarkdown at the edges of the limit', () => {
  const N = 'n';
  const TAIL = '\n\nn\n';

  it.each(['chars', 'utf8-bytes'] as const)('uses the whole limit when nothing forces a shorter cut (%s)', (unit) => {
    const text = 'aü'.repeat(100);
    for (let max = sizeOf(TAIL, unit) + 1; max < sizeOf(text, unit); max += 1) {
      const fitted = fitMarkdown(text, max, N, unit);
      expect(fitted, `limit ${max}`).toEqual({ text: `${wholeCharactersWithin(text, max - sizeOf(TAIL, unit), unit)}${TAIL}`, truncated: true });
    }
    // Counting characters, an ü is one: 56 of them and the note fill a limit of 60 exactly.
    if (unit === 'chars') expect(fitMarkdown('ü'.repeat(100), 60, N, unit).text).toBe(`${'ü'.repeat(56)}${TAIL}`);
  });

  it.each(['chars', 'utf8-bytes'] as const)('never ends the kept text inside a character, and loses no more than that one (%s)', (unit) => {
    const text = MIXED.repeat(20);
    for (let max = sizeOf(TAIL, unit) + 1; max < sizeOf(text, unit); max += 1) {
      const kept = wholeCharactersWithin(text, max - sizeOf(TAIL, unit), unit);
      expect(fitMarkdown(text, max, N, unit).text, `limit ${max}`).toBe(`${kept}${TAIL}`);
    }
  });

  it.each(['chars', 'utf8-bytes'] as const)('cuts the note itself to whole characters when not even the note fits (%s)', (unit) => {
    const note = MIXED.repeat(2);
    const text = 'x'.repeat(500);
    for (let max = 0; max <= sizeOf(`\n\n${note}\n`, unit); max += 1) {
      expect(fitMarkdown(text, max, note, unit), `limit ${max}`).toEqual({ text: wholeCharactersWithin(note, max, unit), truncated: true });
    }
  });

  it('gives empty text for a limit below zero rather than counting from the end', () => {
    expect(fitMarkdown('abc', -2, 'note', 'chars')).toEqual({ text: '', truncated: true });
    expect(fitMarkdown('abc', -2, 'note', 'utf8-bytes')).toEqual({ text: '', truncated: true });
  });

  // The note here takes 4 of the limit, so a limit of 14 keeps 10 characters.
  it.each([
    ['a line end past half the kept text: cut there', 'abcdef\nhijKLMNOPQ', 'abcdef'],
    ['a line end at exactly half: keep the longer cut', 'abcde\nghijKLMNOPQ', 'abcde\nghij'],
    ['a line end before half: keep the longer cut', 'abcd\nfghijKLMNOPQ', 'abcd\nfghij'],
  ])('%s', (_, text, kept) => {
    expect(fitMarkdown(text, 14, N, 'chars').text).toBe(`${kept}${TAIL}`);
  });
});

describe('fitMarkdown closes what the cut left open', () => {
  // The cut lands in a long last line, so the kept text is `head` and part of that line, and
  // the closers take room from it: the result fills the limit exactly.
  const LIMIT = 200;
  const cutAfter = (head: string, closers: string): string => {
    const text = `${head}\n${'x'.repeat(400)}`;
    return `${text.slice(0, LIMIT - closers.length - 4)}${closers}\n\nn\n`;
  };

  it.each([
    ['a backtick fence', '```diff\n+ a', '\n```'],
    ['a tilde fence', '~~~\n+ a', '\n~~~'],
    ['a tilde fence with backticks in its info string', '~~~ `odd` info\n+ a', '\n~~~'],
    ['a fence indented in a list item', '- item\n\n  ```\n  code', '\n```'],
    ['a longer fence, which a ``` line inside does not close', '````diff\n```\n+ a', '\n````'],
    ['a tilde fence, which a ``` line does not close', '~~~\n```\n+ a', '\n~~~'],
    ['a fence whose would-be closer has text after it', '```\ncode\n``` more', '\n```'],
    ['<details>', '<details>\n<summary>users</summary>\n', '\n</details>'],
    ['<details open>', '<details open>\n', '\n</details>'],
    ['nested <details> and a fence, innermost first', '<details>\n<details>\n```\n', '\n```\n\n</details>\n\n</details>'],
    ['only the still-open <details>', '<details>\n</details>\n<details>\n', '\n</details>'],
    ['nothing after a closed fence', '```\ncode\n```  ', ''],
    ['nothing for a closed longer fence', '````\ncode\n`````', ''],
    ['a tilde fence, which a shorter tilde run does not close', '~~~~\n~~~\n+ a', '\n~~~~'],
    ['nothing for <details> written inside a fence', '```\n<details>\n```', ''],
    ['nothing for inline code at the start of a line', '```x``` is code', ''],
  ])('%s', (_, head, closers) => {
    const fitted = fitMarkdown(`${head}\n${'x'.repeat(400)}`, LIMIT, 'n', 'chars');
    expect(fitted.text).toBe(cutAfter(head, closers));
    expect(fitted.text.length).toBe(LIMIT);
  });

  it('keeps the note outside the code block a cut fence was in', () => {
    const body = ['```', '+ user  ```odd-plan', '```weird', ...Array.from({ length: 40 }, (_, i) => `+ user${i}`)].join('\n');
    const text = `<details><summary>users</summary>\n\n${codeBlock(body, 'diff')}\n\n</details>\n`;
    const { text: fitted } = fitMarkdown(text, 300, NOTE, 'chars');
    const { blocks } = findMarkdownCode(fitted);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.body).not.toContain('truncated');
    expect(fitted.endsWith(`</details>\n\n${NOTE}\n`)).toBe(true);
  });
});

describe('fitMarkdown on a plan comment', () => {
  // The shape of the plan comment: a collapsible block per principal with a diff code block,
  // lines of different lengths.
  const block = (i: number): string => [
    `<details><summary>user <code>user${i}@contoso.com</code> — 1 to assign</summary>`, '',
    '```diff', '+ assign SPE_E5 (Microsoft 365 E5), all service plans on',
    '! warning: data-loss risk — removing EXCHANGE_S_ENTERPRISE deletes the mailbox after 30 days',
    '```', '', '</details>',
  ].join('\n');
  const text = `### skuform plan: 60 to assign\n\n${Array.from({ length: 60 }, (_, i) => block(i)).join('\n')}`;
  const longestLine = Math.max(...text.split('\n').map((line) => line.length));

  it('keeps all but about a line of content, whatever the limit', () => {
    // A cut at a line end loses less than a line; the closers and the note take the rest.
    const room = longestLine + '\n```\n\n</details>'.length + `\n\n${NOTE}\n`.length;
    for (let max = 400; max < 4000; max += 1) {
      const fitted = fitMarkdown(text, max, NOTE, 'chars');
      expect(fitted.text.length, `limit ${max}`).toBeLessThanOrEqual(max);
      expect(fitted.text.length, `limit ${max}`).toBeGreaterThan(max - room);
      expect(fitted.text.endsWith(`</details>\n\n${NOTE}\n`), `limit ${max}`).toBe(true);
    }
  });
});
