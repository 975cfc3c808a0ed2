import { describe, expect, it } from 'vitest';
import { codeBlock, codeSpan, escapeHtml, escapeMarkdown } from '../../src/render/markdown-escape.js';

const ZWSP = '\u200b';

/**
 * What CommonMark shows for an inline code span: the text between the fences (which the
 * opening run, taken greedily, and the closing run of the same length delimit), with one
 * space taken off each end when both ends are spaces and it is not all spaces.
 */
function shownBy(span: string): string {
  const fence = /^`+/.exec(span)?.[0] ?? '';
  expect(span.endsWith(fence) && span.length >= 2 * fence.length).toBe(true);
  const inner = span.slice(fence.length, span.length - fence.length);
  // A backtick run as long as the fence would end the span there.
  expect((inner.match(/`+/g) ?? []).filter((run) => run.length === fence.length)).toEqual([]);
  return inner.startsWith(' ') && inner.endsWith(' ') && /[^ ]/.test(inner) ? inner.slice(1, -1) : inner;
}

describe('codeSpan', () => {
  // Padding only where CommonMark needs it, so the raw markdown (e-mail notifications, the
  // editor) shows the name as written.
  it.each([
    ['a``b', '```a``b```'],
    ['``x', '``` ``x ```'],
    ['x`', '`` x` ``'],
    [' lead', '` lead`'],
    ['trail ', '`trail `'],
    [' both ', '`  both  `'],
    ['   ', '`   `'],
    ['a\r\nb', '`a b`'],
  ])('codeSpan(%j) is %j and shows the text as written', (text, span) => {
    expect(codeSpan(text)).toBe(span);
    expect(shownBy(span)).toBe(text.replace(/\r\n/, ' '));
  });
});

describe('one line per name', () => {
  it.each([
    ['CRLF', 'a\r\nb'],
    ['blank lines', 'a\n\n\nb'],
    ['line and paragraph separators', 'a\u2028\u2029b'],
  ])('a run of line breaks (%s) becomes one space', (_, text) => {
    expect(escapeMarkdown(text)).toBe('a b');
    expect(escapeHtml(text)).toBe('a b');
  });
});

describe('links GitHub would make', () => {
  it('defuses a bare www. address as well as a scheme', () => {
    expect(escapeMarkdown('see www.evil.example')).toBe(`see www${ZWSP}.evil.example`);
    expect(escapeHtml('WWW.evil.example')).toBe(`WWW${ZWSP}.evil.example`);
  });
});

describe('codeBlock', () => {
  it('has no info string unless given one', () => {
    expect(codeBlock('x')).toBe('```\nx\n```');
  });
});
