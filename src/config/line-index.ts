/** Turns character offsets into 1-based line and column numbers. */
export interface LineIndex {
  locate(offset: number): { line: number; column: number };
  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string;
}

/** Line starts of `text`; `\n`, `\r\n` and a lone `\r` each end a line, as in YAML. */
export function createLineIndex(text: string): LineIndex {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  const locate = (offset: number): { line: number; column: number } => {
    const at = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (starts[lo] ?? 0) + 1 };
  };
  const lineText = (line: number): string => {
    const start = starts[line - 1];
    if (start === undefined) return '';
    const end = starts[line] ?? text.length;
    return text.slice(start, end).replace(/\r?\n$|\r$/u, '');
  };
  return { locate, lineText };
}
