import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/config/parse-yaml.js';
import { parseYamlExact } from '../../src/config/parse-yaml-exact.js';
import { parseYamlFast } from '../../src/config/parse-yaml-fast.js';
import type { YamlNode } from '../../src/config/yaml-node.js';

/** Node kinds, values and offsets, as nested plain data, to compare both parsers. */
function shape(node: YamlNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'scalar': return [node.offset, node.value];
    case 'seq': return [node.offset, node.items.map(shape)];
    case 'map': return [node.offset, node.entries.map((e) => [e.key, e.keyOffset, shape(e.value)])];
  }
}

const DOCUMENTS: Record<string, string> = {
  block: 'version: 1\nusers:\n  alice@contoso.com: knowledge-worker\n  bob@contoso.com:\n    profiles: [knowledge-worker]\n    licenses:\n      - sku: SPE_E3\n        disabledPlans: [SWAY, YAMMER_ENTERPRISE]\n  carol@contoso.com: []\n',
  flow: '{users: {alice: [ {sku: SPE_E3}, {sku: "SPE_E5", disabledPlans: [\'SWAY\']} ]}, version: 1}\n',
  comments: '# top\nusers: # the users\n  # alice next\n  alice: # value on next line\n    kw\n  bob:\n\n    - sku: X\n',
  crlf: 'users:\r\n  alice: kw\r\n  bob:\r\n    - sku: X\r\n',
  quoted: 'users:\n  "alice@contoso.com": \'kw\'\n  ? bob\n  : kw2\n',
  scalars: 'a: 1\nb: 1.5\nc: true\nd: ~\ne:\nf: "x"\ng: 0x1f\n',
  multiline: 'a: |\n  line one\n  line two\nb: >\n  folded\n  text\nc: plain\n  continued\n',
};

describe('parseYaml: the fast path agrees with the exact parser', () => {
  it.each(Object.entries(DOCUMENTS))('%s', (_name, text) => {
    const fast = parseYamlFast(text, 64);
    const exact = parseYamlExact(text);
    expect(fast.status).toBe('ok');
    expect(exact.problems).toEqual([]);
    expect(fast.status === 'ok' && shape(fast.root)).toEqual(shape(exact.root));
  });

  it('points at the value of `key:` on the next line, and at the colon for an empty value', () => {
    const text = 'a:\n  value\nb:\nc: x\n';
    const { root } = parseYaml(text);
    expect(root?.kind === 'map' && root.entries.map((e) => [e.key, e.value.offset, e.value.kind === 'scalar' && e.value.empty])).toEqual([
      ['a', text.indexOf('value'), false],
      ['b', text.indexOf('b:') + 2, true],
      ['c', text.indexOf('x'), false],
    ]);
  });
});

describe('parseYaml: fallback to the exact parser', () => {
  it.each([
    ['an empty block-sequence item', 'a:\n  -\n  - x\n'],
    ['an explicit key without a value', '? a\n'],
    ['a pair inside a flow sequence', 'a: [b: 1]\n'],
  ])('uses the yaml package for %s', (_name, text) => {
    const parsed = parseYaml(text);
    expect(parsed.parser).toBe('exact');
    expect(parsed.problems).toEqual([]);
    expect(parsed.root?.kind).toBe('map');
  });

  it('builds the plain value from the located tree on the exact path', () => {
    expect(parseYaml('a:\n  -\n  - x\n').value).toEqual({ a: [null, 'x'] });
  });
});

describe('parseYaml: duplicate keys', () => {
  it('reports every duplicate with both places and keeps the last value', () => {
    const text = 'a: 1\nb: 2\na: 3\nb: 4\nc: 5\n';
    const parsed = parseYaml(text);
    expect(parsed.problems.map((p) => [p.code, p.message, p.offset, p.related?.[0]?.offset])).toEqual([
      ['duplicate-key', 'key \'a\' appears twice in the same mapping', text.indexOf('a: 3'), 0],
      ['duplicate-key', 'key \'b\' appears twice in the same mapping', text.indexOf('b: 4'), text.indexOf('b: 2')],
    ]);
    expect(parsed.value).toEqual({ a: 3, b: 4, c: 5 });
    expect(parsed.root?.kind === 'map' && parsed.root.entries.map((e) => e.key)).toEqual(['a', 'b', 'c']);
  });

  it('finds duplicates in a mapping of 100,000 keys', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `user${i}@contoso.com: kw`);
    lines.push('user99999@contoso.com: again', 'user7@contoso.com: again');
    const parsed = parseYaml(`${lines.join('\n')}\n`);
    expect(parsed.problems.map((p) => p.message)).toEqual([
      'key \'user99999@contoso.com\' appears twice in the same mapping',
      'key \'user7@contoso.com\' appears twice in the same mapping',
    ]);
    expect(parsed.root?.kind === 'map' && parsed.root.entries).toHaveLength(100_000);
  });

  it('finds duplicates on the exact path too', () => {
    const parsed = parseYaml('a:\n  -\nb: 1\nb: 2\n');
    expect(parsed.parser).toBe('exact');
    expect(parsed.problems.map((p) => p.code)).toEqual(['duplicate-key']);
  });
});

describe('parseYaml: hostile documents', () => {
  it('rejects an alias bomb before anything walks it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const parsed = parseYaml(`${levels.join('\n')}\n`);
    expect(parsed.root).toBeUndefined();
    expect(parsed.problems.map((p) => p.code)).toEqual(['alias-limit']);
  });

  it('accepts ordinary aliases', () => {
    const parsed = parseYaml('p: &p [{sku: SPE_E3}]\nusers:\n  a: *p\n  b: *p\n');
    expect(parsed.problems).toEqual([]);
    expect(parsed.value).toEqual({ p: [{ sku: 'SPE_E3' }], users: { a: [{ sku: 'SPE_E3' }], b: [{ sku: 'SPE_E3' }] } });
  });

  it('rejects a recursive alias', () => {
    const parsed = parseYaml('a: &a [*a]\n');
    expect(parsed.root).toBeUndefined();
    expect(parsed.problems.map((p) => p.message)).toEqual(['an alias refers to a node that contains it (recursive alias)']);
  });

  it.each([
    ['flow', `a: ${'['.repeat(100_000)}`],
    ['block', Array.from({ length: 200 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n')],
  ])('rejects %s nesting deeper than the limit with a position', (_name, text) => {
    const parsed = parseYaml(text);
    expect(parsed.problems).toMatchObject([{ code: 'nesting-limit', message: 'nesting is deeper than 64 levels' }]);
    expect(parsed.problems[0]?.offset).toBeGreaterThan(0);
  });

  it('reports a syntax error with its offset', () => {
    const parsed = parseYaml('users:\n  alice: kw\n   bob: kw\n');
    expect(parsed.problems).toMatchObject([{ code: 'yaml-syntax', message: 'bad indentation of a mapping entry' }]);
    expect(parsed.problems[0]?.offset).toBe('users:\n  alice: kw\n   bob'.length);
  });

  it('treats YAML 1.1 merge keys as plain keys (the schema then rejects them)', () => {
    const parsed = parseYaml('a: &a {x: 1}\nb:\n  <<: *a\n');
    expect(parsed.value).toEqual({ a: { x: 1 }, b: { '<<': { x: 1 } } });
  });

  it('keeps a __proto__ key as data', () => {
    const parsed = parseYaml('__proto__: {polluted: true}\n');
    expect(Object.prototype.hasOwnProperty.call(parsed.value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
