/** A fenced code block: its info string (`sh`, `text`, …) and its body, indentation removed. */
export interface FencedBlock {
  info: string;
  /** 1-based line of the body's first line in the markdown. */
  firstLine: number;
  body: string;
}

/** An inline code span outside fenced blocks, with the line it starts on. */
export interface InlineSpan {
  line: number;
  code: string;
}

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)/u;

/**
 * The fenced code blocks and inline code spans of a markdown text, as CommonMark reads them:
 * a block closes at a fence of the same character at least as long as the one that opened it
 * (so a ```` block can show ``` blocks), and an indented opening fence (in a list item) has
 * that indentation taken off its body lines.
 */
export function findMarkdownCode(markdown: string): { blocks: FencedBlock[]; spans: InlineSpan[] } {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  const prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (!open) {
      prose.push(lines[i] as string);
      continue;
    }
    const [, indent = '', fence = '', info = ''] = open;
    const body: string[] = [];
    prose.push('');
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j] as string;
      const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`, 'u');
      prose.push('');
      if (close.test(line)) break;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line.trimStart());
    }
    blocks.push({ info, firstLine: i + 2, body: body.join('\n') });
    i = j;
  }
  return { blocks, spans: inlineSpans(prose.join('\n')) };
}

/** Single-backtick spans, which may run over a line break but not over a blank line. */
function inlineSpans(prose: string): InlineSpan[] {
  const spans: InlineSpan[] = [];
  for (const match of prose.matchAll(/(?<!`)`([^`]+)`(?!`)/gu)) {
    const code = match[1] as string;
    if (/\n\s*\n/u.test(code)) continue;
    spans.push({ line: prose.slice(0, match.index).split('\n').length, code: code.replace(/\s+/gu, ' ').trim() });
  }
  return spans;
}
