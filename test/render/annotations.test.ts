import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import type { Check } from '../../src/model/plan.js';
import {
  annotationFromCheck,
  annotationFromDiagnostic,
  escapeAnnotationData,
  escapeAnnotationProperty,
  formatAnnotation,
  renderAnnotations,
} from '../../src/render/annotations.js';

const anError = (n: number, extra: Partial<Diagnostic> = {}): Diagnostic => ({
  severity: 'error', code: 'unknown-sku', message: `unknown SKU "E${n}"`,
  location: { file: 'licenses/users.yaml', line: n, column: 5 }, ...extra,
});

const aWarning = (n: number): Diagnostic => ({ ...anError(n), severity: 'warning', code: 'account-disabled', message: `warning ${n}` });

describe('escaping', () => {
  it.each([
    ['100%', '100%25'],
    ['line1\nline2', 'line1%0Aline2'],
    ['crlf\r\nend', 'crlf%0D%0Aend'],
    ['%0A literally', '%250A literally'],
    ['a: b, c', 'a: b, c'],
    ['::error::injected', '::error::injected'],
  ])('data %j -> %j', (input, expected) => {
    expect(escapeAnnotationData(input)).toBe(expected);
  });

  it.each([
    ['a: b, c', 'a%3A b%2C c'],
    ['C:\\repo\\x.yaml', 'C%3A\\repo\\x.yaml'],
    ['50%,\n', '50%25%2C%0A'],
    ['title=x,line=1', 'title=x%2Cline=1'],
  ])('property %j -> %j', (input, expected) => {
    expect(escapeAnnotationProperty(input)).toBe(expected);
  });

  it('writes no position without a file', () => {
    expect(formatAnnotation({ level: 'error', line: 3, message: 'm' })).toBe('::error::m');
  });

  it.each([
    [{ file: 'a.yaml' }, '::error file=a.yaml::m'],
    [{ file: 'a.yaml', line: 3 }, '::error file=a.yaml,line=3::m'],
    [{ file: 'a.yaml', column: 7 }, '::error file=a.yaml,col=7::m'],
    [{ file: 'a.yaml', endLine: 4, endColumn: 2 }, '::error file=a.yaml,endLine=4,endColumn=2::m'],
  ])('writes only the position properties it has: %j', (position, line) => {
    expect(formatAnnotation({ level: 'error', message: 'm', ...position })).toBe(line);
  });

  it('keeps a hostile message and file name inside one command', () => {
    const line = formatAnnotation({
      level: 'error', file: 'evil,line=99:x.yaml', line: 3, column: 7, title: 'a,b:c',
      message: 'first\n::warning::forged\r\n100%',
    });
    expect(line).toBe('::error file=evil%2Cline=99%3Ax.yaml,line=3,col=7,title=a%2Cb%3Ac::first%0A::warning::forged%0D%0A100%25');
    expect(line.split('\n')).toHaveLength(1);
  });
});

describe('annotationFromDiagnostic', () => {
  it('adds a hint line only for a hint with text', () => {
    expect(annotationFromDiagnostic(anError(1, { hint: '' })).message).toBe('unknown SKU "E1"');
    expect(annotationFromDiagnostic(anError(1, { hint: 'check the SKU' })).message).toBe('unknown SKU "E1"\nhint: check the SKU');
  });

  it('has no end of range when the diagnostic has none', () => {
    expect(annotationFromDiagnostic(anError(2))).toStrictEqual({
      level: 'error', message: 'unknown SKU "E2"', title: 'skuform unknown-sku', file: 'licenses/users.yaml', line: 2, column: 5,
    });
  });
});

describe('renderAnnotations', () => {
  it('writes diagnostics with position, code as title, hint and related places', () => {
    const lines = renderAnnotations({
      diagnostics: [
        anError(4, { hint: 'did you mean "SPE_E5"?', location: { file: 'licenses\\users.yaml', line: 4, column: 5, endLine: 4, endColumn: 12 } }),
        { severity: 'error', code: 'duplicate-principal', message: 'alice listed twice', location: { file: 'b.yaml', line: 2, column: 3 },
          related: [{ message: 'first listed here', location: { file: 'a.yaml', line: 9, column: 3 } }] },
        { severity: 'error', code: 'no-config', message: 'no skuform.yaml or licenses/ found' },
      ],
    }, { mapFile: (f) => `repo/${f}` });
    expect(lines).toEqual([
      '::error file=repo/licenses/users.yaml,line=4,endLine=4,col=5,endColumn=12,title=skuform unknown-sku::unknown SKU "E4"%0Ahint: did you mean "SPE_E5"?',
      '::error file=repo/b.yaml,line=2,col=3,title=skuform duplicate-principal::alice listed twice%0Afirst listed here (repo/a.yaml:9:3)',
      '::error title=skuform no-config::no skuform.yaml or licenses/ found',
    ]);
  });

  it('writes plan checks that have a source, naming their principal, notes as notices, and skips the rest', () => {
    const bob = { kind: 'user', id: 'b0b', name: 'bob@contoso.com' } as const;
    const checks: Check[] = [
      { code: 'usage-location-missing', severity: 'error', principal: bob, message: 'has no usage location', source: { file: 'u.yaml', line: 7, column: 3 }, hint: 'set usageLocation' },
      { code: 'inherited-kept', severity: 'note', message: 'keeps SPE_E3 through group Sales', principal: { kind: 'user', id: 'c4r', name: 'carol@contoso.com' }, source: { file: 'u.yaml', line: 9, column: 3 } },
      { code: 'unmanaged-holders', severity: 'note', message: '12 seats of SPE_E3 are held outside the config' },
    ];
    expect(renderAnnotations({ checks })).toEqual([
      '::error file=u.yaml,line=7,col=3,title=skuform usage-location-missing::user bob@contoso.com has no usage location%0Ahint: set usageLocation',
      '::notice file=u.yaml,line=9,col=3,title=skuform inherited-kept::user carol@contoso.com keeps SPE_E3 through group Sales',
    ]);
    expect(annotationFromCheck(checks[2] as Check)).toBeUndefined();
  });

  it('emits every annotation when a level has at most ten', () => {
    const lines = renderAnnotations({ diagnostics: Array.from({ length: 10 }, (_, i) => anError(i + 1)) });
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l.startsWith('::error file='))).toBe(true);
  });

  it('summarises the rest of a level beyond what GitHub shows, counting per level', () => {
    const diagnostics = [...Array.from({ length: 25 }, (_, i) => anError(i + 1)), ...Array.from({ length: 3 }, (_, i) => aWarning(i + 1))];
    const lines = renderAnnotations({ diagnostics });

    const errors = lines.filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(10);
    expect(errors.slice(0, 9).map((l) => /line=(\d+)/.exec(l)?.[1])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(errors[9]).toBe(
      '::error title=skuform%3A 16 more errors::16 more errors not shown as annotations (GitHub shows 10 per type per step). See all 25 in the job log and the job summary.',
    );
    expect(lines.filter((l) => l.startsWith('::warning'))).toHaveLength(3);
  });

  it('annotates a warning check as a warning and names notes as notes in the summary', () => {
    const source = { file: 'u.yaml', line: 4, column: 3 };
    const principal = { kind: 'user', id: 'a1', name: 'alice@contoso.com' } as const;
    const checks: Check[] = [
      { code: 'account-disabled', severity: 'warning', principal, message: 'is disabled', source },
      ...Array.from({ length: 3 }, (): Check => ({ code: 'inherited-kept', severity: 'note', principal, message: 'keeps SPE_E3', source })),
    ];
    expect(renderAnnotations({ checks }, { shownPerLevel: 2 })).toEqual([
      '::warning file=u.yaml,line=4,col=3,title=skuform account-disabled::user alice@contoso.com is disabled',
      '::notice file=u.yaml,line=4,col=3,title=skuform inherited-kept::user alice@contoso.com keeps SPE_E3',
      '::notice title=skuform%3A 2 more notes::2 more notes not shown as annotations (GitHub shows 2 per type per step). See all 3 in the job log and the job summary.',
    ]);
  });

  it('uses the configured limit and place in the summary', () => {
    const lines = renderAnnotations(
      { diagnostics: [aWarning(1), aWarning(2), aWarning(3)] },
      { shownPerLevel: 2, seeAllAt: 'the "Validate" step log' },
    );
    expect(lines).toEqual([
      expect.stringContaining('::warning file=licenses/users.yaml,line=1,'),
      '::warning title=skuform%3A 2 more warnings::2 more warnings not shown as annotations (GitHub shows 2 per type per step). See all 3 in the "Validate" step log.',
    ]);
  });
});
