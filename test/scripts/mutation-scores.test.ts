import { describe, expect, it } from 'vitest';
import { groupFiles } from '../../scripts/mutate.mjs';
import { formatScores, scoresByFolder, undetectedMutants, type MutationReport } from '../../scripts/mutation-scores.mjs';

const at = (line: number, column = 1) => ({ start: { line, column } });
const mutant = (status: string, line = 1, mutatorName = 'EqualityOperator', replacement?: string) => ({ status, mutatorName, location: at(line), ...(replacement === undefined ? {} : { replacement }) });

/** A report shaped like Stryker's JSON report (absolute file names). */
const report: MutationReport = {
  files: {
    '/repo/src/plan/a.ts': { mutants: [mutant('Killed'), mutant('Killed'), mutant('Timeout'), mutant('Survived', 12, 'EqualityOperator', 'delta >= 0'), mutant('CompileError')] },
    '/repo/src/plan/b.ts': { mutants: [mutant('Killed'), mutant('NoCoverage', 3, 'BlockStatement', '{}'), mutant('Ignored')] },
    '/repo/src/stores/file-store.ts': { mutants: [mutant('Killed'), mutant('Killed'), mutant('Killed'), mutant('Killed')] },
    '/repo/src/stores/file/lock.ts': { mutants: [] },
  },
};

describe('scripts/mutation-scores.mjs', () => {
  it('scores each folder as killed or timed out over killed, timed out, survived and not covered', () => {
    const { rows, total } = scoresByFolder(report, '/repo');
    expect(rows.map((row) => [row.folder, row.killed, row.timeout, row.survived, row.noCoverage, row.ignored, row.invalid, row.score, row.target])).toEqual([
      ['src/plan', 3, 1, 1, 1, 1, 1, (100 * 4) / 6, 85],
      ['src/stores', 4, 0, 0, 0, 0, 0, 100, 80],
      ['src/stores/file', 0, 0, 0, 0, 0, 0, null, 80],
    ]);
    expect([total.killed, total.score]).toEqual([7, (100 * 8) / 10]);
  });

  it('prints one line per folder with its target', () => {
    expect(formatScores(scoresByFolder(report, '/repo')).split('\n')).toEqual([
      'folder            score  killed  timeout  survived  no cov  ignored       target',
      'src/plan          66.7%       3        1         1       1        1  85% NOT met',
      'src/stores       100.0%       4        0         0       0        0      80% met',
      'src/stores/file     n/a       0        0         0       0        0          80%',
      'all               80.0%       7        1         1       1        1',
    ]);
  });

  it('lists the undetected mutants by file and line', () => {
    expect(undetectedMutants(report, '/repo')).toEqual([
      'src/plan/a.ts:12:1 EqualityOperator -> delta >= 0 [Survived]',
      'src/plan/b.ts:3:1 BlockStatement -> {} [NoCoverage]',
    ]);
  });
});

describe('scripts/mutate.mjs', () => {
  it('runs each group on its in-scope files only, barrels left out', () => {
    const groups = groupFiles(['src/plan/a.ts', 'src/plan/index.ts', 'src/stores/graph/x.ts', 'src/stores/file/lock.ts', 'src/stores/file-store.ts', 'src/render/markdown-escape.ts', 'src/render/render-plan-text.ts', 'README.md']);
    expect(groups.map((group) => [group.name, group.files])).toEqual([
      ['plan', ['src/plan/a.ts']],
      ['file store', ['src/stores/file/lock.ts', 'src/stores/file-store.ts']],
      ['sanitising and markdown fitting', ['src/render/markdown-escape.ts']],
    ]);
  });
});
