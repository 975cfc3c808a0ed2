import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, runCli, useExampleCopy } from '../support/run-cli.js';

/**
 * Cost in every plan rendering and time-bound entries, as a user meets them: the built CLI on
 * a copy of the example, with the clock set through SKUFORM_NOW.
 */
const planSchema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'plan.schema.json'), 'utf8')) as Record<string, unknown>;
const validatePlan = new Ajv2020({ allErrors: true, strict: false }).compile(planSchema);

describe('cost and lifecycle in plans', () => {
  const copy = useExampleCopy({ beforeEach, afterEach });
  let dir = '';
  beforeEach(() => {
    dir = copy();
  });

  it('text: a cost table per SKU, the total, the cost in the summary line and the date rule in the header', async () => {
    const run = await runCli(['plan', 'examples/licenses'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Cost (EUR per month, billed annually; your prices from settings.prices):');
    expect(run.stdout).toMatch(/PROJECTPROFESSIONAL \(Planner and Project Plan 3\) +€28\.10 +8 +0 +€224\.80 +€0\.00 +\+€224\.80/);
    expect(run.stdout).toMatch(/Total +14 +4 +€422\.80 +€134\.80 +\+€288\.00/);
    expect(run.stdout).toContain('Dates:         as of 2026-12-04T09:00:00.000Z; bare dates in Europe/Amsterdam (from: start of that\n');
    expect(run.stdout).toContain('loses VISIOCLIENT after 2026-12-31 (in 28 days)');
    expect(run.stdout).toMatch(/Plan: 7 to assign, 5 to update, 4 to remove; \+10 seats, \+€288\.00 \/ month\.\n$/);
  });

  it('json: exact decimal strings, the time-zone rule, and the plan schema accepts it', async () => {
    const run = await runCli(['plan', 'examples/licenses', '--format', 'json'], { cwd: dir });
    const plan = JSON.parse(run.stdout) as { cost: { total: unknown; unpriced: unknown[] }; lifecycle: unknown; formatVersion: number };
    expect(validatePlan(plan) ? [] : validatePlan.errors).toEqual([]);
    expect(plan.formatVersion).toBe(1);
    expect(plan.cost.total).toEqual({ seatsAdded: 14, seatsFreed: 4, added: '422.80', freed: '134.80', net: '288.00' });
    expect(plan.cost.unpriced).toEqual([]);
    expect(plan.lifecycle).toEqual({ evaluatedAt: '2026-12-04T09:00:00.000Z', timeZone: 'Europe/Amsterdam', lookaheadDays: 30 });
  });

  it('markdown (the PR comment and job summary): the headline leads with the cost, then a cost table', async () => {
    const run = await runCli(['plan', 'examples/licenses', '--format', 'markdown'], { cwd: dir });
    expect(run.stdout.split('\n')[0]).toBe('### skuform plan: +10 seats, +€288.00 / month · 7 to assign, 5 to update, 4 to remove');
    expect(run.stdout).toContain('#### Cost (EUR per month, billed annually; your prices from settings.prices)');
    expect(run.stdout).toContain('| **Total** |  | **14** | **4** | **€422.80** | **€134.80** | **+€288.00** |');
  });

  it('diff: the cost in the header comment', async () => {
    const run = await runCli(['plan', 'examples/licenses', '--format', 'diff'], { cwd: dir });
    expect(run.stdout.split('\n')[1]).toBe('# Cost: +10 seats, +€288.00 / month (EUR, your prices from settings.prices).');
  });

  it('names a SKU without a price in the headline instead of guessing one', async () => {
    const settings = join(dir, 'examples', 'licenses', 'settings.yaml');
    await writeFile(settings, (await readFile(settings, 'utf8')).replace(/ {4}PROJECTPROFESSIONAL: 28\.10\n/u, ''));
    const run = await runCli(['plan', 'examples/licenses'], { cwd: dir });
    expect(run.stdout).toMatch(/Plan: 7 to assign, 5 to update, 4 to remove; \+10 seats, \+€63\.20 \/ month \(PROJECTPROFESSIONAL has no price\)\.\n$/);
    expect(run.stdout).toContain('Note: PROJECTPROFESSIONAL has no price: its seats are not in the total; add the price to\n        settings.prices.');
  });

  it('removes the contractor\'s Visio once its until has passed (Amsterdam time), as a change with seats, cost and a note', async () => {
    const lastDay = await runCli(['plan', 'examples/licenses', '--format', 'json'], { cwd: dir, env: { SKUFORM_NOW: '2026-12-31T22:59:59Z' } });
    const stillThere = JSON.parse(lastDay.stdout) as { operations: { principal: { name: string } }[] };
    expect(stillThere.operations.map((op) => op.principal.name)).not.toContain('ivo.koster@contoso.com');

    const run = await runCli(['plan', 'examples/licenses'], { cwd: dir, env: { SKUFORM_NOW: '2026-12-31T23:00:00Z' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('# user ivo.koster@contoso.com\n  - remove VISIOCLIENT (Visio Plan 2)');
    expect(run.stdout).toContain('held VISIOCLIENT until 2026-12-31, which has passed; the plan removes it');
    expect(run.stdout).toMatch(/VISIOCLIENT \(Visio Plan 2\) +€14\.10 +1 +1 +€14\.10 +€14\.10 +€0\.00/);
    const validate = await runCli(['validate', 'examples/licenses'], { cwd: dir, env: { SKUFORM_NOW: '2027-01-05T00:00:00Z' } });
    expect(validate.code).toBe(0);
    expect(validate.stderr).toContain('examples/licenses/users/contractors.yaml:7:9: warning: this entry ended (`until: 2026-12-31` has passed), so it no longer gives anyone this license');
  });

  it('export writes no from/until: the tenant cannot know them', async () => {
    const run = await runCli(['export', '--store', 'file:examples/tenant.json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/\b(from|until):/u);
    expect(run.stdout).toContain('ivo.koster@contoso.com');
  });
});

describe('validation of prices, currency and dates', () => {
  const copy = useExampleCopy({ beforeEach, afterEach });
  let dir = '';
  beforeEach(() => {
    dir = copy();
  });

  async function validate(yaml: string): Promise<{ code: number | null; stderr: string }> {
    await mkdir(join(dir, 'bad'), { recursive: true });
    await writeFile(join(dir, 'bad', 'skuform.yaml'), yaml);
    return runCli(['validate', 'bad/skuform.yaml'], { cwd: dir });
  }

  it('checks the shape first: billing words and date formats, with positions', async () => {
    const run = await validate(['settings:', '  billing: yearly', 'users:', '  ann@contoso.com:', '    - sku: VISIOCLIENT', '      until: 2027-03-31T17:00', ''].join('\n'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("bad/skuform.yaml:2:12: error: expected monthly or annual, got the text 'yearly'");
    expect(run.stderr).toMatch(/6:14: error: the text '2027-03-31T17:00' is not a valid date or date-time\n {2}hint: for example: 2027-03-31, 2027-03-31T17:00:00\+01:00/);
  });

  it('after the shape, the names: currency, time zone, SKUs in prices, decimals and dates', async () => {
    const run = await validate([
      'settings:',
      '  currency: EUR',
      '  timeZone: Europe/Amsterdm',
      '  prices:',
      '    SPE_E33: 33.70',
      '    SPE_E5: 54.705',
      'users:',
      '  ann@contoso.com:',
      '    - sku: SPE_E3',
      '      from: 2027-02-30',
      '    - sku: SPE_E5',
      '      from: 2027-03-01',
      '      until: 2027-02-01',
      '',
    ].join('\n'));
    expect(run.code).toBe(1);
    const lines = run.stderr;
    expect(lines).toContain("bad/skuform.yaml:3:13: error: unknown time zone 'Europe/Amsterdm'\n  hint: did you mean Europe/Amsterdam?");
    expect(lines).toContain("bad/skuform.yaml:5:5: error: unknown SKU 'SPE_E33'");
    expect(lines).toMatch(/5:5: error: unknown SKU 'SPE_E33'\n {2}hint: did you mean SPE_E3/);
    expect(lines).toContain("bad/skuform.yaml:6:13: error: price '54.705' has more decimals than EUR has (2)");
    expect(lines).toContain("bad/skuform.yaml:10:13: error: `from`: '2027-02-30' is not a date in the calendar");
    expect(lines).toContain("bad/skuform.yaml:13:14: error: `until` '2027-02-01' is not after `from` '2027-03-01': the entry would never be in force");
  });

  it('an unknown currency, with a suggestion; SKU names in prices are still checked', async () => {
    const run = await validate('settings:\n  currency: EUE\n  prices:\n    SPE_E33: 33.70\n');
    expect(run.stderr).toContain("bad/skuform.yaml:2:13: error: unknown currency 'EUE': not an ISO 4217 currency code\n  hint: did you mean EUR");
    expect(run.stderr).toMatch(/4:5: error: unknown SKU 'SPE_E33'\n {2}hint: did you mean SPE_E3/);
  });

  it('a price with more decimals than the currency has, and prices without a currency', async () => {
    const decimals = await validate('settings:\n  currency: JPY\n  prices:\n    SPE_E3: 4500.5\n');
    expect(decimals.stderr).toContain("bad/skuform.yaml:4:13: error: price '4500.5' has more decimals than JPY has (0)\n  hint: JPY has no minor unit: write a whole number");
    const noCurrency = await validate('settings:\n  prices:\n    SPE_E3: "33.70"\n');
    expect(noCurrency.stderr).toContain('bad/skuform.yaml:3:13: error: prices need a currency');
  });

  it('accepts lower-case currency codes, quoted prices and date-times with offsets', async () => {
    const run = await validate([
      'settings:', '  currency: bhd', '  prices:', '    SPE_E3: "12.345"', 'users:', '  ann@contoso.com:', '    - sku: SPE_E3',
      '      from: 2027-01-01T09:00:00+03:00', '      until: 2027-06-30', '',
    ].join('\n'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});
