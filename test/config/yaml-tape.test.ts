import { describe, expect, it } from 'vitest';
import { parseYamlFast } from '../../src/config/parse-yaml-fast.js';
import type { YamlNode } from '../../src/config/yaml-node.js';
import { yamlNodeFromTape } from '../../src/config/yaml-node-from-tape.js';
import { parseYamlTape } from '../../src/config/yaml-tape.js';
import type { YamlTape } from '../../src/config/yaml-tape.js';

/** Kinds, offsets and values as nested plain data, from the located tree. */
function treeShape(node: YamlNode): unknown {
  switch (node.kind) {
    case 'scalar': return [node.offset, node.value];
    case 'seq': return [node.offset, node.items.map(treeShape)];
    case 'map': return [node.offset, node.entries.map((e) => [e.key, e.keyOffset, treeShape(e.value)])];
  }
}

/** The same, from the tape. */
function tapeShape(tape: YamlTape, node: number): unknown {
  const children: number[] = [];
  for (let child = tape.first(node); child < tape.end(node); child = tape.after(child)) children.push(child);
  switch (tape.kind(node)) {
    case 'scalar': return [tape.offset(node), tape.value(node)];
    case 'seq': return [tape.offset(node), children.map((c) => tapeShape(tape, c))];
    case 'map': {
      const entries: unknown[] = [];
      for (let k = 0; k < children.length; k += 2) {
        const key = children[k] as number;
        entries.push([tape.key(key), tape.keyOffset(key), tapeShape(tape, children[k + 1] as number)]);
      }
      return [tape.offset(node), entries];
    }
  }
}

const DOCUMENTS: Record<string, string> = {
  block: 'version: 1\nusers:\n  alice@contoso.com: knowledge-worker\n  bob@contoso.com:\n    profiles: [knowledge-worker]\n    licenses:\n      - sku: SPE_E3\n        disabledPlans: [SWAY, YAMMER_ENTERPRISE]\n  carol@contoso.com: []\n',
  flow: '{users: {alice: [ {sku: SPE_E3}, {sku: "SPE_E5", disabledPlans: [\'SWAY\']} ]}, version: 1}\n',
  'flow value on its own line': 'users:\n  {alice: kw, bob: []}\n',
  comments: '# top\nusers: # the users\n  # alice next\n  alice: # value on next line\n    kw\n  bob:\n\n    - sku: X\n',
  crlf: 'users:\r\n  alice: kw\r\n  bob:\r\n    - sku: X\r\n',
  quoted: 'users:\n  "alice@contoso.com": \'kw\'\n  ? bob\n  : kw2\n',
  scalars: 'a: 1\nb: 1.5\nc: true\nd: ~\ne:\nf: "x"\ng: 0x1f\n1: one\ntrue: yes\n',
  multiline: 'a: |\n  line one\n  line two\nb: >\n  folded\n  text\nc: plain\n  continued\n',
  'anchored scalars': 'p: &p knowledge-worker\nusers:\n  a: *p\n  b: !!str 12\n',
  'empty collections': 'users: {}\ngroups: []\nprofiles:\n  p: []\n',
};

describe('parseYamlTape', () => {
  it.each(Object.entries(DOCUMENTS))('locates every node as the located parse does: %s', (_name, text) => {
    const tape = parseYamlTape(text, 64);
    const fast = parseYamlFast(text, 64);
    expect(tape).toBeDefined();
    expect(fast.status === 'ok' && fast.root && treeShape(fast.root)).toEqual(tape && tapeShape(tape, tape.root));
  });

  it.each(Object.entries(DOCUMENTS))('builds the located tree the located parse builds: %s', (_name, text) => {
    const tape = parseYamlTape(text, 64);
    const fast = parseYamlFast(text, 64);
    expect(tape && yamlNodeFromTape(tape)).toEqual(fast.status === 'ok' ? fast.root : 'no tree');
  });

  it('returns js-yaml\'s own objects as collection values', () => {
    const tape = parseYamlTape('users:\n  a: [x]\n', 64);
    const root = tape?.value(tape.root) as { users: { a: string[] } };
    expect(root).toEqual({ users: { a: ['x'] } });
    const users = tape && tape.after(tape.first(tape.root));
    expect(users !== undefined && tape?.value(users)).toBe(root.users);
  });

  it('counts the children of a collection', () => {
    const tape = parseYamlTape('a: [1, 2, 3]\nb: {}\n', 64);
    const a = tape && tape.after(tape.first(tape.root));
    expect(tape && [tape.count(tape.root), a !== undefined && tape.count(a)]).toEqual([4, 3]);
  });

  it.each([
    ['a duplicated key', 'a: 1\nb: 2\na: 3\n'],
    ['a duplicated key with the same value', 'users:\n  a: kw\n  a: kw\n'],
    ['an alias of a collection', 'p: &p [x]\nq: *p\n'],
    ['an explicit key without a value', '? a\n'],
    ['flow entries without values', 'a: {x, ~, y, ~}\n'],
    ['a pair inside a flow sequence', 'a: [b: 1]\n'],
    ['an empty block-sequence item', 'a:\n  -\n  - x\n'],
    ['a syntax error', 'users:\n  alice: kw\n   bob: kw\n'],
    ['an empty document', '# nothing\n'],
    ['a scalar document', 'just text\n'],
    ['a list document', '- a\n- b\n'],
    ['several documents', '---\na: 1\n---\nb: 2\n'],
  ])('leaves %s to the located parse', (_name, text) => {
    expect(parseYamlTape(text, 64)).toBeUndefined();
  });

  it('gives up on nesting deeper than the limit', () => {
    const text = Array.from({ length: 10 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n');
    expect(parseYamlTape(text, 64)).toBeDefined();
    expect(parseYamlTape(text, 5)).toBeUndefined();
  });

  it('reads a mapping of 100,000 keys', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `  user${i}@contoso.com: kw`);
    const tape = parseYamlTape(`users:\n${lines.join('\n')}\n`, 64);
    const users = tape && tape.after(tape.first(tape.root));
    expect(users !== undefined && tape?.count(users)).toBe(200_000);
  });
});
