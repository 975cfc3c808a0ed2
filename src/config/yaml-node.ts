/**
 * A parsed YAML document with the source offset of every node and key, whichever parser
 * produced it. Mappings keep the last value of a duplicated key (as the plain value does);
 * duplicates are reported separately. Aliases share nodes, so the tree is a DAG.
 */
export type YamlNode = YamlScalar | YamlMap | YamlSeq;

export interface YamlScalar {
  kind: 'scalar';
  /** Character offset of the node's first character (its anchor or tag, if any). */
  offset: number;
  value: unknown;
  /** Nothing was written (`key:` with no value). */
  empty: boolean;
}

export interface YamlEntry {
  key: string;
  keyOffset: number;
  value: YamlNode;
}

export interface YamlMap {
  kind: 'map';
  offset: number;
  entries: YamlEntry[];
}

export interface YamlSeq {
  kind: 'seq';
  offset: number;
  items: YamlNode[];
}

/** A mapping key written twice; `first` and `second` are key offsets. */
export interface DuplicateKey {
  key: string;
  first: number;
  second: number;
}

/** A problem found while parsing, located by character offset. */
export interface YamlProblem {
  /** Default `error`. */
  severity?: 'error' | 'warning';
  code: string;
  message: string;
  offset: number;
  hint?: string;
  related?: { message: string; offset: number }[];
}

const entryIndexes = new WeakMap<YamlMap, Map<string, YamlEntry>>();

/** The entry of a mapping key, via an index built on first use (lookups stay O(1) on huge maps). */
export function findEntry(map: YamlMap, key: string): YamlEntry | undefined {
  let index = entryIndexes.get(map);
  if (!index) {
    index = new Map(map.entries.map((e) => [e.key, e]));
    entryIndexes.set(map, index);
  }
  return index.get(key);
}

/** Appends an entry, or replaces the value of a key seen before (reported as a duplicate). */
export function addEntry(entries: YamlEntry[], positions: Map<string, number>, entry: YamlEntry, duplicates: DuplicateKey[]): void {
  const at = positions.get(entry.key);
  const previous = at === undefined ? undefined : entries[at];
  if (at === undefined || !previous) {
    positions.set(entry.key, entries.length);
    entries.push(entry);
    return;
  }
  duplicates.push({ key: entry.key, first: previous.keyOffset, second: entry.keyOffset });
  entries[at] = entry;
}

/** Offset of the first character of content at or after `offset`: skips blanks, line breaks and comments. */
export function skipToContent(text: string, offset: number): number {
  let i = offset;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 10 || ch === 13) i++;
    else if (ch === 35 && (i === 0 || /\s/u.test(text[i - 1] ?? ' '))) {
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else break;
  }
  return i;
}
