import type { CompareOp, FilterLiteral, FilterNode } from './odata-filter.js';

/**
 * Evaluates a checked `$filter` against objects in Graph's shape (string equality is
 * case-insensitive like the directory's) and plans which ids can match from indexes.
 */

/** Lookups a filter can use instead of scanning every object. */
export interface FilterIndex {
  /** The object's id when it exists. */
  byId(id: string): string | undefined;
  /** Ids whose unique key (users: userPrincipalName) matches case-insensitively. */
  byKey(property: string, value: string): string[] | undefined;
  /** Ids holding the SKU in `assignedLicenses` (direct or inherited). */
  withSku(skuId: string): Iterable<string>;
}

function sameValue(actual: unknown, literal: FilterLiteral): boolean {
  if (literal.type === 'null') return actual === null || actual === undefined;
  if (typeof actual === 'string' && typeof literal.value === 'string') return actual.toLowerCase() === literal.value.toLowerCase();
  return actual === literal.value;
}

function compareValues(actual: unknown, op: CompareOp, literal: FilterLiteral): boolean {
  switch (op) {
    case 'eq': return sameValue(actual, literal);
    case 'ne': return !sameValue(actual, literal);
    default: {
      if (typeof actual !== 'string' && typeof actual !== 'number') return false;
      const left = typeof actual === 'string' ? actual.toLowerCase() : actual;
      const right = typeof literal.value === 'string' ? literal.value.toLowerCase() : literal.value;
      if (right === null || typeof right === 'boolean') return false;
      if (op === 'gt') return left > right;
      if (op === 'ge') return left >= right;
      if (op === 'lt') return left < right;
      return left <= right;
    }
  }
}

/** True when the object (in Graph's shape) matches the filter. */
export function evaluateFilter(node: FilterNode, object: Record<string, unknown>): boolean {
  switch (node.kind) {
    case 'and': return evaluateFilter(node.left, object) && evaluateFilter(node.right, object);
    case 'or': return evaluateFilter(node.left, object) || evaluateFilter(node.right, object);
    case 'not': return !evaluateFilter(node.operand, object);
    case 'compare': return compareValues(object[node.property], node.op, node.value);
    case 'in': return node.values.some((value) => sameValue(object[node.property], value));
    case 'function': {
      const actual = object[node.property];
      if (typeof actual !== 'string') return false;
      const [a, b] = [actual.toLowerCase(), node.value.toLowerCase()];
      return node.name === 'startswith' ? a.startsWith(b) : a.endsWith(b);
    }
    case 'any': {
      const items = asObjects(object[node.collection]);
      const predicate = node.predicate;
      return predicate === null ? items.length > 0 : items.some((item) => evaluateFilter(predicate, item));
    }
    case 'count': return compareValues(asObjects(object[node.collection]).length, node.op, { type: 'number', value: node.value });
  }
}

function asObjects(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
}

/**
 * Ids that can possibly match, from indexes; undefined when the filter needs a scan.
 * Candidates are always re-checked with {@link evaluateFilter}.
 */
export function planCandidates(node: FilterNode, index: FilterIndex): string[] | undefined {
  switch (node.kind) {
    case 'compare': return node.op === 'eq' && node.value.type === 'string' ? lookup(node.property, [node.value.value], index) : undefined;
    case 'in': return lookup(node.property, node.values.flatMap((v) => (v.type === 'string' ? [v.value] : [])), index);
    case 'any': {
      const predicate = node.predicate;
      if (predicate?.kind !== 'compare' || predicate.op !== 'eq' || predicate.value.type !== 'guid') return undefined;
      return [...index.withSku(predicate.value.value)];
    }
    case 'and': return planCandidates(node.left, index) ?? planCandidates(node.right, index);
    case 'or': {
      const left = planCandidates(node.left, index);
      const right = left && planCandidates(node.right, index);
      return left && right ? [...new Set([...left, ...right])] : undefined;
    }
    default: return undefined;
  }
}

function lookup(property: string, values: string[], index: FilterIndex): string[] | undefined {
  if (property === 'id') return values.flatMap((v) => { const id = index.byId(v); return id === undefined ? [] : [id]; });
  const found: string[] = [];
  for (const value of values) {
    const ids = index.byKey(property, value);
    if (ids === undefined) return undefined;
    for (const id of ids) found.push(id);
  }
  return [...new Set(found)];
}
