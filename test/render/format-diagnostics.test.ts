import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { formatDiagnostic, formatDiagnostics } from '../../src/render/format-diagnostics.js';

const SOURCE = 'users:\n  alice@contoso.com:\n    - sku: SPE_E9\n\tbad: tab\n';
const sources = new Map([['licenses/users.yaml', SOURCE]]);
const unknownSku: Diagnostic = {
  severity: 'error',
  code: 'unknown-sku',
  message: 'unknown SKU \'SPE_E9\'',
  location: { file: 'licenses/users.yaml', line: 3, column: 12 },
  hint: 'did you mean SPE_E3 or SPE_E5?',
};

describe('formatDiagnostics', () => {
  it('writes the compiler convention, then the hint', () => {
    expect(formatDiagnostic(unknownSku)).toBe("licenses/users.yaml:3:12: error: unknown SKU 'SPE_E9'\n  hint: did you mean SPE_E3 or SPE_E5?");
  });

  it('adds the source line with a caret under the column when asked (a TTY)', () => {
    expect(formatDiagnostic(unknownSku, { sources, snippets: true })).toBe([
      "licenses/users.yaml:3:12: error: unknown SKU 'SPE_E9'",
      '  hint: did you mean SPE_E3 or SPE_E5?',
      '  3 |     - sku: SPE_E9',
      '    |            ^',
    ].join('\n'));
  });

  it('writes warnings, diagnostics without a place, and notes for the other places involved', () => {
    const text = formatDiagnostics([
      { severity: 'warning', code: 'empty-file', message: 'the file is empty', location: { file: 'a.yaml', line: 1, column: 1 } },
      { severity: 'error', code: 'no-config', message: 'no skuform.yaml' },
      { severity: 'error', code: 'duplicate-principal', message: "user 'a' is listed twice", location: { file: 'b.yaml', line: 4, column: 3 }, related: [{ message: 'first given here', location: { file: 'a.yaml', line: 2, column: 3 } }] },
    ]);
    expect(text).toBe([
      'a.yaml:1:1: warning: the file is empty',
      'error: no skuform.yaml',
      "b.yaml:4:3: error: user 'a' is listed twice",
      'a.yaml:2:3: note: first given here',
      '',
    ].join('\n'));
  });

  it('colours only when asked', () => {
    expect(formatDiagnostic(unknownSku)).not.toContain('\x1b[');
    expect(formatDiagnostic(unknownSku, { color: true })).toContain('\x1b[31merror:\x1b[0m');
  });

  it('neutralises control characters from hostile files and tabs in the snippet', () => {
    const hostile: Diagnostic = { severity: 'error', code: 'x', message: 'bad \x1b[2J thing', location: { file: 'licenses/users.yaml', line: 4, column: 2 } };
    const text = formatDiagnostic(hostile, { sources, snippets: true });
    expect(text).not.toContain('\x1b');
    expect(text.split('\n').slice(1)).toEqual(['  4 |  bad: tab', '    |  ^']);
  });

  it('shortens a long line around the column, keeping the caret under it', () => {
    const long = `${'a'.repeat(300)}X${'b'.repeat(300)}`;
    const lines = formatDiagnostic({ severity: 'error', code: 'x', message: 'here', location: { file: 'l.yaml', line: 1, column: 301 } }, { sources: new Map([['l.yaml', long]]), snippets: true }).split('\n');
    const [source, caret] = [lines[1] ?? '', lines[2] ?? ''];
    expect(source.length).toBeLessThan(140);
    expect(source[caret.indexOf('^')]).toBe('X');
  });

  it('leaves out the snippet when the source is unknown or the line does not exist', () => {
    expect(formatDiagnostic(unknownSku, { snippets: true }).split('\n')).toHaveLength(2);
    expect(formatDiagnostic({ ...unknownSku, location: { file: 'licenses/users.yaml', line: 99, column: 1 } }, { sources, snippets: true }).split('\n')).toHaveLength(2);
  });
});
