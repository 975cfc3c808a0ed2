import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCatalog, parseCsv } from '../../scripts/build-catalog.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const HEADER = 'Product_Display_Name,String_Id,GUID,Service_Plan_Name,Service_Plan_Id,Service_Plans_Included_Friendly_Names';
const SKU_A = '11111111-1111-4111-8111-111111111111';
const SKU_B = '22222222-2222-4222-8222-222222222222';
const PLAN_X = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const PLAN_Y = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\r\n');
}

describe('scripts/build-catalog.mjs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skuform-catalog-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the committed catalogue equals a fresh build of the committed CSV', () => {
    const out = join(dir, 'catalog-data.json');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-catalog.mjs'), join(ROOT, 'data', 'product-names-and-service-plan-identifiers.csv'), out], { stdio: 'pipe' });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(ROOT, 'src', 'catalog', 'catalog-data.json'), 'utf8'));
  });

  it('parses quoted fields with commas, doubled quotes and line breaks, CRLF and a BOM', () => {
    const rows = parseCsv('\ufeffa,"b, c","say ""hi""","two\nlines"\r\nd,e,f,g\r\n');
    expect(rows).toEqual([['a', 'b, c', 'say "hi"', 'two\nlines'], ['d', 'e', 'f', 'g']]);
  });

  it('trims and collapses stray spaces, tabs and NBSP, and drops duplicate rows', () => {
    const { catalog, stats } = buildCatalog(csv(
      `Product\u00a0A ,PART_A ,${SKU_A},PLAN\t X,${PLAN_X},Plan  X`,
      `Product\u00a0A ,PART_A ,${SKU_A},PLAN\t X,${PLAN_X},Plan  X`,
    ), 'test.csv');
    expect(stats.duplicates).toBe(1);
    expect(catalog.skus).toEqual([[SKU_A, 'PART_A', 'Product A', [0]]]);
    expect(catalog.plans).toEqual([[PLAN_X, 'PLAN X', 'Plan X']]);
  });

  it('keeps both GUIDs of one part number, and picks the most frequent spelling of a plan', () => {
    const { catalog } = buildCatalog(csv(
      `Calling A,MCOPSTN5,${SKU_A},PLAN_X,${PLAN_X},Exchange Foundation`,
      `Calling A,MCOPSTN5,${SKU_A},PLAN_Y,${PLAN_Y},Y`,
      `Calling B,MCOPSTN5,${SKU_B},PLAN_X,${PLAN_X},EXCHANGE FOUNDATION`,
      `Calling B,MCOPSTN5,${SKU_B},Plan_x),${PLAN_X},Exchange Foundation`,
    ), 'test.csv');
    expect(catalog.skus.map((s) => [s[0], s[1]])).toEqual([[SKU_A, 'MCOPSTN5'], [SKU_B, 'MCOPSTN5']]);
    expect(catalog.plans[0]).toEqual([PLAN_X, 'PLAN_X', 'Exchange Foundation']);
  });

  it('breaks frequency ties deterministically: no spaces in names, not shouting in friendly names', () => {
    const rows = [
      `P,PART,${SKU_A},Plan With Space,${PLAN_X},PLAN X`,
      `Q,PART2,${SKU_B},PLAN_NAME,${PLAN_X},Plan X`,
    ];
    const forward = buildCatalog(csv(...rows), 't').catalog;
    const backward = buildCatalog(csv(...[...rows].reverse()), 't').catalog;
    expect(forward).toEqual(backward);
    expect(forward.plans[0]).toEqual([PLAN_X, 'PLAN_NAME', 'Plan X']);
  });

  it('splits a cell that glues two plan names together', () => {
    const { catalog } = buildCatalog(csv(
      `Power BI Premium EM1,PBI_PREMIUM_EM1_ADDON,${SKU_A},EXCHANGE_S_FOUNDATION PBI_PREMIUM_EM1_ADDON,${PLAN_X},Exchange Foundation`,
      `Power BI Premium EM1,PBI_PREMIUM_EM1_ADDON,${SKU_A},EXCHANGE_S_FOUNDATION PBI_PREMIUM_EM1_ADDON,${PLAN_Y},Power BI Premium EM1`,
      `Other,OTHER,${SKU_B},EXCHANGE_S_FOUNDATION,${PLAN_X},Exchange Foundation`,
      `Other,OTHER,${SKU_B},EXCHANGE_S_FOUNDATION,${PLAN_X},Exchange Foundation`,
    ), 't');
    expect(catalog.plans).toEqual([[PLAN_X, 'EXCHANGE_S_FOUNDATION', 'Exchange Foundation'], [PLAN_Y, 'PBI_PREMIUM_EM1_ADDON', 'Power BI Premium EM1']]);
  });

  it('skips rows without valid GUIDs and says so', () => {
    const { catalog, stats } = buildCatalog(csv(`Bad,BAD,not-a-guid,PLAN_X,${PLAN_X},X`, `Good,GOOD,${SKU_A},PLAN_X,${PLAN_X},X`), 't');
    expect(catalog.skus.map((s) => s[1])).toEqual(['GOOD']);
    expect(stats.warnings).toHaveLength(1);
  });
});
