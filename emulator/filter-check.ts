import { badRequest, GraphError, unsupportedQuery } from './graph-error.js';
import type { CompareOp, FilterLiteral, FilterNode } from './odata-filter.js';

/**
 * What Graph accepts in a directory `$filter`: known properties, correctly typed literals,
 * at most 15 alternatives, and advanced operators only with the advanced-query headers.
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

/** Most values an `in` list or a chain of `or` may have in a directory filter. */
export const MAX_OR_CLAUSES = 15;

function countOrClauses(node: FilterNode): number {
  switch (node.kind) {
    case 'or': return countOrClauses(node.left) + countOrClauses(node.right);
    case 'in': return node.values.length;
    default: return 1;
  }
}

function largestOrChain(node: FilterNode): number {
  switch (node.kind) {
    case 'or': case 'in': return countOrClauses(node);
    case 'and': return Math.max(largestOrChain(node.left), largestOrChain(node.right));
    case 'not': return largestOrChain(node.operand);
    default: return 1;
  }
}

/**
 * Directory filters allow at most 15 alternatives (`in` values or `or` clauses).
 * UNCONFIRMED: whether `in` values count exactly like `or` clauses; the message is Graph's.
 */
export function checkClauseLimit(node: FilterNode): void {
  const clauses = largestOrChain(node);
  if (clauses > MAX_OR_CLAUSES) {
    throw unsupportedQuery(`Too many child clauses specified in search filter expression containing 'OR' operators: ${clauses}. Max allowed: ${MAX_OR_CLAUSES}.`);
  }
}

/** Throws Graph's 400 when an advanced filter arrives without the advanced-query headers. */
export function requireAdvancedQuery(node: FilterNode, schema: EntitySchema, advanced: boolean): void {
  const property = findAdvancedProperty(node);
  if (property !== null && !advanced) {
    throw unsupportedQuery(`Unsupported or invalid query filter clause specified for property '${property}' of resource '${schema.resourceName}'.`);
  }
}
