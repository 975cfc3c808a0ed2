import { describe, expect, it } from 'vitest';
import { scanYamlTape } from '../../src/config/scan-yaml-tape.js';
import { parseYamlTape } from '../../src/config/yaml-tape.js';
import { generateConfigText } from '../../bench/config-load.bench.js';
import { SPEC_EXAMPLE_CONFIG } from '../support/spec-example-config.js';
import { EXAMPLES, expectScannedAsJsYaml, MIXED, mutantsOf, PRICED_AND_TIMED } from './config-samples.js';

/** Every shape a principal is written in, and the punctuation around them. */
const STYLES = `# yaml-language-server: $schema=../schemas/skuform.schema.json
version: 1
tenant: "contoso.onmicrosoft.com"   # quoted
store: file:../tenant.json
settings:
  managedSkus: [SPE_E3, 'SPE_E5', POWER_BI_PRO]
  maxRemovals: 1_000
  prune: false
  seatReserve: {SPE_E3: 5, "SPE_E5": 0x10}
profiles:
  knowledge-worker:
  - sku: SPE_E3
    disabledPlans: [YAMMER_ENTERPRISE, SWAY]

  it's-quoted: [ { sku: 'Microsoft 365 E3', enabledPlans: [ TEAMS1 ] } ]
users:
  alice@contoso.com: knowledge-worker
  'bob@contoso.com': []
  carol@contoso.com : knowledge-worker
  dave@contoso.com:
      profiles: [knowledge-worker]
      licenses:
          - sku: SPE_E5   # a comment
            disabledPlans:
              - SWAY
              - 'It''s a plan'
  12_345: knowledge-worker
  true: knowledge-worker
  ümlaut@contoso.com: knowledge-worker
groups:
  Sales Team: { licenses: [{ sku: SPE_E3 }] }
  "Null": knowledge-worker
`;

describe('scanYamlTape', () => {
  it.each([...EXAMPLES, MIXED, PRICED_AND_TIMED, SPEC_EXAMPLE_CONFIG, STYLES, STYLES.replace(/\n/g, '\r\n'), generateConfigText(300)].map((text, i) => [i, text]))('reads document %i as js-yaml does', (_i, text) => {
    expect(expectScannedAsJsYaml(text)).toBe(true);
  });

  it.each([
    ['an anchor and an alias', 'profiles:\n  kw: &kw [{ sku: SPE_E3 }]\nusers:\n  a: *kw\n'],
    ['a tag', 'users:\n  a: !!str kw\n'],
    ['a block scalar', 'tenant: |\n  contoso\n'],
    ['a plain scalar over two lines', 'users:\n  a: knowledge\n    worker\n'],
    ['an escape in double quotes', 'users:\n  "a\\u0041": kw\n'],
    ['a tab', 'users:\n\ta: kw\n'],
    ['a key with nothing after it', 'users:\n  a:\n  b: kw\n'],
    ['a key written twice', 'users:\n  a: kw\n  a: e5\n'],
    ['a second document', 'users:\n  a: kw\n---\nusers: {}\n'],
    ['a flow collection over two lines', 'users:\n  a: [kw,\n     e5]\n'],
    ['a complex key', '? a\n: kw\n'],
    ['a root that is a sequence', '- a\n- b\n'],
  ])('leaves %s to js-yaml', (_name, text) => {
    expect(scanYamlTape(text, 64)).toBeUndefined();
  });

  it('agrees with js-yaml on every mutant it reads', () => {
    let read = 0;
    for (const [seed, text] of [[7, MIXED], [11, STYLES], [13, SPEC_EXAMPLE_CONFIG]] as const) {
      for (const mutant of mutantsOf(text, seed, 3)) if (expectScannedAsJsYaml(mutant)) read++;
    }
    // Enough mutants must be read for the comparison to mean something.
    expect(read).toBeGreaterThan(250);
  });

  it('does not build the values of the principal mappings', () => {
    const tape = scanYamlTape('users:\n  a: kw\ngroups:\n  g: kw\nprofiles:\n  kw: []\n', 64);
    expect(tape?.value(tape.root)).toEqual({ users: {}, groups: {}, profiles: { kw: [] } });
  });

  it('gives up beyond the depth limit, like the tape', () => {
    const deep = `users:\n  a: ${'['.repeat(70)}${']'.repeat(70)}\n`;
    expect(scanYamlTape(deep, 64)).toBeUndefined();
    expect(parseYamlTape(deep, 64)).toBeUndefined();
  });
});
