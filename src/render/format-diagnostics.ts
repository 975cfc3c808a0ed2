import type { Diagnostic, SourceLocation } from '../model/diagnostic.js';
import { sanitizeSourceLine, sanitizeText } from './sanitize-text.js';

/**
 * Diagnostics in the compiler convention editors and CI problem matchers read:
 * `path:line:col: error: message`, then `  hint: ...`, then (on a TTY) the offending source
 * line with a caret under the column, then `note:` lines for the other places involved.
 */
export interface FormatDiagnosticsOptions {
  /** File text by path (as in the diagnostics), for the source lines. */
  sources?: ReadonlyMap<string, string>;
  /** Show the offending source line with a caret (the caller turns this on for a TTY). */
  snippets?: boolean;
  /** ANSI colours; off unless asked. */
  color?: boolean;
}

const MAX_SNIPPET = 120;
const ANSI = { bold: '\x1b[1m', red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', reset: '\x1b[0m' };

type Paint = (style: keyof typeof ANSI, text: string) => string;

function painter(color: boolean): Paint {
  return color ? (style, text) => `${ANSI[style]}${text}${ANSI.reset}` : (_style, text) => text;
}

/** Source lines by file, split once per file however many diagnostics point into it. */
class SourceLines {
  private readonly split = new Map<string, string[]>();

  constructor(private readonly sources: ReadonlyMap<string, string> | undefined) {}

  line(file: string, line: number): string | undefined {
    let lines = this.split.get(file);
    if (!lines) {
      const text = this.sources?.get(file);
      if (text === undefined) return undefined;
      lines = text.split(/\r\n|\n|\r/u);
      this.split.set(file, lines);
    }
    return lines[line - 1];
  }
}

function place(location: SourceLocation): string {
  return sanitizeText(`${location.file}:${location.line}:${location.column}`);
}

/** The source line (shortened around the column when long) and a caret under the column. */
function snippet(text: string, location: SourceLocation, paint: Paint): string[] {
  let column = Math.max(1, location.column);
  let shown = sanitizeSourceLine(text);
  if (shown.length > MAX_SNIPPET) {
    const start = Math.max(0, Math.min(column - 1 - MAX_SNIPPET / 2, shown.length - MAX_SNIPPET));
    shown = `${start > 0 ? '…' : ''}${shown.slice(start, start + MAX_SNIPPET)}${start + MAX_SNIPPET < shown.length ? '…' : ''}`;
    column = column - start + (start > 0 ? 1 : 0);
  }
  const gutter = String(location.line);
  const pad = ' '.repeat(gutter.length);
  return [
    `  ${paint('dim', `${gutter} |`)} ${shown}`,
    `  ${paint('dim', `${pad} |`)} ${' '.repeat(Math.min(column - 1, shown.length))}${paint('bold', '^')}`,
  ];
}

function render(diagnostic: Diagnostic, options: FormatDiagnosticsOptions, lines: SourceLines): string {
  const paint = painter(options.color === true);
  const label = diagnostic.severity === 'error' ? paint('red', 'error:') : paint('yellow', 'warning:');
  const head = diagnostic.location ? `${paint('bold', `${place(diagnostic.location)}:`)} ` : '';
  const out = [`${head}${label} ${sanitizeText(diagnostic.message)}`];
  if (diagnostic.hint) out.push(`  ${paint('cyan', 'hint:')} ${sanitizeText(diagnostic.hint)}`);
  const text = diagnostic.location && options.snippets ? lines.line(diagnostic.location.file, diagnostic.location.line) : undefined;
  if (diagnostic.location && text !== undefined) out.push(...snippet(text, diagnostic.location, paint));
  for (const related of diagnostic.related ?? []) {
    out.push(`${paint('bold', `${place(related.location)}:`)} ${paint('cyan', 'note:')} ${sanitizeText(related.message)}`);
  }
  return out.join('\n');
}

/** One diagnostic as lines of text (no trailing newline). */
export function formatDiagnostic(diagnostic: Diagnostic, options: FormatDiagnosticsOptions = {}): string {
  return render(diagnostic, options, new SourceLines(options.sources));
}

/** Every diagnostic, in the order given, each block ending in a newline. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatDiagnosticsOptions = {}): string {
  const lines = new SourceLines(options.sources);
  return diagnostics.map((d) => `${render(d, options, lines)}\n`).join('');
}
