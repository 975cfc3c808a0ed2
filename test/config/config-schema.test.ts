import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { configSchema, loadConfigSources } from '../../src/config/index.js';
import { SPEC_EXAMPLE_CONFIG } from '../support/spec-example-config.js';

/** `line:col code: message` for every diagnostic of one file. */
function problems(text: string): string[] {
  return loadConfigSources([{ file: 't.yaml', text }]).diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code}: ${d.message}`);
}


describe('skuform.schema.json', () => {
  it('is a valid draft 2020-12 schema with a description and examples on every property', () => {
    const schema = configSchema();
    expect(() => new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema)).not.toThrow();
    const missing: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const properties = (node as { properties?: Record<string, Record<string, unknown>> }).properties ?? {};
      for (const [name, property] of Object.entries(properties)) {
        if (typeof property.description !== 'string' || !Array.isArray(property.examples)) missing.push(`${path}/${name}`);
      }
      for (const [key, child] of Object.entries(node)) visit(child, `${path}/${key}`);
    };
    visit(schema, '#');
    expect(missing).toEqual([]);
  });

  it('accepts the SPEC example', () => {
    expect(problems(SPEC_EXAMPLE_CONFIG)).toEqual([]);
  });

  it.each([
    ['version only', 'version: 1\n'],
    ['users with every shape', 'users:\n  a: p\n  b: []\n  c:\n    - sku: X\n  d: {profiles: [p]}\n  e: {licenses: []}\n  f: {}\nprofiles:\n  p: []\n'],
    ['groups by object id', 'groups:\n  "00000000-0000-4000-8000-000000000001": []\n'],
    ['store file and graph', 'store: file:tenant.json\n'],
  ])('accepts %s', (_name, text) => {
    expect(problems(text)).toEqual([]);
  });
});

describe('schema errors: message and position', () => {
  it.each([
    ['unknown top-level key with a suggestion', 'user:\n  a: []\n', ['1:1 unknown-key: unknown key \'user\'']],
    ['unknown key in a license entry', 'users:\n  a:\n    - sku: X\n      disabledPlan: [SWAY]\n', ['4:7 unknown-key: unknown key \'disabledPlan\'']],
    ['version 2', 'version: 2\n', ['1:10 unsupported-version: unsupported version 2: this skuform reads version 1']],
    ['a string where a license list belongs', 'profiles:\n  kw: SPE_E3\n', ['2:7 wrong-type: expected a list of license entries, got the text \'SPE_E3\'']],
    ['a profile name inside a license list', 'users:\n  a: [kw]\n', ['2:7 wrong-type: expected a license entry, got the text \'kw\'']],
    ['an empty principal', 'users:\n  a:\n  b: []\n', ['2:5 wrong-type: expected a string, a list or a mapping, got an empty value']],
    ['a number as principal', 'users:\n  a: 3\n', ['2:6 wrong-type: expected a string, a list or a mapping, got the number 3']],
    ['profiles as a string', 'users:\n  a:\n    profiles: kw\n', ['3:15 wrong-type: expected a list of profiles, got the text \'kw\'']],
    ['missing sku', 'users:\n  a:\n    - disabledPlans: [SWAY]\n', ['3:7 missing-key: missing required key `sku`']],
    ['both plan lists', 'users:\n  a:\n    - sku: X\n      disabledPlans: [A]\n      enabledPlans: [B]\n', ['5:7 plans-exclusive: use either `enabledPlans` or `disabledPlans` in one license entry, not both']],
    ['a plan listed twice', 'users:\n  a:\n    - sku: X\n      disabledPlans: [SWAY, TEAMS1, SWAY]\n', ['4:37 duplicate-item: \'SWAY\' is listed twice']],
    ['prune: yes', 'settings:\n  prune: yes\n', ['2:10 wrong-type: expected true or false, got the text \'yes\'']],
    ['negative removal guard', 'settings:\n  maxRemovals: -1\n', ['2:16 schema: must be at least 0, got -1']],
    ['fractional removal guard', 'settings:\n  maxRemovals: 1.5\n', ['2:16 wrong-type: expected a whole number, got the number 1.5']],
    ['NaN seat reserve', 'settings:\n  seatReserve: {SPE_E3: .nan}\n', ['2:25 wrong-type: expected a whole number, got the number NaN']],
    ['negative seat reserve', 'settings:\n  seatReserve:\n    SPE_E3: -5\n', ['3:13 schema: must be at least 0, got -5']],
    ['a bad store', 'store: ftp://x\n', ['1:8 schema: the text \'ftp://x\' is not a valid assignment store']],
    ['an empty sku', 'users:\n  a:\n    - sku: ""\n', ['3:12 schema: must not be empty']],
    ['a top level that is not a mapping', '- a\n- b\n', ['1:1 wrong-type: expected a skuform desired-state file, got a list']],
    ['settings as a list', 'settings: [a]\n', ['1:11 wrong-type: expected a mapping of settings, got a list']],
    ['managedSkus as a string', 'settings:\n  managedSkus: SPE_E3\n', ['2:16 wrong-type: expected a list of managed SKUs, got the text \'SPE_E3\'']],
  ])('%s', (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it('suggests the key that was meant', () => {
    const [diagnostic] = loadConfigSources([{ file: 't.yaml', text: 'users:\n  a:\n    - sku: X\n      disabledPlan: [SWAY]\n' }]).diagnostics;
    expect(diagnostic?.hint).toBe('did you mean disabledPlans?');
  });

  it('explains that YAML merge keys are not supported', () => {
    const [diagnostic] = loadConfigSources([{ file: 't.yaml', text: 'p: &p {licenses: []}\nusers:\n  a:\n    <<: *p\n' }]).diagnostics;
    expect(diagnostic).toMatchObject({ code: 'unknown-key', message: 'unknown key \'p\'' });
    const [merge] = loadConfigSources([{ file: 't.yaml', text: 'users:\n  a:\n    <<: {licenses: []}\n' }]).diagnostics;
    expect(merge?.hint).toMatch(/merge keys are not supported/u);
  });

  it('names the other list for both plan lists', () => {
    const [diagnostic] = loadConfigSources([{ file: 't.yaml', text: 'users:\n  a:\n    - sku: X\n      disabledPlans: [A]\n      enabledPlans: [B]\n' }]).diagnostics;
    expect(diagnostic?.related?.map((r) => `${r.location.line}:${r.location.column}`)).toEqual(['4:7']);
  });

  it('reports every problem of a file at once, in source order', () => {
    const text = 'version: 3\nusers:\n  a: 1\n  b:\n    - sku: X\n      bogus: 1\nsettings:\n  prune: 2\n';
    expect(problems(text)).toEqual([
      '1:10 unsupported-version: unsupported version 3: this skuform reads version 1',
      '3:6 wrong-type: expected a string, a list or a mapping, got the number 1',
      '6:7 unknown-key: unknown key \'bogus\'',
      '8:10 wrong-type: expected true or false, got the number 2',
    ]);
  });
});
