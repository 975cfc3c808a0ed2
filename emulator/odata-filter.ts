import { GraphError } from './graph-error.js';

/**
 * A parser for the part of OData `$filter` that directory objects support and skuform uses:
 * comparisons, `in`, lambda `any`, `/$count` comparisons, `startsWith`/`endsWith`,
 * `and`/`or`/`not` and parentheses.
 */

export type FilterLiteral =
  | { type: 'string'; value: string }
  | { type: 'guid'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null'; value: null };

export type CompareOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: CompareOp; property: string; value: FilterLiteral }
  | { kind: 'in'; property: string; values: FilterLiteral[] }
  | { kind: 'any'; collection: string; variable: string | null; predicate: FilterNode | null }
  | { kind: 'count'; collection: string; op: CompareOp; value: number }
  | { kind: 'function'; name: 'startswith' | 'endswith'; property: string; value: string };

type Token =
  | { t: 'word'; v: string }
  | { t: 'string'; v: string }
  | { t: 'guid'; v: string }
  | { t: 'number'; v: number }
  | { t: 'punct'; v: '(' | ')' | ',' | ':' | '/' };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const WORD = /^[A-Za-z_$@][A-Za-z0-9_$@.]*/;
const COMPARE_OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

/** Graph's answer to a filter it cannot parse. */
export function invalidFilter(): GraphError {
  return new GraphError(400, 'BadRequest', 'Invalid filter clause');
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === ' ' || ch === '\t') { i++; continue; }
    if ('(),:/'.includes(ch)) { tokens.push({ t: 'punct', v: ch as '(' }); i++; continue; }
    if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw invalidFilter();
        if (text.charAt(i) === "'") {
          if (text.charAt(i + 1) === "'") { value += "'"; i += 2; continue; }
          i++;
          break;
        }
        value += text.charAt(i++);
      }
      tokens.push({ t: 'string', v: value });
      continue;
    }
    const rest = text.slice(i);
    const guid = GUID.exec(rest);
    if (guid) { tokens.push({ t: 'guid', v: guid[0].toLowerCase() }); i += guid[0].length; continue; }
    const number = /^-?\d+(\.\d+)?/.exec(rest);
    if (number) { tokens.push({ t: 'number', v: Number(number[0]) }); i += number[0].length; continue; }
    const word = WORD.exec(rest);
    if (word) { tokens.push({ t: 'word', v: word[0] }); i += word[0].length; continue; }
    throw invalidFilter();
  }
  return tokens;
}

class FilterParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterNode {
    const node = this.parseOr();
    if (this.pos !== this.tokens.length) throw invalidFilter();
    return node;
  }

  private peek(): Token | undefined { return this.tokens[this.pos]; }
  private next(): Token {
    const token = this.tokens[this.pos++];
    if (token === undefined) throw invalidFilter();
    return token;
  }
  private isWord(value: string): boolean {
    const token = this.peek();
    return token?.t === 'word' && token.v.toLowerCase() === value;
  }
  private isPunct(value: string): boolean {
    const token = this.peek();
    return token?.t === 'punct' && token.v === value;
  }
  private expectPunct(value: string): void {
    if (!this.isPunct(value)) throw invalidFilter();
    this.pos++;
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isWord('or')) { this.pos++; left = { kind: 'or', left, right: this.parseAnd() }; }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isWord('and')) { this.pos++; left = { kind: 'and', left, right: this.parseUnary() }; }
    return left;
  }

  private parseUnary(): FilterNode {
    if (this.isWord('not')) { this.pos++; return { kind: 'not', operand: this.parseUnary() }; }
    if (this.isPunct('(')) {
      this.pos++;
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    return this.parsePredicate();
  }

  private parsePredicate(): FilterNode {
    const head = this.next();
    if (head.t !== 'word') throw invalidFilter();
    const name = head.v.toLowerCase();
    if ((name === 'startswith' || name === 'endswith') && this.isPunct('(')) return this.parseFunction(name);
    const segments = [head.v];
    while (this.isPunct('/')) {
      this.pos++;
      const segment = this.next();
      if (segment.t !== 'word') throw invalidFilter();
      if (segment.v.toLowerCase() === 'any' && this.isPunct('(')) return this.parseAny(segments.join('/'));
      if (segment.v === '$count') return this.parseCount(segments.join('/'));
      segments.push(segment.v);
    }
    return this.parseComparison(segments.join('/'));
  }

  private parseComparison(property: string): FilterNode {
    const op = this.next();
    if (op.t !== 'word') throw invalidFilter();
    const opName = op.v.toLowerCase();
    if (opName === 'in') {
      this.expectPunct('(');
      const values = [this.parseLiteral()];
      while (this.isPunct(',')) { this.pos++; values.push(this.parseLiteral()); }
      this.expectPunct(')');
      return { kind: 'in', property, values };
    }
    if (!COMPARE_OPS.has(opName)) throw invalidFilter();
    return { kind: 'compare', op: opName as CompareOp, property, value: this.parseLiteral() };
  }

  private parseAny(collection: string): FilterNode {
    this.expectPunct('(');
    if (this.isPunct(')')) { this.pos++; return { kind: 'any', collection, variable: null, predicate: null }; }
    const variable = this.next();
    if (variable.t !== 'word') throw invalidFilter();
    this.expectPunct(':');
    const predicate = this.parseOr();
    this.expectPunct(')');
    return { kind: 'any', collection, variable: variable.v, predicate: stripLambdaVariable(predicate, variable.v) };
  }

  private parseCount(collection: string): FilterNode {
    const op = this.next();
    if (op.t !== 'word' || !COMPARE_OPS.has(op.v.toLowerCase())) throw invalidFilter();
    const value = this.next();
    if (value.t !== 'number') throw invalidFilter();
    return { kind: 'count', collection, op: op.v.toLowerCase() as CompareOp, value: value.v };
  }

  private parseFunction(name: 'startswith' | 'endswith'): FilterNode {
    this.expectPunct('(');
    const property = this.next();
    if (property.t !== 'word') throw invalidFilter();
    this.expectPunct(',');
    const value = this.next();
    if (value.t !== 'string') throw invalidFilter();
    this.expectPunct(')');
    return { kind: 'function', name, property: property.v, value: value.v };
  }

  private parseLiteral(): FilterLiteral {
    const token = this.next();
    switch (token.t) {
      case 'string': return { type: 'string', value: token.v };
      case 'guid': return { type: 'guid', value: token.v };
      case 'number': return { type: 'number', value: token.v };
      case 'word': {
        const word = token.v.toLowerCase();
        if (word === 'true' || word === 'false') return { type: 'boolean', value: word === 'true' };
        if (word === 'null') return { type: 'null', value: null };
        throw invalidFilter();
      }
      case 'punct': throw invalidFilter();
    }
  }
}

/** Inside `any(x: x/skuId eq ...)` property paths are relative to the element: drop `x/`. */
function stripLambdaVariable(node: FilterNode, variable: string): FilterNode {
  const strip = (property: string): string => {
    const prefix = `${variable}/`;
    if (!property.startsWith(prefix)) throw invalidFilter();
    return property.slice(prefix.length);
  };
  switch (node.kind) {
    case 'and': case 'or':
      return { ...node, left: stripLambdaVariable(node.left, variable), right: stripLambdaVariable(node.right, variable) };
    case 'not': return { ...node, operand: stripLambdaVariable(node.operand, variable) };
    case 'compare': case 'in': case 'function': return { ...node, property: strip(node.property) };
    case 'any': case 'count': throw invalidFilter();
  }
}

/** Parses a `$filter` value; throws Graph's 400 for anything outside the supported grammar. */
export function parseFilter(text: string): FilterNode {
  return new FilterParser(tokenize(text)).parse();
}
