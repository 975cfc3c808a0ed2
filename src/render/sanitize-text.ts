/**
 * The one sanitiser for untrusted text: names from the tenant or the config (display names,
 * userPrincipalNames, SKU and plan names), Graph's messages and paths. Control characters (C0,
 * DEL, C1 — which includes the 8-bit CSI that some terminals obey), escape sequences, line and
 * paragraph separators and bidirectional overrides, embeddings, isolates and marks could
 * rewrite a terminal line, forge an extra plan line, reorder what a reviewer reads, or end a
 * GitHub workflow command. Every output channel goes through one of the encoders below:
 *
 * - terminal text and the journal's readers: {@link sanitizeText} (visible `\u{1b}` escapes);
 * - source lines under a diagnostic: {@link sanitizeSourceLine} (same length, so the caret stays put);
 * - JSON (plans, JSON-lines events, the journal, reports): {@link stringifyJson} (the value
 *   is kept exactly, the bytes carry no raw control or bidi character);
 * - markdown (PR comment, step summary, drift issue) and GitHub annotations build on
 *   {@link sanitizeText} (see `markdown-escape.ts` and `annotations.ts`).
 */

// C0 and C1 controls, DEL, line/paragraph separators, and the bidirectional formatting
// characters: ALM (U+061C), LRM/RLM (U+200E/F), embeddings and overrides (U+202A–E) and
// isolates (U+2066–9).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// The same set without C0: JSON.stringify already escapes C0, and the newlines and spaces a
// pretty-printed JSON text is laid out with are C0 characters outside any string.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** True when the text holds a character the sanitiser would escape. */
export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/** Replaces every unsafe character with what `encode` makes of it (a channel's own escape syntax). */
export function replaceUnsafeCharacters(text: string, encode: (ch: string) => string): string {
  return text.replace(UNSAFE, encode);
}

/** Replaces every unsafe character with a visible `\u{..}` escape: safe on a terminal, and still readable. */
export function sanitizeText(text: string): string {
  return text.replace(UNSAFE, (ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`);
}

/**
 * A line of a file shown under a diagnostic, with the same length so the caret below it stays
 * under the right column: a tab becomes a space, any other unsafe character U+FFFD.
 */
export function sanitizeSourceLine(text: string): string {
  return text.replace(UNSAFE, (ch) => (ch === '\t' ? ' ' : '\ufffd'));
}

/**
 * Unsafe characters of a JSON text written as `\uXXXX` escapes. Those characters can only
 * stand inside string literals (JSON's whitespace is space, tab, CR and LF), so the escapes are
 * valid JSON and the parsed value is unchanged.
 */
export function sanitizeJsonText(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `JSON.stringify` whose output never carries a raw control or bidi character. */
export function stringifyJson(value: unknown, indent?: number): string {
  return sanitizeJsonText(JSON.stringify(value, null, indent));
}
