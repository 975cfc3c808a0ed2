import { describe, expect, test } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { renderPlanJson } from '../../src/render/render-plan-json.js';
import { RENDER_SCENARIOS } from '../support/render-scenarios.js';

/** The same values with every object's keys in reverse insertion order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

const simple = (): Plan => {
  const build = RENDER_SCENARIOS['simple-assign-update-remove'];
  if (!build) throw new Error('scenario missing');
  return build();
};

describe('renderPlanJson', () => {
  test('gives identical bytes for identical plans built in a different key order', () => {
    const plan = simple();
    expect(renderPlanJson(reverseKeys(plan) as Plan)).toBe(renderPlanJson(plan));
  });

  test('writes 2-space indentation and one trailing newline', () => {
    const json = renderPlanJson(simple());
    expect(json.startsWith('{\n  "formatVersion": 1,\n  "tenant": {\n    "id": ')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.endsWith('\n\n')).toBe(false);
  });

  test('sorts record keys so insertion order does not leak into the bytes', () => {
    const plan = simple();
    const reversed: Plan = {
      ...plan,
      fingerprints: { ...plan.fingerprints, principals: Object.fromEntries(Object.entries(plan.fingerprints.principals).reverse()) },
    };
    expect(renderPlanJson(reversed)).toBe(renderPlanJson(plan));
    const ids = Object.keys((JSON.parse(renderPlanJson(reversed)) as Plan).fingerprints.principals);
    expect(ids).toEqual([...ids].sort());
  });

  test('round-trips: parsing the JSON and rendering it again changes nothing', () => {
    for (const build of Object.values(RENDER_SCENARIOS)) {
      const json = renderPlanJson(build());
      expect(renderPlanJson(JSON.parse(json) as Plan)).toBe(json);
    }
  });

  test('leaves out optional fields that are absent and drops fields the type does not have', () => {
    const plan = simple();
    const withExtra = { ...plan, debug: 'x', operations: plan.operations.map((o) => ({ ...o, memberCount: undefined, note: 1 })) };
    const parsed = JSON.parse(renderPlanJson(withExtra as Plan)) as Record<string, unknown> & Plan;
    expect(parsed).not.toHaveProperty('debug');
    expect(parsed.operations[0]).not.toHaveProperty('note');
    expect(parsed.operations[0]).not.toHaveProperty('memberCount');
  });
});
