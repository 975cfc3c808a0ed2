import { describe, expect, it } from 'vitest';
import { catalogAsSubscribedSkus, loadCatalog } from '../../src/catalog/index.js';
import { decodeConfigText } from '../../src/config/decode-config-text.js';
import { loadConfigSources, resolveDesiredState } from '../../src/config/index.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import { formatDiagnostics } from '../../src/render/format-diagnostics.js';
import { createSeededRandom } from '../../emulator/seeded-random.js';
import { SPEC_EXAMPLE_CONFIG } from '../support/spec-example-config.js';

/**
 * Hundreds of mutated example configs (SPEC 11): byte flips, truncation, inserted junk,
 * duplicated lines, deep nesting, alias bombs, bad encodings. Loading, resolving and
 * printing must never throw, and every diagnostic must point inside its file.
 */

const EXAMPLES = [
  SPEC_EXAMPLE_CONFIG,
  `profiles: {kw: [{sku: SPE_E3, disabledPlans: ["SWAY"]}], base: &base [{sku: POWER_BI_PRO}]}
users: {"dave@contoso.com": kw, 'erin@contoso.com': *base, frank@contoso.com: {profiles: [kw], licenses: *base}}
`,
];

const JUNK = ['[', ']', '{', '}', ':', ': ', '- ', '? ', '&a ', '*a', '*nope', '!!binary ', '!tag ', '|', '>', '#', '"', "'", '\t', '\u0000', '\u001b[31m', '\ufffd', '\u2028', '%YAML 1.2\n', '---\n', '...\n', '<<: *a\n', '\r', '\\', '@', '`'];


function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  const lines = text.split('\n');
  const line = Math.floor(next() * lines.length);
  switch (Math.floor(next() * 9)) {
    case 0: return text.slice(0, at) + String.fromCharCode(Math.floor(next() * 256)) + text.slice(at + 1);
    case 1: return text.slice(0, at);
    case 2: return text.slice(0, at) + pick(next, JUNK) + text.slice(at);
    case 3: return [...lines.slice(0, line + 1), lines[line] ?? '', ...lines.slice(line + 1)].join('\n');
    case 4: return text.slice(0, at) + '['.repeat(1 + Math.floor(next() * 5000)) + text.slice(at);
    case 5: return `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n${text}`;
    case 6: return lines.map((l, i) => (i === line ? `${' '.repeat(Math.floor(next() * 7))}${l.trimStart()}` : l)).join('\n');
    case 7: return lines.filter((_, i) => i !== line).join('\n');
    default: return text.replace(/SPE_E3|SWAY|knowledge-worker|users|licenses|sku/u, pick(next, ['SPE_E9', '', '3', 'null', 'users', 'sku', '[]', '{}']));
  }
}

function checkInside(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): void {
  for (const d of diagnostics) {
    for (const location of [d.location, ...(d.related ?? []).map((r) => r.location)]) {
      if (!location) continue;
      const lines = (sources.get(location.file) ?? '').split(/\r\n|\n|\r/u).length;
      expect(location.line).toBeGreaterThanOrEqual(1);
      expect(location.line).toBeLessThanOrEqual(lines);
      expect(location.column).toBeGreaterThanOrEqual(1);
    }
  }
}

describe('fuzzing the config loader', () => {
  const catalog = loadCatalog();
  const skus = catalogAsSubscribedSkus(catalog);

  it('never throws on 600 mutated configs, and always locates its diagnostics', () => {
    const next = createSeededRandom(20_260_101);
    let withErrors = 0;
    for (let n = 0; n < 600; n++) {
      let text = pick(next, EXAMPLES);
      const rounds = 1 + Math.floor(next() * 3);
      for (let r = 0; r < rounds; r++) text = mutate(text, next);
      const loaded = loadConfigSources([{ file: 'fuzz.yaml', text }, { file: 'other.yaml', text: pick(next, EXAMPLES) }]);
      const resolved = resolveDesiredState(loaded.config, skus, catalog, { offline: true });
      const all = [...loaded.diagnostics, ...resolved.diagnostics];
      checkInside(all, loaded.sources);
      expect(typeof formatDiagnostics(all, { sources: loaded.sources, snippets: true, color: true })).toBe('string');
      if (all.some((d) => d.severity === 'error')) withErrors++;
    }
    // The mutations must actually break things most of the time, or this test proves little.
    expect(withErrors).toBeGreaterThan(300);
  });

  it('never throws on randomly corrupted bytes', () => {
    const next = createSeededRandom(7);
    for (let n = 0; n < 200; n++) {
      const bytes = Buffer.from(pick(next, EXAMPLES), 'utf8');
      for (let k = 0; k < 1 + Math.floor(next() * 4); k++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
      const decoded = decodeConfigText('bytes.yaml', bytes);
      if ('diagnostic' in decoded) {
        expect(decoded.diagnostic.location?.line).toBeGreaterThanOrEqual(1);
        continue;
      }
      const loaded = loadConfigSources([{ file: 'bytes.yaml', text: decoded.text }]);
      checkInside(loaded.diagnostics, loaded.sources);
      resolveDesiredState(loaded.config, skus, catalog);
    }
  });
});
