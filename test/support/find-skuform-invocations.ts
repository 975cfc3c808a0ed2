import { splitCommandLine } from './check-cli-argv.js';

/** One `skuform …` command in a shell script: its argv after `skuform`, and where it starts. */
export interface SkuformInvocation {
  /** 1-based line of the script (plus the offset given) where the command starts. */
  line: number;
  /** The simple command as written, continuations joined, comments and operators removed. */
  text: string;
  /** The words after `skuform` (quotes removed, nothing expanded, redirections dropped). */
  argv: string[];
}

interface Segment {
  line: number;
  text: string;
}

/**
 * Cuts a script into simple commands the way a POSIX shell reads it, without expanding
 * anything: `\` at a line end continues the line, `#` at the start of a word comments out the
 * rest of the line, and newlines, `;`, `&`, `&&`, `||` and `|` separate commands, except
 * inside quotes (a quoted argument may span lines) and in redirections such as `2>&1`.
 */
function splitSimpleCommands(script: string, firstLine: number): Segment[] {
  const segments: Segment[] = [];
  let text = '';
  let line = firstLine;
  let start = firstLine;
  let quote: '"' | "'" | undefined;
  const end = (): void => {
    if (text.trim() !== '') segments.push({ line: start, text: text.trim() });
    text = '';
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i] as string;
    if (text.trim() === '') start = line;
    if (ch === '\n') line++;
    if (quote !== undefined) {
      // The quotes stay in the text: splitCommandLine removes them when it cuts the words.
      if (ch === quote) quote = undefined;
      if (ch === '\\' && quote === '"' && i + 1 < script.length) {
        text += ch + (script[++i] as string);
        if (script[i] === '\n') line++;
      } else {
        text += ch;
      }
      continue;
    }
    if (ch === '\\' && script[i + 1] === '\n') {
      i++;
      line++;
      text += ' ';
    } else if (ch === '\\') {
      text += ch + (script[++i] ?? '');
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      text += ch;
    } else if (ch === '&' && /[<>]$/u.test(text)) {
      text += ch; // 2>&1: a redirection, not a background command
    } else if (ch === '#' && (text === '' || /\s$/u.test(text))) {
      while (i + 1 < script.length && script[i + 1] !== '\n') i++;
    } else if (ch === '\n' || ch === ';' || ch === '&' || ch === '|') {
      if ((ch === '&' || ch === '|') && script[i + 1] === ch) i++;
      end();
    } else {
      text += ch;
    }
  }
  if (quote !== undefined) throw new Error(`line ${start}: unterminated ${quote}`);
  end();
  return segments;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/u;
const PREFIXES = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', 'time', 'exec']);
const REDIRECT_ALONE = /^\d*(>>?|<|>&)$/u;
const REDIRECT_JOINED = /^\d*(>>?|<|>&)./u;

/** The words a command runs with: no keywords or `NAME=value` before it, no redirections. */
function commandWords(words: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (REDIRECT_ALONE.test(word)) i++;
    else if (!REDIRECT_JOINED.test(word)) kept.push(word);
  }
  let first = 0;
  while (first < kept.length && (ASSIGNMENT.test(kept[first] as string) || PREFIXES.has(kept[first] as string))) first++;
  return kept.slice(first);
}

/**
 * Where skuform's own arguments start in a command's words: after `skuform`, `npx skuform`
 * or `node …/dist/src/cli/main.js` (the built CLI run directly); -1 for any other program.
 */
export function skuformArgvStart(words: readonly string[]): number {
  if (words[0] === 'skuform') return 1;
  if (words[0] === 'npx' && words[1] === 'skuform') return 2;
  if (words[0] === 'node' && /(^|\/)dist\/src\/cli\/main\.js$/u.test(words[1] ?? '')) return 2;
  return -1;
}

/**
 * Every command in a shell script (a README block, a workflow's `run:`) that runs skuform (see
 * {@link skuformArgvStart}), with the line it starts on; `firstLine` is the script's first
 * line in its file.
 */
export function findSkuformInvocations(script: string, firstLine = 1): SkuformInvocation[] {
  return splitSimpleCommands(script, firstLine).flatMap((segment) => {
    const words = commandWords(splitCommandLine(segment.text));
    const at = skuformArgvStart(words);
    return at < 0 ? [] : [{ line: segment.line, text: segment.text, argv: words.slice(at) }];
  });
}
