/**
 * Shows a user-written value inside a message: single-quoted, long values shortened. The
 * value is not escaped here: every output channel sanitises the whole message on its way out
 * (`src/render/sanitize-text.ts`), so a control character is escaped once, the same way, in
 * every channel.
 */
export function quoteText(value: string, maxLength = 80): string {
  const shown = value.length > maxLength ? `${value.slice(0, maxLength)}…` : value;
  return `'${shown}'`;
}
