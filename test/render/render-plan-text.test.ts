import { describe, expect, test } from 'vitest';
import { renderPlanSummaryLine } from '../../src/render/render-plan-summary-line.js';
import { renderPlanText } from '../../src/render/render-plan-text.js';
import { aCheck, aGroup, anOperation, aPlan, assignChange, aUser, PLAN, removeChange, SKU, updateChange } from '../support/plan-fixtures.js';
import { RENDER_SCENARIOS } from '../support/render-scenarios.js';

const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[`);
const ANSI_CODES = new RegExp(`${ESC}\\[\\d+m`, 'g');

describe('renderPlanText', () => {
  test.each(Object.entries(RENDER_SCENARIOS))('%s: no escape codes without color, some with it', (_name, build) => {
    const plan = build();
    expect(renderPlanText(plan, { color: false })).not.toMatch(ANSI);
    const colored = renderPlanText(plan, { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored.replace(ANSI_CODES, '')).toBe(renderPlanText(plan, { color: false }));
  });

  test('colours assign green, update yellow and remove red', () => {
    const plan = aPlan({
      operations: [anOperation(aUser('a@contoso.com'), [
        assignChange(SKU.SPE_E5), updateChange(SKU.POWER_BI_PRO, [], [PLAN.SWAY]), removeChange(SKU.SPE_E3),
      ])],
    });
    const text = renderPlanText(plan, { color: true });
    expect(text).toContain('\u001b[32m+ assign SPE_E5');
    expect(text).toContain('\u001b[33m~ update POWER_BI_PRO');
    expect(text).toContain('\u001b[31m- remove SPE_E3');
  });

  test('neutralises control characters in names so they cannot forge plan lines', () => {
    const evil = aGroup('Sales\n  - remove SPE_E5 \u001b[2K');
    const text = renderPlanText(aPlan({ operations: [anOperation(evil, [assignChange(SKU.SPE_E3)], { memberCount: 2 })] }), { color: false });
    expect(text).not.toMatch(ANSI);
    expect(text).not.toMatch(/^\s*- remove SPE_E5/m);
    expect(text).toContain('# group Sales\\u{a}  - remove SPE_E5 \\u{1b}[2K (2 members');
  });

  test('marks a check under the change it concerns and lists it again in its section', () => {
    const kim = aUser('kim@contoso.com');
    const plan = aPlan({
      operations: [anOperation(kim, [removeChange(SKU.SPE_E3), assignChange(SKU.POWER_BI_PRO)])],
      checks: [aCheck('data-loss-risk', 'warning', 'Mailbox goes away.', { principal: kim, sku: SKU.SPE_E3, hint: 'Back it up.' })],
    });
    const lines = renderPlanText(plan, { color: false }).split('\n');
    const removeAt = lines.findIndex((l) => l.includes('- remove SPE_E3'));
    expect(lines[removeAt + 1]).toContain('! warning: data-loss risk — Mailbox goes away.');
    const warnings = lines.indexOf('Warnings:');
    expect(warnings).toBeGreaterThan(removeAt);
    expect(lines.slice(warnings).join('\n')).toContain('! data-loss risk: user kim@contoso.com, SPE_E3\n      Mailbox goes away.\n      Hint: Back it up.');
  });

  test('marks each check under its own principal only, telling a user from a group with the same id', () => {
    const kim = aUser('kim@contoso.com');
    const sameId = { ...aGroup('Sales'), id: kim.id };
    const lee = aUser('lee@contoso.com');
    const plan = aPlan({
      operations: [anOperation(kim, [assignChange(SKU.SPE_E3)]), anOperation(sameId, [assignChange(SKU.SPE_E3)]), anOperation(lee, [assignChange(SKU.SPE_E3)])],
      checks: [
        aCheck('account-disabled', 'warning', 'Kim is disabled.', { principal: kim }),
        aCheck('account-disabled', 'warning', 'Lee is disabled.', { principal: lee }),
        aCheck('inherited-kept', 'note', 'Lee keeps it.', { principal: lee }),
      ],
    });
    const blocks = renderPlanText(plan, { color: false }).split('Warnings:')[0]?.split('  # ') ?? [];
    const blockOf = (header: string): string => blocks.find((b) => b.startsWith(header)) ?? '';
    expect(blockOf('user kim@contoso.com')).toContain('Kim is disabled.');
    expect(blockOf('group Sales')).not.toContain('disabled');
    expect(blockOf('user lee@contoso.com')).toContain('Lee is disabled.');
    expect(blockOf('user lee@contoso.com')).not.toContain('Lee keeps it.');
  });

  test('ends a blocked plan with every error and its fix instead of the summary line', () => {
    const build = RENDER_SCENARIOS['blocked-by-seats'];
    if (!build) throw new Error('scenario missing');
    const text = renderPlanText(build(), { color: false });
    expect(text).not.toContain('\nPlan: ');
    const tail = text.slice(text.indexOf('Plan blocked: 2 errors must be fixed'));
    expect(tail).toContain('x not enough seats: SPE_E5');
    expect(tail).toContain('Fix: buy more seats, free some first, or lower seatReserve for this SKU');
    expect(tail).toContain('x no usage location: user ivan@contoso.com\n      has no usage location');
  });

  test('marks seat shortfalls in the table', () => {
    const plan = aPlan({
      operations: [anOperation(aUser('a@contoso.com'), [assignChange(SKU.SPE_E5)])],
      stock: [{ sku: SKU.SPE_E5, total: 3, used: 3, reserve: 1 }],
    });
    expect(renderPlanText(plan, { color: false })).toMatch(/SPE_E5 \(Microsoft 365 E5\) +3 +3 +0 +\+1 +-1 +1 {2}short by 2 seats/);
  });
});

describe('renderPlanSummaryLine', () => {
  test.each([
    ['simple-assign-update-remove', 'Plan: 3 to assign, 1 to update, 2 to remove.'],
    ['no-changes', 'No changes. The tenant matches the configuration.'],
    ['blocked-by-seats', 'Plan blocked by 2 errors: not enough seats (SPE_E5); no usage location. Held back: 2 to assign, 0 to update, 0 to remove.'],
    ['blocked-by-removal-guard', 'Plan blocked by 1 error: too many removals. Held back: 0 to assign, 0 to update, 7 to remove.'],
  ])('%s', (scenario, line) => {
    const build = RENDER_SCENARIOS[scenario];
    if (!build) throw new Error('scenario missing');
    expect(renderPlanSummaryLine(build())).toBe(line);
  });
});
