import { describe, expect, it } from 'vitest';
import { loadConfigSources, resolveDesiredState } from '../../src/config/index.js';
import { indexOfSku, sortLicenses } from '../../src/config/sort-licenses.js';
import type { DesiredLicense } from '../../src/model/desired.js';
import type { SubscribedSku } from '../../src/model/tenant.js';
import { CATALOG as catalog, CATALOG_SKUS as all, catalogSku as sku } from '../support/catalog-skus.js';

const TENANT = [sku('SPE_E3'), sku('SPE_E5'), sku('POWER_BI_PRO')];

function resolve(text: string, skus: readonly SubscribedSku[] = TENANT, offline = false) {
  const loaded = loadConfigSources([{ file: 'f.yaml', text }]);
  expect(loaded.diagnostics).toEqual([]);
  return resolveDesiredState(loaded.config, skus, catalog, { offline });
}

const brief = (diagnostics: { severity: string; code: string; location?: { line: number; column: number } }[]): string[] =>
  diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.severity} ${d.code}`);

describe('resolving entries that many users repeat', () => {
  it('gives each repeat its own license, plan list and place', () => {
    const users = ['a', 'b', 'c'].map((u) => `  ${u}:\n    - sku: SPE_E5\n      disabledPlans: [SWAY]\n`).join('');
    const { desired, diagnostics } = resolve(`users:\n${users}`);
    expect(diagnostics).toEqual([]);
    const [a, b, c] = desired.users.map((u) => u.licenses[0]);
    expect(a?.disabledPlans).toEqual(b?.disabledPlans);
    expect(a).not.toBe(b);
    expect(a?.disabledPlans).not.toBe(b?.disabledPlans);
    expect([a, b, c].map((l) => l?.source.line)).toEqual([3, 6, 9]);
  });

  it('reports an entry that does not resolve at every place it is written', () => {
    const { diagnostics } = resolve('users:\n  a:\n    - sku: SPE_E9\n  b:\n    - sku: SPE_E9\n  c:\n    - sku: SPE_E3\n      disabledPlans: [NOPE]\n  d:\n    - sku: SPE_E3\n      disabledPlans: [NOPE]\n');
    expect(brief(diagnostics)).toEqual(['3:12 error unknown-sku', '5:12 error unknown-sku', '8:23 error unknown-plan', '11:23 error unknown-plan']);
  });

  it('repeats a warning at every place: offline, an ambiguous product name', () => {
    const { desired, diagnostics } = resolve('users:\n  a:\n    - sku: Visio Plan 2\n  b:\n    - sku: Visio Plan 2\n', all, true);
    expect(brief(diagnostics)).toEqual(['3:12 warning ambiguous-sku', '5:12 warning ambiguous-sku']);
    expect(desired.users.map((u) => u.licenses.length)).toEqual([1, 1]);
  });

  it('tells entries apart by every name and by the kind of plan list', () => {
    const { desired } = resolve('users:\n  a:\n    - sku: SPE_E5\n      disabledPlans: [SWAY]\n  b:\n    - sku: SPE_E5\n      enabledPlans: [SWAY]\n  c:\n    - sku: SPE_E5\n  d:\n    - sku: SPE_E5\n      disabledPlans: [SWAY, TEAMS1]\n');
    const [a, b, c, d] = desired.users.map((u) => u.licenses[0]);
    expect([a, b, c, d].map((l) => [l?.mode, l?.disabledPlans.length])).toEqual([
      ['disabledPlans', 1],
      ['enabledPlans', sku('SPE_E5').servicePlans.filter((p) => p.appliesTo === 'User').length - 1],
      ['disabledPlans', 0],
      ['disabledPlans', 2],
    ]);
  });
});

describe('sortLicenses and indexOfSku', () => {
  const license = (skuId: string, profile?: string): DesiredLicense => ({ skuId, disabledPlans: [], mode: 'disabledPlans', profile, source: { file: 'f', line: 1, column: 1 } });

  it.each([
    [[], []],
    [['b'], ['b']],
    [['c', 'a', 'b'], ['a', 'b', 'c']],
    [['b', 'a', 'b', 'a'], ['a', 'a', 'b', 'b']],
  ])('sorts %j by skuId', (ids, sorted) => {
    expect(sortLicenses(ids.map((id) => license(id))).map((l) => l.skuId)).toEqual(sorted);
  });

  it('keeps the order of equal skuIds', () => {
    const sorted = sortLicenses([license('b', '1'), license('a', '2'), license('b', '3'), license('a', '4')]);
    expect(sorted.map((l) => l.profile)).toEqual(['2', '4', '1', '3']);
  });

  it('finds a license by skuId', () => {
    const list = [license('x'), license('y')];
    expect([indexOfSku(list, 'y'), indexOfSku(list, 'z')]).toEqual([1, -1]);
  });
});
