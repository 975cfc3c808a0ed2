import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, Node as YNode } from 'yaml';
import type { DuplicateKey, YamlNode, YamlProblem } from './yaml-node.js';
import { EntryCollector } from './yaml-node.js';

/**
 * The exact path, used when the fast path cannot vouch for its positions: the `yaml`
 * package's full document model. Its default duplicate-key check scans each mapping
 * linearly per key (quadratic on large mappings), so it is switched off and duplicates are
 * found here with a hash map.
 */

type YamlPackage = typeof Yaml;

let yamlPackage: YamlPackage | undefined;

/**
 * The `yaml` package, loaded on first use: importing it takes about 80 ms, and most runs
 * never need it (js-yaml's events vouch for the positions of nearly every file).
 */
function loadYamlPackage(): YamlPackage {
  yamlPackage ??= createRequire(import.meta.url)('yaml') as YamlPackage;
  return yamlPackage;
}

export interface ExactParse {
  root: YamlNode | undefined;
  duplicates: DuplicateKey[];
  problems: YamlProblem[];
  /** True when aliases were followed: the tree may be a DAG or cyclic. */
  shared: boolean;
}

class Converter {
  readonly duplicates: DuplicateKey[] = [];
  readonly problems: YamlProblem[] = [];
  /** True once an alias was followed (the tree may be a DAG, or cyclic). */
  shared = false;
  private readonly done = new Map<YNode, YamlNode>();

  constructor(private readonly doc: Document.Parsed, private readonly yaml: YamlPackage) {}

  convert(node: YNode | null | undefined, fallbackOffset: number): YamlNode {
    if (node == null) return { kind: 'scalar', offset: fallbackOffset, value: null, empty: true };
    const known = this.done.get(node);
    if (known) return known;
    const offset = node.range?.[0] ?? fallbackOffset;
    if (this.yaml.isAlias(node)) {
      const target = node.resolve(this.doc);
      this.shared = true;
      if (target) return this.convert(target, offset);
      this.problems.push({ code: 'yaml-syntax', message: `unknown alias *${node.source}`, offset });
      return { kind: 'scalar', offset, value: null, empty: true };
    }
    if (this.yaml.isScalar(node)) {
      return { kind: 'scalar', offset, value: node.value, empty: node.value === null && node.source === '' };
    }
    if (this.yaml.isSeq(node)) {
      const seq: YamlNode = { kind: 'seq', offset, items: [] };
      this.done.set(node, seq);
      for (const item of node.items) seq.items.push(this.convert(item as YNode | null, offset));
      return seq;
    }
    if (this.yaml.isMap(node)) {
      const collector = new EntryCollector(this.duplicates);
      const map: YamlNode = { kind: 'map', offset, entries: collector.entries };
      this.done.set(node, map);
      this.fillMap(collector, node.items, offset);
      return map;
    }
    this.problems.push({ code: 'yaml-syntax', message: 'unsupported YAML node', offset });
    return { kind: 'scalar', offset, value: null, empty: true };
  }

  private fillMap(collector: EntryCollector, pairs: readonly { key: unknown; value: unknown }[], offset: number): void {
    for (const pair of pairs) {
      const keyNode = pair.key as YNode | null;
      const keyOffset = keyNode?.range?.[0] ?? offset;
      if (keyNode != null && !this.yaml.isScalar(keyNode)) {
        this.problems.push({ code: 'complex-key', message: 'a mapping key must be a plain value, not a list or mapping', offset: keyOffset });
        continue;
      }
      const key = String(keyNode?.value ?? null);
      const valueOffset = keyNode?.range?.[2] ?? keyOffset;
      collector.add({ key, keyOffset, value: this.convert(pair.value as YNode | null, valueOffset) }, undefined);
    }
  }
}

/** The library's words ("please use YAML.parseAllDocuments()") are for programmers; these are for the file's author. */
function multipleDocuments(offset: number): YamlProblem {
  return {
    code: 'multiple-documents',
    message: 'a second YAML document starts here; a skuform file holds one document',
    offset,
    hint: 'remove the `---` line and merge the two parts, or put the second part in a file of its own (a directory of files is read as one config)',
  };
}

/** Parses one document with the `yaml` package, locating every node and reporting every syntax error. */
export function parseYamlExact(text: string): ExactParse {
  const yaml = loadYamlPackage();
  const doc = yaml.parseDocument(text, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false, merge: false });
  const problems: YamlProblem[] = [
    ...doc.errors.map((e) => (e.code === 'MULTIPLE_DOCS' ? multipleDocuments(e.pos[0]) : { code: 'yaml-syntax', message: e.message, offset: e.pos[0] })),
    ...doc.warnings.map((e) => ({ severity: 'warning' as const, code: 'yaml-warning', message: e.message, offset: e.pos[0] })),
  ];
  if (doc.errors.length > 0) return { root: undefined, duplicates: [], problems, shared: false };
  const converter = new Converter(doc, yaml);
  const root = doc.contents == null ? undefined : converter.convert(doc.contents, 0);
  const empty = root?.kind === 'scalar' && root.value === null;
  return { root: empty ? undefined : root, duplicates: converter.duplicates, problems: [...problems, ...converter.problems], shared: converter.shared };
}
