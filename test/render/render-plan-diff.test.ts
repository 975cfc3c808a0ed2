import { applyPatch, parsePatch } from 'diff';
import jsYaml from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Operation, Plan } from '../../src/model/plan.js';
import { emitPrincipalYaml, formatYamlScalar } from '../../src/render/emit-yaml.js';
import { renderPlanDiff, renderPrincipalFragments } from '../../src/render/render-plan-diff.js';
import { aGroup, anOperation, aPlan, assignChange, aUser, E5_ALL_BUT_EXCHANGE_AND_TEAMS, PLAN, SKU, updateChange } from '../support/plan-fixtures.js';
import { HOSTILE_GROUP, RENDER_SCENARIOS } from '../support/render-scenarios.js';

/** What a side should say, computed from the plan without the emitter. */
function expectedSide(op: Operation, side: 'before' | 'after'): unknown {
  const section = op.principal.kind === 'user' ? 'users' : 'groups';
  const licenses = op.changes.flatMap((c) => {
    const state = c[side];
    if (!state) return [];
    const names = state.disabledPlans.map((p) => p.servicePlanName);
    return [names.length > 0 ? { sku: c.sku.skuPartNumber, disabledPlans: names } : { sku: c.sku.skuPartNumber }];
  });
  return { [section]: { [op.principal.name]: { licenses } } };
}

const TRICKY = [
  'alice@contoso.com', 'All Staff', 'yes', 'No', 'off', 'null', '~', '0123', '1e5', '.inf', '-dash', '- item',
  'key: value', 'a #comment', '#ops', '@mention', '`tick`', 'quote"d', "it's", 'back\\slash', 'tab\there',
  'line\nbreak', ' padded ', 'trailing ', '', '[x]', '{y}', 'a, b', '*alias', '&anchor', '!tag', '|', '>', '%directive',
  '?', 'bell\u0007', 'sep\u2028x', 'bom\ufeff', 'Ünïcödé Grüppe', '営業部', HOSTILE_GROUP,
];

describe('emit-yaml', () => {
  test.each(TRICKY)('%j survives as a key and as a list item in YAML 1.2 and 1.1 parsers', (value) => {
    const text = emitPrincipalYaml('groups', value, [{ sku: 'SPE_E3', disabledPlans: [value, 'SWAY'] }], 'flow');
    const expected = { groups: { [value]: { licenses: [{ sku: 'SPE_E3', disabledPlans: [value, 'SWAY'] }] } } };
    expect(parseYaml(text)).toEqual(expected);
    expect(jsYaml.load(text)).toEqual(expected);
    const block = emitPrincipalYaml('groups', value, [{ sku: value, disabledPlans: [value] }], 'block');
    expect(parseYaml(block)).toEqual({ groups: { [value]: { licenses: [{ sku: value, disabledPlans: [value] }] } } });
  });

  test.each([
    ['alice@contoso.com', 'alice@contoso.com'],
    ['All Staff', 'All Staff'],
    ['SPE_E3', 'SPE_E3'],
    ['yes', '"yes"'],
    ['05e9a617-0261-4cee-bb44-138d3ef5d965', '"05e9a617-0261-4cee-bb44-138d3ef5d965"'],
    ['a: b', '"a: b"'],
    ['line\nbreak', '"line\\nbreak"'],
  ])('%j is written as %s', (value, written) => {
    expect(formatYamlScalar(value)).toBe(written);
  });
});

describe('renderPlanDiff', () => {
  test.each(Object.entries(RENDER_SCENARIOS))('%s: each patch turns the current side into the desired side', (_name, build) => {
    const plan: Plan = build();
    const patches = parsePatch(renderPlanDiff(plan, { color: false }));
    const withHunks = patches.filter((p) => p.hunks.length > 0);
    expect(withHunks).toHaveLength(plan.operations.length);
    for (const [i, op] of plan.operations.entries()) {
      const { path, current, desired } = renderPrincipalFragments(op);
      const patch = withHunks[i];
      if (!patch) throw new Error(`no patch for ${op.id}`);
      expect(patch.oldFileName).toBe(`current/${path}`);
      expect(parseYaml(current)).toEqual(expectedSide(op, 'before'));
      const applied = applyPatch(current, patch);
      expect(applied).toBe(desired);
      expect(parseYaml(applied || '')).toEqual(expectedSide(op, 'after'));
    }
  });

  test('is empty when nothing changes, like git diff', () => {
    expect(renderPlanDiff(aPlan(), { color: false })).toBe('');
  });

  test('shows a switched-off plan as one changed line, also in a long list', () => {
    const before = E5_ALL_BUT_EXCHANGE_AND_TEAMS.filter((p) => p.servicePlanName !== 'SWAY');
    const plan = aPlan({ operations: [anOperation(aUser('frank@contoso.com'), [updateChange(SKU.SPE_E5, before, E5_ALL_BUT_EXCHANGE_AND_TEAMS)])] });
    const changed = renderPlanDiff(plan, { color: false }).split('\n').filter((l) => /^[-+](?![-+])/.test(l));
    expect(changed).toEqual(['+          - SWAY']);
  });

  test('quotes a hostile group name in the YAML and keeps the file header on one line', () => {
    const plan = aPlan({ operations: [anOperation(aGroup('Ops\tteam\nx: y'), [assignChange(SKU.SPE_E3, [PLAN.SWAY])], { memberCount: 1 })] });
    const diff = renderPlanDiff(plan, { color: false });
    expect(diff).toContain('--- current/groups/Ops\\u{9}team\\u{a}x: y\n');
    expect(diff).toContain('   "Ops\\tteam\\nx: y":\n');
  });

  test('colours added lines green and removed lines red only when asked', () => {
    const build = RENDER_SCENARIOS['simple-assign-update-remove'];
    if (!build) throw new Error('scenario missing');
    const colored = renderPlanDiff(build(), { color: true });
    expect(colored).toContain('\u001b[32m+        disabledPlans: [YAMMER_ENTERPRISE]\u001b[39m');
    expect(colored).toContain('\u001b[31m-        disabledPlans: [SWAY, YAMMER_ENTERPRISE]\u001b[39m');
    expect(renderPlanDiff(build(), { color: false })).not.toContain('\u001b[');
  });
});
