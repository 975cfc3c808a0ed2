import { describe, expect, test } from 'vitest';
import { describeGroupSource, describeGroupSubject, groupSimilarChecks } from '../../src/render/describe-check.js';
import type { SkuRef } from '../../src/model/plan.js';
import { aCheck, at, aUser, SKU } from '../support/plan-fixtures.js';

const keeps = (name: string, file: string, line: number, sku: SkuRef = SKU.SPE_E3) =>
  aCheck('inherited-kept', 'note', `keeps ${sku.skuPartNumber} through group Sales`, {
    principal: aUser(`${name}@contoso.com`), sku, source: at(file, line),
  });

describe('groupSimilarChecks', () => {
  test('merges the same finding for principals listed in different places, in order of first appearance', () => {
    const groups = groupSimilarChecks([
      keeps('kim', 'b.yaml', 9), keeps('lee', 'a.yaml', 5, SKU.POWER_BI_PRO), keeps('max', 'a.yaml', 4),
    ]);
    expect(groups.map((g) => [g.check.sku?.skuPartNumber, g.principals.map((p) => p.name)])).toEqual([
      ['SPE_E3', ['kim@contoso.com', 'max@contoso.com']],
      ['POWER_BI_PRO', ['lee@contoso.com']],
    ]);
  });

  test('keeps findings apart when severity, message or hint differ', () => {
    const a = keeps('kim', 'a.yaml', 1);
    const groups = groupSimilarChecks([a, { ...a, severity: 'warning' }, { ...a, message: 'gets SPE_E3 through group Sales' }, { ...a, hint: 'h' }]);
    expect(groups).toHaveLength(4);
  });
});

describe('describeGroupSource', () => {
  test('one place', () => {
    expect(describeGroupSource(groupSimilarChecks([keeps('kim', 'a.yaml', 4)])[0]!)).toBe('a.yaml:4:3');
  });

  test('several places in file and line order, each file named once per run, at most three', () => {
    const [group] = groupSimilarChecks([
      keeps('kim', 'b.yaml', 9), keeps('lee', 'a.yaml', 5), keeps('max', 'a.yaml', 4), keeps('nina', 'b.yaml', 2),
    ]);
    expect(describeGroupSource(group!)).toBe('a.yaml:4:3, 5:3, b.yaml:2:3, and 1 more');
  });

  test('nothing when no check has a source', () => {
    const [group] = groupSimilarChecks([aCheck('removal-guard', 'error', 'too many')]);
    expect(describeGroupSource(group!)).toBe('');
  });
});

describe('describeGroupSubject', () => {
  test('one principal with its SKU, or the SKU and a count with the first names', () => {
    const name = (t: string): string => t;
    expect(describeGroupSubject(groupSimilarChecks([keeps('kim', 'a.yaml', 1)])[0]!, name)).toBe('user kim@contoso.com, SPE_E3');
    const many = groupSimilarChecks(Array.from({ length: 12 }, (_, i) => keeps(`u${String(i).padStart(2, '0')}`, 'a.yaml', i + 1)));
    expect(describeGroupSubject(many[0]!, name)).toBe(
      'SPE_E3, 12 users: u00@contoso.com, u01@contoso.com, u02@contoso.com, u03@contoso.com, u04@contoso.com, ' +
      'u05@contoso.com, u06@contoso.com, u07@contoso.com, u08@contoso.com, u09@contoso.com, and 2 more',
    );
  });
});
