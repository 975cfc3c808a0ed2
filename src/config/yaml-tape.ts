import jsyaml from 'js-yaml';
import { skipToContent } from './yaml-node.js';

/**
 * The lean twin of the located parse (parse-yaml-fast.ts) for the common case: a document
 * js-yaml reads without surprises. Instead of one object per node, every node is a slot in
 * a few flat arrays (a "tape", in parse order; a node handle is its slot). A 100,000-user
 * file then costs a few large arrays, mostly typed ones the garbage collector neither copies
 * nor scans, instead of half a million small objects it has to copy and mark.
 *
 * The listener events are checked against js-yaml's result as the located parse checks them
 * (same collapse rule, same identity checks). Whatever the tape does not cover (duplicate
 * keys, aliases of collections, events that do not match, too deep, syntax errors, an empty
 * document, a root that is not a mapping) yields no tape, and the caller takes the located
 * parse, which reports it.
 */

const SCALAR = 0;
const MAP = 1;
const SEQ = 2;
/** A collection js-yaml first read as a would-be key and kept: the node is its only child, the next slot. */
const SAME_AS_NEXT = 3;
/** A scalar with nothing written (`key:`): it is placed where its parse began, at the colon. */
const EMPTY = 4;

class NoTape extends Error {}

export type TapeKind = 'scalar' | 'map' | 'seq';

/** A parsed document as flat arrays; a node is a slot index. */
export class YamlTape {
  /** Where each node's parse began (before blanks and comments). */
  private opens: Int32Array;
  /** One past the node's last descendant: the slot of its next sibling. */
  private ends: Int32Array;
  private kinds: Uint8Array;
  private readonly results: unknown[] = [];
  private size = 0;
  /** Slots of the nodes that are open, innermost last. */
  private readonly stack: number[] = [];
  private rootSlot = -1;

  constructor(readonly text: string, private readonly maxDepth: number) {
    // About one node per 15 characters in typical files; the arrays double when that is short.
    const capacity = 64 + (text.length >> 4);
    this.opens = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.kinds = new Uint8Array(capacity);
  }

  /** The root mapping. */
  get root(): number {
    return this.rootSlot;
  }

  kind(node: number): TapeKind {
    const kind = this.kinds[this.deref(node)];
    return kind === MAP ? 'map' : kind === SEQ ? 'seq' : 'scalar';
  }

  /** Nothing was written (`key:` with no value). */
  empty(node: number): boolean {
    return this.kinds[this.deref(node)] === EMPTY;
  }

  /** The plain value js-yaml returned for the node (the same object, for collections). */
  value(node: number): unknown {
    return this.results[this.deref(node)];
  }

  /** Character offset of the node's first character, as the located parse gives it. */
  offset(node: number): number {
    const at = this.deref(node);
    const open = this.opens[at] ?? 0;
    return this.kinds[at] === EMPTY ? open : skipToContent(this.text, open);
  }

  /** Character offset of a mapping key (even one with nothing written), as the located parse gives it. */
  keyOffset(node: number): number {
    return skipToContent(this.text, this.opens[node] ?? 0);
  }

  /** A mapping key as the located parse spells it (js-yaml returns numbers or booleans for some keys). */
  key(node: number): string {
    const key = this.results[node];
    return typeof key === 'string' ? key : String(key);
  }

  /** The first child of a collection (a key, for a mapping); the children end at `end(node)`. */
  first(node: number): number {
    return this.deref(node) + 1;
  }

  end(node: number): number {
    return this.ends[this.deref(node)] ?? 0;
  }

  /** How many children a collection has (keys and values, for a mapping). */
  count(node: number): number {
    let n = 0;
    for (let child = this.first(node), end = this.end(node); child < end; child = this.after(child)) n++;
    return n;
  }

  /** The next sibling: for a mapping key, its value; for a value, the next key. */
  after(node: number): number {
    return this.ends[node] ?? 0;
  }

  private deref(node: number): number {
    let at = node;
    while (this.kinds[at] === SAME_AS_NEXT) at++;
    return at;
  }

  /**
   * Appends a node, for a scanner that builds the tape itself (see scanYamlTape): `offset` is
   * where its content starts, and a collection's children are the nodes appended after it
   * until it is sealed. The first node appended is the root.
   */
  append(kind: TapeKind, offset: number, value: unknown): number {
    if (this.size === this.opens.length) this.grow();
    const slot = this.size++;
    this.opens[slot] = offset;
    this.kinds[slot] = kind === 'map' ? MAP : kind === 'seq' ? SEQ : SCALAR;
    this.ends[slot] = this.size;
    this.results.push(value);
    if (this.rootSlot < 0) this.rootSlot = slot;
    return slot;
  }

  /** Ends an appended collection: its children are the nodes appended since, and `value` its plain value. */
  seal(slot: number, value: unknown): void {
    this.ends[slot] = this.size;
    this.results[slot] = value;
  }

  readonly listener = (type: 'open' | 'close', state: jsyaml.State): void => {
    if (type === 'open') this.open(state.position);
    else this.close(state.result, state.kind ?? null);
  };

  private open(position: number): void {
    if (this.stack.length >= this.maxDepth) throw new NoTape();
    if (this.size === this.opens.length) this.grow();
    const slot = this.size++;
    this.stack.push(slot);
    this.opens[slot] = position;
    this.kinds[slot] = SCALAR;
    this.results.push(undefined);
  }

  private grow(): void {
    const capacity = this.opens.length * 2;
    const copy = <T extends Int32Array | Uint8Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.opens = copy(this.opens, new Int32Array(capacity));
    this.ends = copy(this.ends, new Int32Array(capacity));
    this.kinds = copy(this.kinds, new Uint8Array(capacity));
  }

  private close(result: unknown, kind: string | null): void {
    const slot = this.stack.pop();
    if (slot === undefined) throw new NoTape();
    const end = this.size;
    this.ends[slot] = end;
    this.results[slot] = result;
    if (kind === 'mapping' || kind === 'sequence') this.kinds[slot] = this.collectionKind(slot, end, result, kind);
    // An object under any other kind is an alias of a collection: the tree would become a DAG.
    else if (typeof result === 'object' && result !== null) throw new NoTape();
    else if (kind === null && result === null && this.text[skipToContent(this.text, this.opens[slot] ?? 0)] !== '*') this.kinds[slot] = EMPTY;
    if (this.stack.length === 0) {
      if (this.rootSlot >= 0) throw new NoTape();
      this.rootSlot = slot;
    }
  }

  private collectionKind(slot: number, end: number, result: unknown, kind: 'mapping' | 'sequence'): number {
    if (typeof result !== 'object' || result === null) throw new NoTape();
    const only = slot + 1;
    if (only < end && this.ends[only] === end && this.results[only] === result) return SAME_AS_NEXT;
    if (kind === 'sequence') this.checkSequence(slot, end, result);
    else this.checkMapping(slot, end, result as Record<string, unknown>);
    return kind === 'sequence' ? SEQ : MAP;
  }

  private checkSequence(slot: number, end: number, result: object): void {
    if (!Array.isArray(result)) throw new NoTape();
    let n = 0;
    for (let child = slot + 1; child < end; child = this.after(child)) {
      if (!Object.is(this.results[child], result[n++])) throw new NoTape();
    }
    if (n !== result.length) throw new NoTape();
  }

  /**
   * Children alternate key, value, and the result holds exactly each pair: as many keys as
   * pairs (fewer means a duplicated key), each with the value read for it.
   */
  private checkMapping(slot: number, end: number, result: Record<string, unknown>): void {
    let pairs = 0;
    for (let key = slot + 1; key < end; key = this.after(this.after(key))) {
      const value = this.after(key);
      const name = this.results[key];
      if (value >= end || (typeof name === 'object' && name !== null)) throw new NoTape();
      if (!Object.is(result[this.key(key)], this.results[value])) throw new NoTape();
      pairs++;
    }
    if (Object.keys(result).length !== pairs) throw new NoTape();
  }
}

/**
 * The tape of a document whose root is a mapping, or undefined when the document needs the
 * located parse (see above). Never throws on bad input.
 */
export function parseYamlTape(text: string, maxDepth: number): YamlTape | undefined {
  const tape = new YamlTape(text, maxDepth);
  let value: unknown;
  try {
    value = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: true, listener: tape.listener });
  } catch (error) {
    if (error instanceof NoTape || (error instanceof Error && error.name === 'YAMLException')) return undefined;
    throw error;
  }
  const root = tape.root;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || root < 0) return undefined;
  return tape.kind(root) === 'map' && tape.value(root) === value ? tape : undefined;
}
