import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import type { CheckCode, OperationPhase, Plan } from '../../src/model/plan.js';
import { OPERATION_PHASES } from '../../src/model/plan.js';
import { canonicalizePlan, renderPlanJson } from '../../src/render/render-plan-json.js';
import { aGroup, anOperation, aPlan, assignChange, at, aUser, SKU } from '../support/plan-fixtures.js';
import { aHugePlan, RENDER_SCENARIOS } from '../support/render-scenarios.js';

const schemaPath = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'plan.schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

function errorsOf(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

// Every member of the unions, checked against the type at compile time in both directions.
const CHECK_CODES = [
  'tenant-mismatch', 'principal-not-found', 'principal-duplicate', 'group-ambiguous', 'group-not-security-enabled',
  'usage-location-missing', 'usage-location-invalid', 'member-usage-location-missing', 'account-disabled', 'sku-not-assignable',
  'sku-not-enabled', 'seats-insufficient', 'removal-guard', 'remove-all-guard', 'data-loss-risk', 'inherited-kept',
  'inherited-only', 'redundant-direct', 'unmanaged-holders', 'assignment-error',
  'license-starts-soon', 'license-ends-soon', 'license-not-started', 'license-ended',
] as const satisfies readonly CheckCode[];
type MissingCodes = Exclude<CheckCode, (typeof CHECK_CODES)[number]>;
const noMissingCodes: [MissingCodes] extends [never] ? true : false = true;

type Defs = Record<string, { properties: Record<string, { enum?: unknown[] }> }>;
const defs = schema.$defs as Defs;

describe('plan.schema.json', () => {
  test.each(Object.entries(RENDER_SCENARIOS))('accepts the %s scenario', (_name, build) => {
    expect(errorsOf(JSON.parse(renderPlanJson(build())))).toEqual([]);
  });

  test('accepts a large generated plan', () => {
    expect(errorsOf(JSON.parse(renderPlanJson(aHugePlan(200))))).toEqual([]);
  });

  test('lists exactly the check codes and phases of the model', () => {
    expect(noMissingCodes).toBe(true);
    expect(defs.check?.properties.code?.enum).toEqual([...CHECK_CODES]);
    expect(defs.operation?.properties.phase?.enum).toEqual([...OPERATION_PHASES] satisfies OperationPhase[]);
  });

  test('describes every property', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const props = (node as { properties?: Record<string, Record<string, unknown>> }).properties ?? {};
      for (const [key, prop] of Object.entries(props)) {
        if (typeof prop.description !== 'string' && typeof prop.$ref !== 'string') undescribed.push(`${path}.${key}`);
      }
      for (const [key, child] of Object.entries(node)) walk(child, `${path}/${key}`);
    };
    walk(schema, '#');
    expect(undescribed).toEqual([]);
  });

  test('declares properties in the order the JSON renderer writes them', () => {
    const plan = aPlan({
      operations: [anOperation(aGroup('Sales'), [assignChange(SKU.SPE_E3)], { memberCount: 3, source: at('a.yaml', 1) })],
      stock: [{ sku: SKU.SPE_E3, total: 5, used: 1, reserve: 1 }],
      checks: [{ code: 'account-disabled', severity: 'warning', message: 'm', principal: aUser('a@contoso.com'),
        sku: SKU.SPE_E3, source: { file: 'a.yaml', line: 1, column: 1, endLine: 1, endColumn: 4 }, hint: 'h' }],
    });
    const canonical = canonicalizePlan(plan);
    const keysOf = (value: object): string[] => Object.keys(value);
    const props = (def: string): string[] => Object.keys(defs[def]?.properties ?? {});
    // A signed saved plan (plan --out with SKUFORM_PLAN_KEY) adds its signature last.
    expect([...keysOf(canonical), 'signature']).toEqual(Object.keys(schema.properties as object));
    const op = canonical.operations[0];
    const check = canonical.checks[0];
    if (!op || !check) throw new Error('fixture lost its operation or check');
    expect(keysOf(op)).toEqual(props('operation'));
    expect(keysOf(op.changes[0] ?? {})).toEqual(props('skuChange'));
    expect(keysOf(check)).toEqual(props('check'));
    expect(keysOf(check.source ?? {})).toEqual(props('sourceLocation'));
    expect(keysOf(canonical.seats[0] ?? {})).toEqual(props('seatForecast'));
    expect(keysOf(canonical.summary)).toEqual(props('planSummary'));
    expect(keysOf(canonical.settings)).toEqual(props('planSettings'));
  });

  test.each([
    ['a newer format version', (p: Plan) => ({ ...p, formatVersion: 2 })],
    ['an unknown top-level field', (p: Plan) => ({ ...p, extra: true })],
    ['a non-GUID skuId', (p: Plan) => ({ ...p, seats: p.seats.map((s) => ({ ...s, sku: { ...s.sku, skuId: 'E3' } })) })],
    ['an unknown action', (p: Plan) => ({
      ...p, operations: p.operations.map((o) => ({ ...o, changes: o.changes.map((c) => ({ ...c, action: 'replace' })) })),
    })],
    ['a missing summary', (p: Plan) => { const { summary: _summary, ...rest } = p; return rest; }],
  ])('rejects %s', (_name, mutate) => {
    const plan = JSON.parse(renderPlanJson(RENDER_SCENARIOS['simple-assign-update-remove']?.() ?? aPlan())) as Plan;
    expect(errorsOf(mutate(plan)).length).toBeGreaterThan(0);
  });
});
