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
import { EXAMPLES, MIXED, mutantsOf, plain, PRICED_AND_TIMED } from './config-samples.js';

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
