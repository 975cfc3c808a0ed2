import jsyaml from 'js-yaml';
import type { DuplicateKey, YamlEntry, YamlNode } from './yaml-node.js';
import { EntryCollector, skipToContent } from './yaml-node.js';

/**
 * The fast path: js-yaml (several times faster than the `yaml` package on large files, see
 * bench/config-load.bench.ts) plus its parse listener for positions. The listener reports
 * every node as an open/close pair; located nodes are built as nodes close, in frames that
 * are reused per depth. Each collection is checked against js-yaml's own result by
 * identity: wherever the two do not agree exactly (explicit keys without values, empty
 * block-sequence items, pairs in flow sequences, rolled-back attempts, recursive aliases),
 * the caller falls back to the exact parser, so a position is never guessed.
 */

export type FastParse =
  | { status: 'ok'; root: YamlNode | undefined; value: unknown; duplicates: DuplicateKey[]; shared: boolean }
  | { status: 'error'; message: string; offset: number; code: 'yaml-syntax' | 'nesting-limit' }
  | { status: 'unverifiable' };

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super('too deep');
  }
}

class Unverifiable extends Error {}

/** What is known about the children of one open node. Reused for every node at its depth. */
interface Frame {
  open: number;
  /** Children so far; the arrays are only valid up to `count`. */
  count: number;
  nodes: YamlNode[];
  results: unknown[];
  opens: number[];
}

class Builder {
  readonly duplicates: DuplicateKey[] = [];
  /** True once an alias made two places share a collection node (the tree became a DAG). */
  shared = false;
  root: YamlNode | undefined;
  private readonly frames: Frame[] = [];
  private depth = 0;
  private readonly byObject = new Map<object, YamlNode>();

  constructor(private readonly text: string, private readonly maxDepth: number) {}

  readonly listener = (type: 'open' | 'close', state: jsyaml.State): void => {
    if (type === 'open') this.open(state.position);
    else this.close(state.result, state.kind ?? null);
  };

  private open(position: number): void {
    if (this.depth >= this.maxDepth) throw new TooDeep(position);
    let frame = this.frames[this.depth];
    if (!frame) {
      frame = { open: 0, count: 0, nodes: [], results: [], opens: [] };
      this.frames[this.depth] = frame;
    }
    frame.open = position;
    frame.count = 0;
    this.depth++;
  }

  private close(result: unknown, kind: string | null): void {
    this.depth--;
    const frame = this.frames[this.depth];
    if (!frame) throw new Unverifiable();
    const node = this.build(frame, result, kind);
    const parent = this.depth > 0 ? this.frames[this.depth - 1] : undefined;
    if (!parent) {
      this.root = node;
      return;
    }
    const at = parent.count++;
    parent.nodes[at] = node;
    parent.results[at] = result;
    parent.opens[at] = frame.open;
  }

  /** The located node built for a collection js-yaml returned. */
  nodeOf(result: object): YamlNode | undefined {
    return this.byObject.get(result);
  }

  private build(frame: Frame, result: unknown, kind: string | null): YamlNode {
    if (kind === 'mapping' || kind === 'sequence') {
      if (typeof result !== 'object' || result === null) throw new Unverifiable();
      // js-yaml reads a collection as a would-be key first and keeps it: the outer node is that child.
      const only = frame.nodes[0];
      if (frame.count === 1 && frame.results[0] === result && only) return only;
      return kind === 'sequence' ? this.sequence(frame, result) : this.mapping(frame, result as Record<string, unknown>);
    }
    if (typeof result === 'object' && result !== null) {
      const shared = this.byObject.get(result);
      if (!shared) throw new Unverifiable();
      this.shared = true;
      return shared;
    }
    const start = skipToContent(this.text, frame.open);
    const empty = kind === null && result === null && this.text[start] !== '*';
    return { kind: 'scalar', offset: empty ? frame.open : start, value: result, empty };
  }

  private sequence(frame: Frame, result: object): YamlNode {
    if (!Array.isArray(result) || frame.count !== result.length) throw new Unverifiable();
    for (let n = 0; n < result.length; n++) if (!Object.is(frame.results[n], result[n])) throw new Unverifiable();
    const node: YamlNode = { kind: 'seq', offset: skipToContent(this.text, frame.open), items: frame.nodes.slice(0, frame.count) };
    this.byObject.set(result, node);
    return node;
  }

  /**
   * Children alternate key, value; the result must hold exactly the last value of every key.
   * js-yaml keeps the last of duplicated keys silently: fewer keys in its result than pairs
   * read is how duplicates show, and only then are they looked for.
   */
  private mapping(frame: Frame, result: Record<string, unknown>): YamlNode {
    const count = frame.count;
    const distinct = Object.keys(result).length;
    if (count % 2 !== 0 || distinct > count / 2) throw new Unverifiable();
    const collector = distinct < count / 2 ? new EntryCollector<unknown>(this.duplicates) : undefined;
    const entries: YamlEntry[] = collector?.entries ?? [];
    const values: unknown[] = collector?.tags ?? [];
    for (let k = 0; k < count; k += 2) {
      const key = frame.results[k];
      const value = frame.nodes[k + 1];
      if ((typeof key === 'object' && key !== null) || !value) throw new Unverifiable();
      const entry = { key: typeof key === 'string' ? key : String(key), keyOffset: skipToContent(this.text, frame.opens[k] ?? 0), value };
      if (collector) collector.add(entry, frame.results[k + 1]);
      else {
        entries.push(entry);
        values.push(frame.results[k + 1]);
      }
    }
    if (entries.length !== distinct) throw new Unverifiable();
    for (let n = 0; n < entries.length; n++) {
      if (!Object.is(result[entries[n]?.key ?? ''], values[n])) throw new Unverifiable();
    }
    const node: YamlNode = { kind: 'map', offset: skipToContent(this.text, frame.open), entries };
    this.byObject.set(result, node);
    return node;
  }
}

interface YamlExceptionLike {
  name: string;
  reason?: string;
  message: string;
  mark?: { position?: number };
}

function isYamlException(error: unknown): error is YamlExceptionLike {
  return error instanceof Error && error.name === 'YAMLException';
}

/** Parses one document with js-yaml and, when its events allow it, locates every node. */
export function parseYamlFast(text: string, maxDepth: number): FastParse {
  const builder = new Builder(text, maxDepth);
  let value: unknown;
  try {
    value = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: true, listener: builder.listener });
  } catch (error) {
    if (error instanceof Unverifiable) return { status: 'unverifiable' };
    if (error instanceof TooDeep) {
      return { status: 'error', code: 'nesting-limit', offset: error.offset, message: `nesting is deeper than ${maxDepth} levels` };
    }
    if (isYamlException(error)) {
      return { status: 'error', code: 'yaml-syntax', offset: error.mark?.position ?? 0, message: error.reason ?? error.message };
    }
    throw error;
  }
  if (value === undefined || value === null) return { status: 'ok', root: undefined, value, duplicates: [], shared: false };
  const root = builder.root;
  if (!root || (typeof value === 'object' ? builder.nodeOf(value) !== root : root.kind !== 'scalar' || !Object.is(root.value, value))) {
    return { status: 'unverifiable' };
  }
  return { status: 'ok', root, value, duplicates: builder.duplicates, shared: builder.shared };
}
