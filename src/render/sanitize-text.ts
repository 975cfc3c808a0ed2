/**
 * Display names are user-controlled. Control characters (ESC sequences, newlines, BiDi
 * overrides) could rewrite a terminal line or forge an extra plan line, so every name and
 * message goes through here before it reaches text output.
 */
// C0 and C1 controls, DEL, line/paragraph separators and BiDi embedding/override/isolate marks.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Replaces unsafe characters with a visible `\u{..}` escape. */
export function sanitizeText(text: string): string {
  return text.replace(UNSAFE, (ch) => `\\u{${ch.codePointAt(0)?.toString(16) ?? '?'}}`);
}
