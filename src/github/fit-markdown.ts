/**
 * Cutting markdown down to a size limit without leaving it broken: GitHub rejects a comment
 * over its limit outright, and a cut in the middle of a code fence or a `<details>` block
 * would swallow the note that says where the rest is.
 */

/** How text is measured against a limit: UTF-16 code units (comments) or UTF-8 bytes (files). */
export type TextMeasure = 'chars' | 'utf8-bytes';

export interface FittedMarkdown {
  text: string;
  truncated: boolean;
}

function measure(text: string, unit: TextMeasure): number {
  return unit === 'chars' ? text.length : Buffer.byteLength(text, 'utf8');
}

/** Largest prefix of `text` no longer than `budget` in `unit`, never splitting a character. */
function prefixWithin(text: string, budget: number, unit: TextMeasure): string {
  if (budget <= 0) return '';
  if (unit === 'utf8-bytes') {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length <= budget) return text;
    let cut = budget;
    // Back up over UTF-8 continuation bytes (10xxxxxx) so no character is split.
    while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
    return bytes.subarray(0, cut).toString('utf8');
  }
  let end = Math.min(text.length, budget);
  const last = text.charCodeAt(end - 1);
  // A high surrogate at the end would be half of an emoji or other astral character.
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/**
 * An opening or closing code fence once indentation is taken off: a run of three or more
 * backticks or tildes, then the rest of the line (an info string, or nothing on a closer).
 */
const FENCE = /^(`{3,}|~{3,})(.*)$/;

/** Closers for a code fence or `<details>` blocks the cut left open, innermost first. */
function closersFor(prefix: string): string {
  // The run that opened the code block the prefix is in; only the same character, at least
  // as many times and alone on its line, closes it (a ```` block may show ``` lines).
  let fence: string | undefined;
  let openDetails = 0;
  for (const line of prefix.split('\n')) {
    const trimmed = line.trimStart();
    const [, run = '', rest = ''] = FENCE.exec(trimmed) ?? [];
    if (fence !== undefined) {
      // A run is one character repeated: starting with the opening run means the same
      // character, at least as many times.
      if (run.startsWith(fence) && rest.trim() === '') fence = undefined;
      continue;
    }
    // A backtick after a backtick run is an inline code span (```x```), not a fence.
    if (run !== '' && !(run.startsWith('`') && rest.includes('`'))) {
      fence = run;
      continue;
    }
    openDetails += (trimmed.match(/<details[\s>]/gi) ?? []).length;
    openDetails -= (trimmed.match(/<\/details>/gi) ?? []).length;
  }
  const parts: string[] = [];
  if (fence !== undefined) parts.push(fence);
  for (let i = 0; i < Math.max(0, openDetails); i += 1) parts.push('</details>');
  return parts.length === 0 ? '' : `\n${parts.join('\n\n')}`;
}

/**
 * Returns `text` unchanged when it fits in `max` (measured in `unit`), otherwise the longest
 * prefix that still fits once its open fences and `<details>` are closed and `note` is appended.
 * The cut prefers a line boundary so a table row or list item is not left half-written.
 */
export function fitMarkdown(text: string, max: number, note: string, unit: TextMeasure): FittedMarkdown {
  if (measure(text, unit) <= max) return { text, truncated: false };
  const tail = `\n\n${note}\n`;
  let budget = max - measure(tail, unit);
  // Closers depend on where the cut lands, so shrink until prefix + closers + note fit.
  for (let attempt = 0; attempt < 8 && budget > 0; attempt += 1) {
    let prefix = prefixWithin(text, budget, unit);
    const lineEnd = prefix.lastIndexOf('\n');
    if (lineEnd > prefix.length / 2) prefix = prefix.slice(0, lineEnd);
    const result = `${prefix}${closersFor(prefix)}${tail}`;
    const size = measure(result, unit);
    if (size <= max) return { text: result, truncated: true };
    // Less room by the overshoot, taken from what was kept: a cut at a line end keeps less
    // than the budget, and shrinking only the budget could leave that cut where it was.
    budget = measure(prefix, unit) - (size - max);
  }
  return { text: prefixWithin(note, max, unit), truncated: true };
}
