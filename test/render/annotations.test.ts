import { describe, expect, test } from 'vitest';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import {
  annotationFromCheck, escapeAnnotationData, escapeAnnotationProperty, formatAnnotation, renderAnnotations,
} from '../../src/render/annotations.js';
import { aCheck, at, aUser, SKU } from '../support/plan-fixtures.js';

const anError = (n: number): Diagnostic => ({
  severity: 'error', code: 'schema', message: `problem ${n}`, location: { file: 'licenses/users.yaml', line: n, column: 3 },
});

describe('escaping', () => {
  test('data escapes %, CR and LF, and leaves : and , alone', () => {
    expect(escapeAnnotationData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
  });

  test('properties also escape : and , which separate properties', () => {
    expect(escapeAnnotationProperty('C:\\licenses\\a,b.yaml\n%')).toBe('C%3A\\licenses\\a%2Cb.yaml%0A%25');
  });

  test('% is escaped first, so an escape sequence in the input is not decoded by GitHub', () => {
    expect(escapeAnnotationData('%0A')).toBe('%250A');
  });

  test('a command with a position, a title and a multi-line message', () => {
    const line = formatAnnotation({
      level: 'warning', file: 'licenses/a,b.yaml', line: 4, column: 3, title: 'skuform: x', message: 'first\nsecond',
    });
    expect(line).toBe('::warning file=licenses/a%2Cb.yaml,line=4,col=3,title=skuform%3A x::first%0Asecond');
  });

  test('no position without a file', () => {
    expect(formatAnnotation({ level: 'error', line: 3, message: 'm' })).toBe('::error::m');
  });
});

describe('renderAnnotations', () => {
  test('up to the limit, every annotation of a level is shown as is', () => {
    const lines = renderAnnotations({ diagnostics: Array.from({ length: 10 }, (_, i) => anError(i + 1)) });
    expect(lines).toHaveLength(10);
    expect(lines.every((l) => l.startsWith('::error file=licenses/users.yaml,'))).toBe(true);
  });

  test('above the limit, the tenth slot names how many more there are and where to read them', () => {
    const lines = renderAnnotations({ diagnostics: Array.from({ length: 14 }, (_, i) => anError(i + 1)) }, { seeAllAt: 'the job summary' });
    expect(lines).toHaveLength(10);
    expect(lines[8]).toContain('::problem 9');
    expect(lines[9]).toBe(
      '::error title=skuform%3A 5 more errors::5 more errors not shown as annotations (GitHub shows 10 per type per step). See all 14 in the job summary.',
    );
  });

  test('each level has its own limit, and errors come before warnings and notes', () => {
    const checks = Array.from({ length: 12 }, (_, i) => aCheck('inherited-kept', 'note', 'keeps SPE_E3 through group Sales', {
      principal: aUser(`u${i}@contoso.com`), sku: SKU.SPE_E3, source: at('licenses/users.yaml', i + 1),
    }));
    const lines = renderAnnotations({ diagnostics: [anError(1)], checks }, { shownPerLevel: 3 });
    expect(lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual(['::error', '::notice', '::notice', '::notice']);
    expect(lines[3]).toContain('10 more notes not shown');
  });

  test('paths are mapped to the repository and use forward slashes', () => {
    const [line] = renderAnnotations({ diagnostics: [anError(2)] }, { mapFile: (f) => `config\\${f}` });
    expect(line).toContain('file=config/licenses/users.yaml,line=2,col=3');
  });
});

describe('annotationFromCheck', () => {
  test('names the principal, since the annotation stands alone on a line of the file', () => {
    const check = aCheck('data-loss-risk', 'warning', 'would lose Teams: no enabled plan of it remains', {
      principal: aUser('kim@contoso.com'), source: at('licenses/leavers.yaml', 4), hint: 'export their data first',
    });
    expect(annotationFromCheck(check)).toEqual({
      level: 'warning', title: 'skuform data-loss-risk', file: 'licenses/leavers.yaml', line: 4, column: 3,
      message: 'user kim@contoso.com would lose Teams: no enabled plan of it remains\nhint: export their data first',
    });
  });

  test('a check without a source has no line to annotate', () => {
    expect(annotationFromCheck(aCheck('removal-guard', 'error', 'the plan removes 60 licenses'))).toBeUndefined();
  });
});
