/**
 * Escaping for GitHub-flavoured markdown. Display names are user-controlled: a name must not
 * open a table cell (`|`), inject HTML (`<`), break a code span (backticks), link somewhere
 * (`[x](...)`) or notify people and teams (`@team`, `#123`).
 */

import { sanitizeText } from './sanitize-text.js';

const HTML_SPECIALS: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * One line only: a newline inside a name could end a table row or start a block. Every other
 * control, escape or bidi character is shown as an escape by the one sanitiser, so the PR
 * comment, the step summary and the terminal show a hostile name the same way.
 */
const oneLine = (text: string): string => sanitizeText(text.replace(/[\r\n\u2028\u2029]+/g, ' '));

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * GitHub links `@name`, `#123` and bare URLs after rendering, whatever the escaping; a
 * zero-width space after the sigil keeps the text readable and stops the link. E-mail
 * addresses (`a@b`) are not mentions and stay intact. Runs before entity escaping so it never
 * splits an entity like `&#39;`.
 */
function defuseReferences(text: string): string {
  return text
    .replace(/(^|[^\w])([@#])(?=[\w-])/g, `$1$2${ZERO_WIDTH_SPACE}`)
    .replace(/(\w):\/\//g, `$1:${ZERO_WIDTH_SPACE}//`)
    .replace(/\b(www)\./gi, `$1${ZERO_WIDTH_SPACE}.`);
}

/** Text for inside HTML elements (`<summary>`, `<code>`): entities only, and no mentions. */
export function escapeHtml(text: string): string {
  return defuseReferences(oneLine(text)).replace(/[&<>"']/g, (ch) => HTML_SPECIALS[ch] ?? ch);
}

// Only what acts mid-line: emphasis, code, links and images (`[`), tables, strikethrough, HTML.
const MARKDOWN_SPECIALS = /[\\`*_[\]|~<>&]/g;

/** Inline markdown text: every character markdown or a GitHub table could act on is escaped. */
export function escapeMarkdown(text: string): string {
  return defuseReferences(oneLine(text)).replace(MARKDOWN_SPECIALS, (ch) => HTML_SPECIALS[ch] ?? `\\${ch}`);
}

/**
 * An inline code span holding `text` literally. The fence is longer than any backtick run
 * inside, so a backtick in a name cannot close it.
 */
export function codeSpan(text: string): string {
  const value = oneLine(text);
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A backtick at either end would join the fence, and CommonMark takes one space off each
  // end when both ends are spaces (unless the span is all spaces): one space of padding on
  // each side, which is then taken off, keeps the value as it is.
  const pad = value.startsWith('`') || value.endsWith('`') || (value.startsWith(' ') && value.endsWith(' ') && /[^ ]/.test(value)) ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/**
 * A code span for a table cell: GitHub splits cells at `|` before it looks at code spans, so
 * pipes are escaped (inside a table the backslash disappears; outside it would show).
 */
export function tableCodeSpan(text: string): string {
  return codeSpan(oneLine(text).replace(/\|/g, '\\|'));
}

/** A fenced code block whose fence no line of `body` can close. */
export function codeBlock(body: string, info = ''): string {
  body = body.split('\n').map(sanitizeText).join('\n');
  const longest = Math.max(2, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${body}\n${fence}`;
}
