import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, conformsApartFromPrincipals, conformsAsPrincipal, validateAgainstSchema } from '../../src/config/config-schema.js';
import { createLineIndex } from '../../src/config/line-index.js';
import { loadConfigSources } from '../../src/config/load-config-sources.js';
import { LocatedAt } from '../../src/config/loaded-config.js';
import { parseYaml } from '../../src/config/parse-yaml.js';
import { readConformingFileConfig } from '../../src/config/read-conforming-file-config.js';
import { readFileConfig } from '../../src/config/read-file-config.js';
import type { FileConfig } from '../../src/config/read-file-config.js';
import { parseYamlTape } from '../../src/config/yaml-tape.js';
import { createSeededRandom } from '../../emulator/seeded-random.js';

const ROOT = join(import.meta.dirname, '..', '..');

function readBothWays(text: string): { general: FileConfig; conforming: FileConfig | undefined } {
  const lines = createLineIndex(text);
  const locate = (offset: number) => lines.sourceLocation('f.yaml', offset);
  const tape = parseYamlTape(text, 64);
  const read = tape && readConformingFileConfig('f.yaml', tape, locate, '/base');
  // Only the tape can vouch for distinct keys; everything else must be the same.
  if (read) expect(read.distinctKeys).toBe(true);
  const { distinctKeys: _distinctKeys, ...conforming } = read ?? {};
  return {
    general: readFileConfig('f.yaml', parseYaml(text).root, locate, '/base'),
    conforming: read && (conforming as FileConfig),
  };
}

/** Plain data to compare: a lazily located name becomes `{ value, location }` like an eager one. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof LocatedAt) return { value: value.value, location: value.location };
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}


const JUNK = [' ', '\n', '  ', ':', ': ', '- ', '[', ']', '{', '}', ',', '#', '"', "'", '~', 'null', '1', '""', '[]', '{}', 'sku', 'profiles', 'licenses', 'disabledPlans', 'enabledPlans', 'users', 'groups', 'x'];

/** Mostly small edits that keep the document readable, so that many mutants still conform. */
function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  const lines = text.split('\n');
  const line = Math.floor(next() * lines.length);
  switch (Math.floor(next() * 5)) {
    case 0: return text.slice(0, at) + (JUNK[Math.floor(next() * JUNK.length)] ?? '') + text.slice(at);
    case 1: return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
    case 2: return [...lines.slice(0, line + 1), lines[line] ?? '', ...lines.slice(line + 1)].join('\n');
    case 3: return lines.filter((_, i) => i !== line).join('\n');
    default: return text.replace(/SPE_E3|SWAY|knowledge-worker|licenses|disabledPlans/u, JUNK[Math.floor(next() * JUNK.length)] ?? '');
  }
}

/** 400 mutants of `text`, each 1 to `maxRounds` mutations away, reproducibly from `seed`. */
function* mutantsOf(text: string, seed: number, maxRounds: number): Generator<string> {
  const next = createSeededRandom(seed);
  for (let n = 0; n < 400; n++) {
    let mutant = text;
    for (let r = 0; r < 1 + Math.floor(next() * maxRounds); r++) mutant = mutate(mutant, next);
    yield mutant;
  }
}

const EXAMPLES = [
  ...['groups.yaml', 'profiles.yaml', 'settings.yaml'].map((f) => join('examples', 'licenses', f)),
  ...readdirSync(join(ROOT, 'examples', 'licenses', 'users')).map((f) => join('examples', 'licenses', 'users', f)),
  ...readdirSync(join(ROOT, 'examples', 'scenarios')).map((f) => join('examples', 'scenarios', f)),
].map((path) => readFileSync(join(ROOT, path), 'utf8'));

const MIXED = `tenant: contoso.onmicrosoft.com
store: file:../tenant.json
settings:
  managedSkus: [SPE_E3, SPE_E5]
  prune: true
  maxRemovals: 7
  suspend: true
  seatReserve: { SPE_E3: 5, SPE_E5: 0 }
profiles:
  kw:
    - sku: SPE_E3
      disabledPlans: [SWAY, YAMMER_ENTERPRISE]
  e5: [{ sku: SPE_E5, enabledPlans: [TEAMS1] }]
users:
  a@contoso.com: kw
  "b@contoso.com": []
  c@contoso.com:
    - sku: Microsoft 365 E3
      disabledPlans: [Sway]
  d@contoso.com:
    licenses: [{ sku: SPE_E5 }]
    profiles: [kw, e5]
  12345: kw
  'e@contoso.com': { profiles: [] }
groups:
  Sales:
    licenses:
      - sku: 05e9a617-0261-4cee-bb44-138d3ef5d965
        disabledPlans: [SWAY]
`;

/** Prices, currency and time-bound entries in every place they may be written. */
const PRICED_AND_TIMED = `settings:
  currency: eur
  billing: monthly
  prices: { SPE_E3: 33.70, SPE_E5: "54.70", Visio Plan 2: 0 }
  timeZone: Europe/Amsterdam
  lookahead: 30
profiles:
  temp:
    - sku: SPE_E3
      until: 2027-03-31
      disabledPlans: [SWAY]
users:
  a@contoso.com: temp
  b@contoso.com:
    - { sku: SPE_E5, from: 2027-01-01T09:00:00+01:00, until: 2027-06-30 }
groups:
  Sales:
    licenses:
      - from: 2027-02-01
        sku: SPE_E3
`;

describe('readConformingFileConfig', () => {
  it.each([...EXAMPLES, MIXED, PRICED_AND_TIMED].map((text, i) => [i, text]))('reads what readFileConfig reads (document %i)', (_i, text) => {
    const { general, conforming } = readBothWays(text);
    expect(conforming).toBeDefined();
    expect(plain(conforming)).toEqual(plain(general));
  });

  it('agrees with readFileConfig on every mutant that conforms, and leaves the others', () => {
    let conformed = 0;
    for (const text of mutantsOf(MIXED, 20_260_115, 2)) {
      const { general, conforming } = readBothWays(text);
      const parsed = parseYaml(text);
      const valid = parsed.problems.length === 0 && parsed.root !== undefined && validateAgainstSchema(parsed.value).length === 0;
      if (conforming) {
        conformed++;
        expect(valid).toBe(true);
        expect(plain(conforming)).toEqual(plain(general));
      } else if (parsed.root?.kind === 'map' && !parsed.problems.some((p) => p.code === 'duplicate-key')) {
        // No tape for a map root means js-yaml's events were not usable; otherwise the schema said no.
        expect(valid && parseYamlTape(text, 64) !== undefined).toBe(false);
      }
    }
    // Enough mutants must conform for the comparison to mean something.
    expect(conformed).toBeGreaterThan(60);
  });

  it('locates names only when asked, once', () => {
    const text = 'profiles:\n  kw: []\nusers:\n  a: kw\n';
    const { conforming } = readBothWays(text);
    const ref = conforming?.users[0]?.profiles[0];
    expect(ref).toBeInstanceOf(LocatedAt);
    expect(ref?.location).toEqual({ file: 'f.yaml', line: 4, column: 6 });
    expect(ref?.location).toBe(ref?.location);
  });

  it('is the path loadConfigSources takes for a conforming file', () => {
    const loaded = loadConfigSources([{ file: 'a.yaml', text: 'users:\n  a: kw\nprofiles:\n  kw: []\n' }]);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.config.users[0]?.profiles[0]).toBeInstanceOf(LocatedAt);
  });
});

describe('conformance without the whole-document validator', () => {
  const conforms = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return validateAgainstSchema(value).length === 0;
    const document = value as Record<string, unknown>;
    const values = ['users', 'groups'].flatMap((key) => {
      const principals = document[key];
      return typeof principals === 'object' && principals !== null && !Array.isArray(principals) ? Object.values(principals) : [];
    });
    return conformsApartFromPrincipals(document) && values.every(conformsAsPrincipal);
  };

  it('gives the whole-document verdict on hundreds of documents', () => {
    let invalid = 0;
    for (const text of mutantsOf(MIXED, 99, 3)) {
      const { value, root } = parseYaml(text);
      if (!root) continue;
      const whole = validateAgainstSchema(value).length === 0;
      if (!whole) invalid++;
      expect(conforms(value)).toBe(whole);
    }
    expect(invalid).toBeGreaterThan(100);
  });

  it('relies on the schema constraining `users` and `groups` only through their values', () => {
    const properties = configSchema().properties as Record<string, Record<string, unknown>>;
    for (const key of ['users', 'groups']) {
      const { title: _title, description: _description, examples: _examples, ...constraints } = properties[key] ?? {};
      expect(constraints).toEqual({ type: 'object', additionalProperties: { $ref: '#/$defs/principal' } });
    }
  });
});
