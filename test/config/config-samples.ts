import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { createLineIndex } from '../../src/config/line-index.js';
import { LocatedAt } from '../../src/config/loaded-config.js';
import { readConformingFileConfig } from '../../src/config/read-conforming-file-config.js';
import { scanYamlTape } from '../../src/config/scan-yaml-tape.js';
import { yamlNodeFromTape } from '../../src/config/yaml-node-from-tape.js';
import { parseYamlTape, type YamlTape } from '../../src/config/yaml-tape.js';
import { createSeededRandom } from '../../emulator/seeded-random.js';

/** Config documents the parser tests share: the examples, one mixing every style, and seeded mutants of them. */

const ROOT = join(import.meta.dirname, '..', '..');

/** Plain data to compare: a lazily located name becomes `{ value, location }` like an eager one. */
export function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof LocatedAt) return { value: value.value, location: value.location };
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

const JUNK = [' ', '\n', '  ', ':', ': ', '- ', '[', ']', '{', '}', ',', '#', '"', "'", '~', 'null', '1', '""', '[]', '{}', 'sku', 'profiles', 'licenses', 'disabledPlans', 'enabledPlans', 'users', 'groups', 'x'];

/** Mostly small edits that keep the document readable, so that many mutants still conform. */
export function mutate(text: string, next: () => number): string {
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
export function* mutantsOf(text: string, seed: number, maxRounds: number): Generator<string> {
  const next = createSeededRandom(seed);
  for (let n = 0; n < 400; n++) {
    let mutant = text;
    for (let r = 0; r < 1 + Math.floor(next() * maxRounds); r++) mutant = mutate(mutant, next);
    yield mutant;
  }
}

export const EXAMPLES = [
  ...['groups.yaml', 'profiles.yaml', 'settings.yaml'].map((f) => join('examples', 'licenses', f)),
  ...readdirSync(join(ROOT, 'examples', 'licenses', 'users')).map((f) => join('examples', 'licenses', 'users', f)),
  ...readdirSync(join(ROOT, 'examples', 'scenarios')).map((f) => join('examples', 'scenarios', f)),
].map((path) => readFileSync(join(ROOT, path), 'utf8'));

export const MIXED = `tenant: contoso.onmicrosoft.com
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
export const PRICED_AND_TIMED = `settings:
  currency: eur
  billing: monthly
  prices: { SPE_E3: 33.70, SPE_E5: "54.70", Visio Plan 2: 0 }
  timeZone: Europe/Amsterdam
  lookahead: 30
  graceSeatsAreFree: true
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

/** Every YAML file under `dirs` (relative to the repository), with its path, in a stable order. */
export function yamlFilesUnder(...dirs: string[]): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry.name)) files.push({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') });
    }
  };
  for (const dir of dirs) walk(join(ROOT, dir));
  return files;
}

/** The conforming reader's result for a tape, with positions from `text`. */
export function readConforming(tape: YamlTape, text: string) {
  const lines = createLineIndex(text);
  return readConformingFileConfig('f.yaml', tape, (offset) => lines.sourceLocation('f.yaml', offset), '/base');
}

/** The root's value without the principal mappings, which a scanned tape does not build. */
function rootWithoutPrincipals(tape: YamlTape): unknown {
  const { users: _users, groups: _groups, ...rest } = tape.value(tape.root) as Record<string, unknown>;
  return rest;
}

/**
 * Whenever the scanner reads a document, js-yaml's tape of it must exist and be the same
 * node for node (kinds, offsets, keys, values), and read the same way. False when the
 * scanner leaves the document to js-yaml.
 */
export function expectScannedAsJsYaml(text: string): boolean {
  const scanned = scanYamlTape(text, 64);
  if (scanned === undefined) return false;
  const reference = parseYamlTape(text, 64);
  expect(reference, text).toBeDefined();
  if (reference === undefined) return false;
  expect(yamlNodeFromTape(scanned), text).toEqual(yamlNodeFromTape(reference));
  expect(rootWithoutPrincipals(scanned), text).toEqual(rootWithoutPrincipals(reference));
  expect(plain(readConforming(scanned, text)), text).toEqual(plain(readConforming(reference, text)));
  return true;
}
