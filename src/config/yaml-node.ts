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

/** The entry of a mapping key: a scan of small maps, an index built on first use for large ones (O(1) lookups). */
export function findEntry(map: YamlMap, key: string): YamlEntry | undefined {
  if (map.entries.length <= 16) {
    for (const entry of map.entries) if (entry.key === key) return entry;
    return undefined;
  }
  let index = entryIndexes.get(map);
  if (!index) {
    index = new Map(map.entries.map((e) => [e.key, e]));
    entryIndexes.set(map, index);
  }
  return index.get(key);
}

/**
 * Builds a mapping's entries, keeping the last value of a duplicated key in the first one's
 * place (as the plain value does) and recording the duplicate. Small mappings are searched
 * linearly, large ones through a hash index: O(n) either way, with no allocation for the
 * many tiny mappings of a large file.
 */
export class EntryCollector<T = undefined> {
  readonly entries: YamlEntry[] = [];
  /** A caller's value per entry, kept aligned with `entries` (the fast path keeps parse results here). */
  readonly tags: T[] = [];
  private index: Map<string, number> | undefined;

  constructor(private readonly duplicates: DuplicateKey[]) {}

  add(entry: YamlEntry, tag: T): void {
    const at = this.find(entry.key);
    const previous = at < 0 ? undefined : this.entries[at];
    if (previous) {
      this.duplicates.push({ key: entry.key, first: previous.keyOffset, second: entry.keyOffset });
      this.entries[at] = entry;
      this.tags[at] = tag;
      return;
    }
    this.index?.set(entry.key, this.entries.length);
    this.entries.push(entry);
    this.tags.push(tag);
    if (!this.index && this.entries.length > 16) this.index = new Map(this.entries.map((e, i) => [e.key, i]));
  }

  private find(key: string): number {
    if (this.index) return this.index.get(key) ?? -1;
    for (let i = 0; i < this.entries.length; i++) if (this.entries[i]?.key === key) return i;
    return -1;
  }
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
