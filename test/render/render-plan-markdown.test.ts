import { describe, expect, test } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { codeBlock, codeSpan, escapeHtml, escapeMarkdown, tableCodeSpan } from '../../src/render/markdown-escape.js';
import { GITHUB_COMMENT_LIMIT, renderPlanMarkdown } from '../../src/render/render-plan-markdown.js';
import { aCheck, aGroup, anOperation, aPlan, assignChange, aUser, SKU } from '../support/plan-fixtures.js';
import { aHugePlan, HOSTILE_GROUP, RENDER_SCENARIOS } from '../support/render-scenarios.js';

const ZWSP = '\u200b';
const OPTIONS = { commitSha: 'abcdef1234567890', plannedAt: '2026-03-02T09:30:00Z', fullPlanUrl: 'https://ci.example/run/1' };

function scenario(name: string): Plan {
  const build = RENDER_SCENARIOS[name];
  if (!build) throw new Error(`no scenario ${name}`);
  return build();
}

/** Table cell separators: pipes not escaped with a backslash. */
const cellPipes = (row: string): number => (row.match(/(?<!\\)\|/g) ?? []).length;

describe('markdown escaping', () => {
  test.each([
    ['@team please look', `@${ZWSP}team please look`],
    ['mail alice@contoso.com', 'mail alice@contoso.com'],
    ['see #12', `see #${ZWSP}12`],
    ['a | b', 'a \\| b'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['**bold** _it_ `code` ~~s~~', '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~'],
    ['[x](https://evil.example)', `\\[x\\](https:${ZWSP}//evil.example)`],
    ['two\nlines', 'two lines'],
    ['AT&T &amp;', 'AT&amp;T &amp;amp;'],
  ])('escapeMarkdown(%j)', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  test('escapeHtml keeps entities whole while defusing mentions', () => {
    expect(escapeHtml(`it's @ops <b>`)).toBe(`it&#39;s @${ZWSP}ops &lt;b&gt;`);
  });

  test.each([
    ['plain', '`plain`'],
    ['a`b', '``a`b``'],
    ['`x`', '`` `x` ``'],
    ['a | b', '`a | b`'],
  ])('codeSpan(%j)', (input, expected) => {
    expect(codeSpan(input)).toBe(expected);
  });

  test('tableCodeSpan escapes pipes, which GitHub reads as cell breaks even in code', () => {
    expect(tableCodeSpan('a | b`')).toBe('`` a \\| b` ``');
  });

  test('a code block fence is longer than any fence inside', () => {
    expect(codeBlock('x\n````\ny', 'diff')).toBe('`````diff\nx\n````\ny\n`````');
  });
});

describe('renderPlanMarkdown', () => {
  test('puts the counts, or "No changes", or "Blocked: why" in the first line', () => {
    const first = (plan: Plan): string => renderPlanMarkdown(plan, OPTIONS).split('\n')[0] ?? '';
    expect(first(scenario('simple-assign-update-remove'))).toBe('### skuform plan: 3 to assign, 1 to update, 2 to remove');
    expect(first(scenario('no-changes'))).toBe('### ✅ skuform plan: No changes. The tenant matches the configuration.');
    expect(first(scenario('blocked-by-removal-guard'))).toBe('### ⛔ skuform plan — Blocked: too many removals');
  });

  test('escapes a hostile group name everywhere it appears', () => {
    const md = renderPlanMarkdown(scenario('group-with-many-members'), OPTIONS);
    expect(md).toContain(
      `<code>Sales | EMEA &lt;b&gt;Leads&lt;/b&gt; @${ZWSP}sales-team \`ops\` [x](https:${ZWSP}//evil.example)</code>`,
    );
    expect(md).not.toContain('<b>Leads');
    expect(md).not.toMatch(/(^|\s)@sales-team/);
  });

  test('keeps table rows intact when a name contains pipes and backticks', () => {
    const hostile = aGroup(HOSTILE_GROUP);
    const others = Array.from({ length: 30 }, (_, i) => anOperation(aUser(`u${i}@contoso.com`), [assignChange(SKU.SPE_E3)]));
    const plan = aPlan({
      operations: [anOperation(hostile, [assignChange(SKU.SPE_E3), assignChange(SKU.SPE_E5)], { memberCount: 3 }), ...others],
      checks: [aCheck('member-usage-location-missing', 'warning', `${HOSTILE_GROUP} has members without a usage location`, { principal: hostile })],
    });
    const condensed = renderPlanMarkdown(plan, { ...OPTIONS, maxLength: renderPlanMarkdown(plan, OPTIONS).length - 1 });
    expect(condensed).toContain('#### Largest changes (top 10 of 31)');
    const row = condensed.split('\n').find((l) => l.startsWith('| group '));
    expect(row).toBe('| group ``Sales \\| EMEA <b>Leads</b> @sales-team `ops` [x](https://evil.example)`` | 3 | `+SPE_E3 +SPE_E5` |');
    expect(cellPipes(row ?? '')).toBe(4);
    expect(condensed).toContain(`group \`\`Sales | EMEA <b>Leads</b> @sales-team \`ops\` [x](https://evil.example)\`\`: Sales \\| EMEA &lt;b&gt;Leads&lt;/b&gt; @${ZWSP}sales-team`);
  });

  test('is deterministic for the same plan and options', () => {
    const plan = scenario('blocked-by-removal-guard');
    expect(renderPlanMarkdown(plan, OPTIONS)).toBe(renderPlanMarkdown(structuredClone(plan), OPTIONS));
  });

  test('a 10,000-operation plan fits in one comment, summarised by SKU, and says where the full plan is', () => {
    const plan = aHugePlan(10_000);
    const md = renderPlanMarkdown(plan, OPTIONS);
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(md.startsWith('### skuform plan: 7500 to assign, 2500 to update, 5000 to remove\n')).toBe(true);
    expect(md).toContain('This plan is too large for one comment, so the changes of its 10000 users are summarised by SKU');
    expect(md).toContain('[the full plan](https://ci.example/run/1)');
    expect(md).toContain('#### Changes by SKU');
    expect(md).toContain('| `SPE_E3` Microsoft 365 E3 | 2500 | 2500 | 2500 | 7500 | 0 |');
    expect(md).toContain('#### Largest changes (top 10 of 10000)');
    expect(md).not.toContain('<details><summary>user');
  });

  test('degrades step by step as the limit shrinks, always staying under it', () => {
    const plan = aHugePlan(300);
    const full = renderPlanMarkdown(plan, { ...OPTIONS, maxLength: 10_000_000 });
    expect(full).toContain('#### Changes by user and group');
    const condensed = renderPlanMarkdown(plan, { ...OPTIONS, maxLength: full.length });
    expect(condensed.length).toBeLessThan(full.length);
    expect(condensed).toContain('#### Changes by SKU');
    expect(condensed).not.toContain('#### Changes by user and group');
    for (const maxLength of [1500, 600, 40, 1]) {
      const cut = renderPlanMarkdown(plan, { ...OPTIONS, maxLength });
      expect(cut.length).toBeLessThan(maxLength);
      if (maxLength >= 600) {
        expect(cut.startsWith('### skuform plan: 225 to assign, 75 to update, 150 to remove\n')).toBe(true);
        expect(cut).toContain("Truncated to fit GitHub's comment limit. See [the full plan](https://ci.example/run/1)");
      }
    }
  });

  test('without a link it points to the job summary', () => {
    const plan = aHugePlan(10_000);
    const condensed = renderPlanMarkdown(plan, { maxLength: 2000 });
    expect(condensed.length).toBeLessThan(2000);
    expect(condensed).toContain('See the job summary of this workflow run for every change.');
    const cut = renderPlanMarkdown(plan, { maxLength: 1000 });
    expect(cut.length).toBeLessThan(1000);
    expect(cut).toContain('See the job summary of this workflow run for the complete plan.');
  });

  test('a blocked huge plan keeps its errors visible after shortening lists', () => {
    const base = aHugePlan(2_000);
    const warnings = base.operations.slice(0, 500).map((op) => aCheck('data-loss-risk', 'warning', `${op.principal.name} loses the mailbox.`, {
      principal: op.principal, sku: SKU.SPE_E3,
    }));
    const plan = aPlan({
      operations: base.operations,
      stock: [{ sku: SKU.SPE_E3, total: 10, used: 10 }],
      checks: [...warnings, aCheck('removal-guard', 'error', 'This plan removes 1000 licenses; the guard allows 50.')],
    });
    const md = renderPlanMarkdown(plan, OPTIONS);
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(md).toContain('#### ⛔ Errors — fix these first (1)');
    expect(md).toContain('#### ⚠️ Data-loss risks (500)');
    expect(md).toContain('- …and 480 more (see the full plan)');
  });

  test('lists a finding shared by many principals once, naming the first ten', () => {
    const users = Array.from({ length: 12 }, (_, i) => aUser(`u${String(i).padStart(2, '0')}@contoso.com`));
    const plan = aPlan({
      operations: users.map((u) => anOperation(u, [assignChange(SKU.SPE_E3)])),
      checks: users.map((u) => aCheck('account-disabled', 'warning', 'The account is disabled.', { principal: u })),
    });
    const items = renderPlanMarkdown(plan, OPTIONS).split('\n').filter((l) => l.startsWith('- **account disabled**'));
    expect(items).toEqual([
      `- **account disabled** · 12 users: ${users.slice(0, 10).map((u) => `\`${u.name}\``).join(', ')}, and 2 more: The account is disabled.`,
    ]);
  });

  test('shows the commit and plan time in the footer', () => {
    const md = renderPlanMarkdown(scenario('simple-assign-update-remove'), { ...OPTIONS, configPath: 'licenses/' });
    expect(md.trimEnd().split('\n').at(-1)).toBe(
      '<sub>skuform · planned at 2026-03-02T09:30:00Z · commit `abcdef123456` · [the full plan](https://ci.example/run/1)</sub>',
    );
    expect(renderPlanMarkdown(aPlan({ operations: [anOperation(aUser('a@contoso.com'), [assignChange(SKU.SPE_E3)])] })))
      .toContain('<sub>skuform</sub>');
  });
});
