// Control characters, bidi overrides and line separators would let a hostile file rewrite the
// terminal or fake a diagnostic line, so they are shown as escapes.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Shows a user-written value inside a message: single-quoted, control characters escaped,
 * long values shortened. Safe to print on a terminal.
 */
export function quoteText(value: string, maxLength = 80): string {
  const shown = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  return `'${shown.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}

/** The same escaping without quotes, for source lines echoed under a diagnostic. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (ch) => (ch === '\t' ? ' ' : '\ufffd'));
}
