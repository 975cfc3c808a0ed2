import type { SourceLocation } from '../model/diagnostic.js';

/** Turns character offsets into 1-based line and column numbers. */
export interface LineIndex {
  locate(offset: number): { line: number; column: number };
  /** `locate` as a place in `file`, built in one step: a large file has one per principal. */
  sourceLocation(file: string, offset: number): SourceLocation;
  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string;
}

/**
 * Line starts of `text`; `\n`, `\r\n` and a lone `\r` each end a line, as in YAML. Lookups
 * mostly move forward through a file, so the last line found is tried first.
 */
export function createLineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  if (text.includes('\r')) {
    starts.length = 1;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
  }
  let cursor = 0;
  const search = (at: number, from: number, to: number): number => {
    let lo = from;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  /** The 0-based line of an offset already clamped to the text. */
  const lineOf = (at: number): number => {
    let line = cursor;
    if ((starts[line] ?? 0) > at) line = search(at, 0, line);
    else {
      for (let steps = 0; steps < 8 && line + 1 < starts.length && (starts[line + 1] ?? 0) <= at; steps++) line++;
      if (line + 1 < starts.length && (starts[line + 1] ?? 0) <= at) line = search(at, line, starts.length - 1);
    }
    cursor = line;
    return line;
  };
  const locate = (offset: number): { line: number; column: number } => {
    const at = Math.max(0, Math.min(offset, text.length));
    const line = lineOf(at);
    return { line: line + 1, column: at - (starts[line] ?? 0) + 1 };
  };
  const sourceLocation = (file: string, offset: number): SourceLocation => {
    const at = Math.max(0, Math.min(offset, text.length));
    const line = lineOf(at);
    return { file, line: line + 1, column: at - (starts[line] ?? 0) + 1 };
  };
  const lineText = (line: number): string => {
    const start = starts[line - 1];
    if (start === undefined) return '';
    const end = starts[line] ?? text.length;
    return text.slice(start, end).replace(/\r?\n$|\r$/u, '');
  };
  return { locate, sourceLocation, lineText };
}
