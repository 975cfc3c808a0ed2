import type { YamlNode, YamlProblem } from './yaml-node.js';

/** Limits that keep hostile documents (alias bombs, deep nesting) cheap to reject. */
export interface YamlLimits {
  /** Deepest nesting, counted through aliases. */
  maxDepth: number;
  /**
   * Alias expansion guard: a document may expand to more nodes than this only while the
   * expansion stays within `maxExpansionRatio` times the nodes actually written (large
   * documents are fine, a few lines that expand to millions are not).
   */
  maxExpandedNodes: number;
  maxExpansionRatio: number;
}

class LimitExceeded extends Error {
  constructor(readonly problem: YamlProblem) {
    super(problem.message);
  }
}

/**
 * Walks the document as a DAG (each shared node once) and rejects recursive aliases, nesting
 * deeper than the limit and alias expansion beyond the limit — before anything walks the
 * expanded tree (schema validation, resolution).
 */
export function checkYamlShape(root: YamlNode | undefined, limits: YamlLimits): YamlProblem[] {
  if (!root) return [];
  const sizes = new Map<YamlNode, number>();
  const active = new Set<YamlNode>();
  const visit = (node: YamlNode, depth: number): number => {
    if (depth > limits.maxDepth) {
      throw new LimitExceeded({ code: 'nesting-limit', offset: node.offset, message: `nesting is deeper than ${limits.maxDepth} levels (aliases included)` });
    }
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (active.has(node)) {
      throw new LimitExceeded({ code: 'alias-limit', offset: node.offset, message: 'an alias refers to a node that contains it (recursive alias)' });
    }
    active.add(node);
    const children = node.kind === 'map' ? node.entries.map((e) => e.value) : node.kind === 'seq' ? node.items : [];
    let size = 1;
    for (const child of children) {
      size += visit(child, depth + 1);
      if (size > limits.maxExpandedNodes && size > limits.maxExpansionRatio * (sizes.size + active.size)) {
        throw new LimitExceeded({
          code: 'alias-limit',
          offset: node.offset,
          message: `aliases expand this document to more than ${size} nodes from ${sizes.size + active.size} written`,
          hint: 'write the data out instead of nesting aliases',
        });
      }
    }
    active.delete(node);
    sizes.set(node, size);
    return size;
  };
  try {
    visit(root, 1);
    return [];
  } catch (error) {
    if (error instanceof LimitExceeded) return [error.problem];
    throw error;
  }
}

/** The plain JavaScript value of a located document (the exact path has no other). */
export function toPlainValue(node: YamlNode | undefined): unknown {
  if (!node) return null;
  const done = new Map<YamlNode, unknown>();
  const plain = (n: YamlNode): unknown => {
    const known = done.get(n);
    if (known !== undefined) return known;
    if (n.kind === 'scalar') return n.value;
    if (n.kind === 'seq') {
      const list: unknown[] = [];
      done.set(n, list);
      for (const item of n.items) list.push(plain(item));
      return list;
    }
    const object: Record<string, unknown> = {};
    done.set(n, object);
    for (const entry of n.entries) {
      Object.defineProperty(object, entry.key, { value: plain(entry.value), enumerable: true, writable: true, configurable: true });
    }
    return object;
  };
  return plain(node);
}
