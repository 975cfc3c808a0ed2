import { badRequest, GraphError, unsupportedQuery } from './graph-error.js';
import type { CompareOp, FilterLiteral, FilterNode } from './odata-filter.js';

/**
 * Type-checks, evaluates and index-plans a parsed `$filter` for users and groups. Only
 * what Graph supports for directory objects is accepted; string equality is
 * case-insensitive like the directory's.
 */

type PropertyType = 'string' | 'boolean' | 'licenses';

export interface EntitySchema {
  /** `user` or `group`, as in `microsoft.graph.user`. */
  typeName: 'user' | 'group';
  /** `User` or `Group`, as Graph names the resource in query errors. */
  resourceName: 'User' | 'Group';
  filterable: Record<string, PropertyType>;
}

export const USER_SCHEMA: EntitySchema = {
  typeName: 'user',
  resourceName: 'User',
  filterable: { id: 'string', userPrincipalName: 'string', displayName: 'string', mail: 'string', usageLocation: 'string', accountEnabled: 'boolean', assignedLicenses: 'licenses' },
};

export const GROUP_SCHEMA: EntitySchema = {
  typeName: 'group',
  resourceName: 'Group',
  filterable: { id: 'string', displayName: 'string', mail: 'string', securityEnabled: 'boolean', mailEnabled: 'boolean', hasMembersWithLicenseErrors: 'boolean', assignedLicenses: 'licenses' },
};

/** Lookups a filter can use instead of scanning every object. */
export interface FilterIndex {
  /** The object's id when it exists. */
  byId(id: string): string | undefined;
  /** Ids whose unique key (users: userPrincipalName) matches case-insensitively. */
  byKey(property: string, value: string): string[] | undefined;
  /** Ids holding the SKU in `assignedLicenses` (direct or inherited). */
  withSku(skuId: string): Iterable<string>;
}

const EDM: Record<FilterLiteral['type'], string> = { string: 'Edm.String', guid: 'Edm.Guid', number: 'Edm.Int32', boolean: 'Edm.Boolean', null: 'null' };
const OPERATOR_KIND: Record<CompareOp, string> = { eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual' };

function noSuchProperty(schema: EntitySchema, property: string): GraphError {
  return badRequest(`Could not find a property named '${property}' on type 'microsoft.graph.${schema.typeName}'.`);
}

function incompatible(expected: string, literal: FilterLiteral, op: CompareOp): GraphError {
  return new GraphError(400, 'BadRequest', `A binary operator with incompatible types was detected. Found operand types '${expected}' and '${EDM[literal.type]}' for operator kind '${OPERATOR_KIND[op]}'.`);
}

function checkLiteral(expected: 'Edm.String' | 'Edm.Boolean' | 'Edm.Guid', literal: FilterLiteral, op: CompareOp): void {
  if (literal.type === 'null' || EDM[literal.type] === expected) return;
  throw incompatible(expected, literal, op);
}

function checkLicensePredicate(node: FilterNode): void {
  switch (node.kind) {
    case 'and': case 'or': checkLicensePredicate(node.left); checkLicensePredicate(node.right); return;
    case 'not': checkLicensePredicate(node.operand); return;
    case 'compare':
      if (node.property !== 'skuId') throw new GraphError(400, 'BadRequest', `Could not find a property named '${node.property}' on type 'microsoft.graph.assignedLicense'.`);
      checkLiteral('Edm.Guid', node.value, node.op);
      return;
    default: throw new GraphError(400, 'BadRequest', 'Invalid filter clause');
  }
}

/** Rejects unknown properties and wrongly typed literals the way Graph does. */
export function checkFilter(node: FilterNode, schema: EntitySchema): void {
  const typeOf = (property: string): PropertyType => {
    const type = schema.filterable[property];
    if (type === undefined) throw noSuchProperty(schema, property);
    return type;
  };
  switch (node.kind) {
    case 'and': case 'or': checkFilter(node.left, schema); checkFilter(node.right, schema); return;
    case 'not': checkFilter(node.operand, schema); return;
    case 'compare': {
      const type = typeOf(node.property);
      if (type === 'licenses') throw new GraphError(400, 'BadRequest', 'Invalid filter clause');
      checkLiteral(type === 'boolean' ? 'Edm.Boolean' : 'Edm.String', node.value, node.op);
      return;
    }
    case 'in':
      if (typeOf(node.property) !== 'string') throw new GraphError(400, 'BadRequest', 'Invalid filter clause');
      for (const value of node.values) checkLiteral('Edm.String', value, 'eq');
      return;
    case 'function':
      if (typeOf(node.property) !== 'string') throw new GraphError(400, 'BadRequest', 'Invalid filter clause');
      return;
    case 'any':
      if (typeOf(node.collection) !== 'licenses') throw new GraphError(400, 'BadRequest', 'Invalid filter clause');
      if (node.predicate) checkLicensePredicate(node.predicate);
      return;
    case 'count':
      if (typeOf(node.collection) !== 'licenses') throw new GraphError(400, 'BadRequest', 'Invalid filter clause');
      return;
  }
}

/**
 * The property that makes this an advanced query (`ne`, `not`, `/$count`, `endsWith`), or
 * null for a basic one. Advanced queries need `ConsistencyLevel: eventual` and `$count=true`.
 */
export function findAdvancedProperty(node: FilterNode): string | null {
  switch (node.kind) {
    case 'and': case 'or': return findAdvancedProperty(node.left) ?? findAdvancedProperty(node.right);
    case 'not': return propertyOf(node.operand);
    case 'compare': return node.op === 'ne' ? node.property : null;
    case 'in': return null;
    case 'any': return node.predicate ? findAdvancedInLambda(node.predicate, node.collection) : null;
    case 'count': return node.collection;
    case 'function': return node.name === 'endswith' ? node.property : null;
  }
}

function findAdvancedInLambda(node: FilterNode, collection: string): string | null {
  return findAdvancedProperty(node) === null ? null : collection;
}

function propertyOf(node: FilterNode): string {
  switch (node.kind) {
    case 'compare': case 'in': case 'function': return node.property;
    case 'any': case 'count': return node.collection;
    case 'not': return propertyOf(node.operand);
    case 'and': case 'or': return propertyOf(node.left);
  }
}

/** Throws Graph's 400 when an advanced filter arrives without the advanced-query headers. */
export function requireAdvancedQuery(node: FilterNode, schema: EntitySchema, advanced: boolean): void {
  const property = findAdvancedProperty(node);
  if (property !== null && !advanced) {
    throw unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${property}' of resource '${schema.resourceName}'.`);
  }
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
    found.push(...ids);
  }
  return [...new Set(found)];
}
