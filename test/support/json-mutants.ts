import { createSeededRandom } from '../../emulator/seeded-random.js';

/**
 * Reproducible hostile variants of a JSON document, for fuzzing what skuform reads from
 * places it does not control (saved plans, tenant files, Graph's answers). Half are broken
 * text (cut off, bytes flipped, junk inserted), half valid JSON with one value replaced:
 * the wrong type, a huge string, number or array, deep nesting, a deleted or unknown key,
 * control and bidi characters.
 */
export interface JsonMutant {
  /** What was done, to reproduce a failure by reading it. */
  label: string;
  text: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Next = () => number;

const JUNK = ['{', '}', '[', ']', ',', ':', '"', '\\', 'null', '\u0000', '\u001b[31m', '\u202e', '\ufeff', 'NaN', '1e999', '"\ud800"'];
const HOSTILE_STRINGS = ['', ' ', '\u001b]8;;https://evil.example\u0007x', 'a\u202eb', '../../etc/passwd', 'user:', '00000000-0000-0000-0000-000000000000', 'x'.repeat(1_000_000)];
const HOSTILE_NUMBERS = [-1, 0, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31];

function pick<T>(next: Next, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

/** Every path (array of keys) to a value in the document, sampled when there are more than `max`. */
function paths(root: Json, next: Next, max = 5_000): (string | number)[][] {
  const found: (string | number)[][] = [];
  const pending: [Json, (string | number)[]][] = [[root, []]];
  let seen = 0;
  while (pending.length > 0) {
    const [value, path] = pending.pop() as [Json, (string | number)[]];
    seen += 1;
    // Reservoir sampling keeps the choice uniform over a document of any size.
    if (found.length < max) found.push(path);
    else if (next() * seen < max) found[Math.floor(next() * max)] = path;
    if (Array.isArray(value)) value.forEach((item, index) => pending.push([item, [...path, index]]));
    else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) pending.push([item, [...path, key]]);
  }
  return found;
}

function replaceAt(root: Json, path: readonly (string | number)[], replace: (value: Json) => Json | undefined): Json {
  if (path.length === 0) return replace(root) ?? null;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string | number, Json>)[key] as Json, root) as Record<string | number, Json> | Json[];
  const key = path[path.length - 1] as string | number;
  const replaced = replace((parent as Record<string | number, Json>)[key] as Json);
  if (replaced === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete (parent as Record<string, Json>)[key];
  } else {
    (parent as Record<string | number, Json>)[key] = replaced;
  }
  return root;
}

function deep(levels: number): Json {
  return JSON.parse(`${'['.repeat(levels)}1${']'.repeat(levels)}`) as Json;
}

/** One value replacement; returns its label and the replacement (undefined: delete the key). */
function valueMutation(next: Next): [string, (value: Json) => Json | undefined] {
  switch (Math.floor(next() * 9)) {
    case 0: return ['null', () => null];
    case 1: { const s = pick(next, HOSTILE_STRINGS); return [`string(${s.length})`, () => s]; }
    case 2: { const n = pick(next, HOSTILE_NUMBERS); return [`number ${n}`, () => n]; }
    case 3: return ['boolean', () => true];
    case 4: return ['empty object', () => ({})];
    case 5: return ['deleted', () => undefined];
    // Up to 50,000 copies, and about 5 MB at most, so the fuzzer itself stays bounded.
    case 6: return ['many copies', (value) => Array.from({ length: Math.min(50_000, Math.floor(5_000_000 / (JSON.stringify(value) ?? 'null').length)) }, () => value)];
    case 7: return ['nested 2,000 deep', () => deep(2_000)];
    default: return ['wrapped in an array', (value) => [value]];
  }
}

function textMutation(text: string, next: Next): [string, string] {
  const at = Math.floor(next() * text.length);
  switch (Math.floor(next() * 4)) {
    case 0: return [`cut at ${at}`, text.slice(0, at)];
    case 1: return [`byte at ${at}`, text.slice(0, at) + String.fromCharCode(Math.floor(next() * 256)) + text.slice(at + 1)];
    case 2: { const junk = pick(next, JUNK); return [`junk ${JSON.stringify(junk)} at ${at}`, text.slice(0, at) + junk + text.slice(at)]; }
    default: return [`unknown key at the top`, text.replace('{', '{"__proto__": {"polluted": true}, "extra": 1, ')];
  }
}

/** `count` mutants of `document`, the same for the same seed. */
export function jsonMutants(document: unknown, count: number, seed: number): JsonMutant[] {
  const next = createSeededRandom(seed);
  const original = JSON.stringify(document, null, 2);
  const all = paths(document as Json, next);
  const mutants: JsonMutant[] = [];
  for (let n = 0; n < count; n++) {
    if (next() < 0.4) {
      const [label, text] = textMutation(original, next);
      mutants.push({ label, text });
      continue;
    }
    const path = pick(next, all);
    const [what, replace] = valueMutation(next);
    const copy = JSON.parse(original) as Json;
    mutants.push({ label: `${path.join('.') || '(root)'}: ${what}`, text: JSON.stringify(replaceAt(copy, path, replace)) });
  }
  return mutants;
}
