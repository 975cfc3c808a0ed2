import jsyaml from 'js-yaml';
import type { DuplicateKey, YamlEntry, YamlNode } from './yaml-node.js';
import { addEntry, skipToContent } from './yaml-node.js';

/**
 * The fast path: js-yaml (several times faster than the `yaml` package on large files, see
 * bench/config-load.bench.ts) plus its parse listener for positions. The listener reports
 * every node as an open/close pair; recording them in flat arrays costs almost nothing.
 * The event tree is then matched against js-yaml's result by identity: wherever the two do
 * not agree exactly (explicit keys without values, empty block-sequence items, pairs in flow
 * sequences, rolled-back attempts), the caller falls back to the exact parser, so a position
 * is never guessed.
 */

export type FastParse =
  | { status: 'ok'; root: YamlNode | undefined; value: unknown; duplicates: DuplicateKey[] }
  | { status: 'error'; message: string; offset: number; code: 'yaml-syntax' | 'nesting-limit' }
  | { status: 'unverifiable' };

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super('too deep');
  }
}

/** What the listener recorded, in open (pre-)order. */
interface Events {
  open: number[];
  parent: number[];
  result: unknown[];
  kind: (string | null)[];
}

class Unverifiable extends Error {}

function record(text: string, maxDepth: number): { value: unknown; events: Events } {
  const events: Events = { open: [], parent: [], result: [], kind: [] };
  const stack: number[] = [];
  const listener = (type: 'open' | 'close', state: jsyaml.State): void => {
    if (type === 'open') {
      if (stack.length >= maxDepth) throw new TooDeep(state.position);
      events.parent.push(stack.length > 0 ? (stack[stack.length - 1] ?? -1) : -1);
      stack.push(events.open.length);
      events.open.push(state.position);
      events.result.push(null);
      events.kind.push(null);
    } else {
      const i = stack.pop() ?? -1;
      events.result[i] = state.result;
      events.kind[i] = state.kind ?? null;
    }
  };
  const value = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: true, listener });
  return { value, events };
}

function childLists(events: Events): number[][] {
  const children: number[][] = events.open.map(() => []);
  events.parent.forEach((p, i) => {
    if (p >= 0) children[p]?.push(i);
  });
  return children;
}

class Builder {
  readonly duplicates: DuplicateKey[] = [];
  private readonly byObject = new Map<object, YamlNode>();
  private readonly children: number[][];

  constructor(private readonly text: string, private readonly events: Events) {
    this.children = childLists(events);
  }

  build(i: number): YamlNode {
    const { result, kind } = this.at(i);
    const offset = this.events.open[i] ?? 0;
    if (kind === 'mapping' || kind === 'sequence') return this.collection(i, offset, result, kind);
    if (typeof result === 'object' && result !== null) {
      const shared = this.byObject.get(result);
      if (!shared) throw new Unverifiable();
      return shared;
    }
    const start = skipToContent(this.text, offset);
    const empty = kind === null && result === null && this.text[start] !== '*';
    return { kind: 'scalar', offset: empty ? offset : start, value: result, empty };
  }

  private at(i: number): { result: unknown; kind: string | null } {
    return { result: this.events.result[i], kind: this.events.kind[i] ?? null };
  }

  /** A node whose only child produced the very same collection (js-yaml tried it as a key first) stands for that child. */
  private contentOf(i: number): number[] {
    let list = this.children[i] ?? [];
    const result = this.events.result[i];
    while (list.length === 1 && list[0] !== undefined && this.events.result[list[0]] === result) {
      list = this.children[list[0]] ?? [];
    }
    return list;
  }

  private collection(i: number, offset: number, result: unknown, kind: string): YamlNode {
    if (typeof result !== 'object' || result === null) throw new Unverifiable();
    const start = skipToContent(this.text, offset);
    const items = this.contentOf(i);
    if (kind === 'sequence') {
      if (!Array.isArray(result) || items.length !== result.length) throw new Unverifiable();
      const node: YamlNode = { kind: 'seq', offset: start, items: [] };
      this.byObject.set(result, node);
      items.forEach((child, n) => {
        if (!Object.is(this.events.result[child], result[n])) throw new Unverifiable();
        node.items.push(this.build(child));
      });
      return node;
    }
    const node: YamlNode = { kind: 'map', offset: start, entries: [] };
    this.byObject.set(result, node);
    this.fillMap(node.entries, items, result as Record<string, unknown>);
    return node;
  }

  private fillMap(entries: YamlEntry[], items: number[], result: Record<string, unknown>): void {
    if (items.length % 2 !== 0) throw new Unverifiable();
    const positions = new Map<string, number>();
    const values = new Map<string, unknown>();
    for (let n = 0; n < items.length; n += 2) {
      const k = items[n] ?? -1;
      const v = items[n + 1] ?? -1;
      const keyValue = this.events.result[k];
      if (typeof keyValue === 'object' && keyValue !== null) throw new Unverifiable();
      const key = String(keyValue);
      const keyOffset = skipToContent(this.text, this.events.open[k] ?? 0);
      addEntry(entries, positions, { key, keyOffset, value: this.build(v) }, this.duplicates);
      values.set(key, this.events.result[v]);
    }
    if (Object.keys(result).length !== values.size) throw new Unverifiable();
    for (const [key, value] of values) {
      if (!Object.prototype.hasOwnProperty.call(result, key) || !Object.is(result[key], value)) throw new Unverifiable();
    }
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

/** Parses one document with js-yaml and, when the events allow it, locates every node. */
export function parseYamlFast(text: string, maxDepth: number): FastParse {
  let recorded: { value: unknown; events: Events };
  try {
    recorded = record(text, maxDepth);
  } catch (error) {
    if (error instanceof TooDeep) {
      return { status: 'error', code: 'nesting-limit', offset: error.offset, message: `nesting is deeper than ${maxDepth} levels` };
    }
    if (isYamlException(error)) {
      return { status: 'error', code: 'yaml-syntax', offset: error.mark?.position ?? 0, message: error.reason ?? error.message };
    }
    throw error;
  }
  const { value, events } = recorded;
  if (value === undefined || value === null) return { status: 'ok', root: undefined, value, duplicates: [] };
  const rootIndex = events.parent.indexOf(-1);
  if (rootIndex < 0 || !Object.is(events.result[rootIndex], value)) return { status: 'unverifiable' };
  const builder = new Builder(text, events);
  try {
    return { status: 'ok', root: builder.build(rootIndex), value, duplicates: builder.duplicates };
  } catch (error) {
    if (error instanceof Unverifiable) return { status: 'unverifiable' };
    throw error;
  }
}
