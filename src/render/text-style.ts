/**
 * ANSI styling for terminal output. Every renderer takes `color` explicitly: the CLI decides
 * (TTY, NO_COLOR, FORCE_COLOR), renderers never guess, so golden files stay byte-stable.
 */
export interface TextStyle {
  readonly color: boolean;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
}

const ESC = '\u001b[';

function wrap(open: number, close: number): (text: string) => string {
  // Empty strings stay empty so column padding and joins do not pick up stray escapes.
  return (text) => (text === '' ? text : `${ESC}${open}m${text}${ESC}${close}m`);
}

const plain = (text: string): string => text;

/** A style that emits ANSI escapes only when `color` is true. */
export function createTextStyle(color: boolean): TextStyle {
  if (!color) {
    return { color, bold: plain, dim: plain, green: plain, yellow: plain, red: plain, cyan: plain };
  }
  return {
    color,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    red: wrap(31, 39),
    cyan: wrap(36, 39),
  };
}
