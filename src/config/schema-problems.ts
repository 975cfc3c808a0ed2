import type { ErrorObject } from 'ajv/dist/2020.js';
import { joinAlternatives, quoteText, suggestNames } from '../catalog/index.js';
import type { YamlNode, YamlProblem } from './yaml-node.js';
import { findEntry } from './yaml-node.js';

/**
 * Turns ajv's errors into messages a person can act on, at the position of the offending
 * node or key. Union types are written in the schema as `type: [...]` plus `if`/`then` per
 * type, so only the branch for the value's own type reports errors.
 */

interface Place {
  node?: YamlNode;
  offset: number;
}

function decodePointer(path: string): string[] {
  return path === '' ? [] : path.slice(1).split('/').map((s) => s.replace(/~1/gu, '/').replace(/~0/gu, '~'));
}

function locate(root: YamlNode | undefined, instancePath: string): Place {
  let node = root;
  let offset = root?.offset ?? 0;
  for (const segment of decodePointer(instancePath)) {
    if (node?.kind === 'map') node = findEntry(node, segment)?.value;
    else if (node?.kind === 'seq') node = node.items[Number(segment)];
    else node = undefined;
    if (!node) return { offset };
    offset = node.offset;
  }
  return { node, offset };
}

function keyOffset(root: YamlNode | undefined, instancePath: string, key: string): number {
  const place = locate(root, instancePath);
  return place.node?.kind === 'map' ? (findEntry(place.node, key)?.keyOffset ?? place.offset) : place.offset;
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/iu.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** What the file holds, in words: `the text 'yes'`, `a list`, `an empty value`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string': return `the text ${quoteText(value)}`;
    case 'number': return `the number ${String(value)}`;
    case 'boolean': return String(value);
    case 'object': return 'a mapping';
    default: return `a ${typeof value}`;
  }
}

/** The schema's title as a noun in a sentence: `Managed SKUs` -> `managed SKUs`, `SKU name` unchanged. */
function title(schema: unknown): string | undefined {
  const t = (schema as { title?: unknown } | undefined)?.title;
  if (typeof t !== 'string' || t === '') return undefined;
  return /^[A-Z][a-z]/u.test(t) ? `${t[0]?.toLowerCase() ?? ''}${t.slice(1)}` : t;
}

const TYPE_NOUNS: Record<string, string> = { string: 'a string', array: 'a list', object: 'a mapping', boolean: 'true or false', integer: 'a whole number', number: 'a number', null: 'nothing' };

function expected(type: string, schema: unknown): string {
  if (type.includes(',')) return joinAlternatives(type.split(',').map((t) => TYPE_NOUNS[t] ?? t));
  switch (type) {
    case 'boolean': return 'true or false';
    case 'integer': return 'a whole number';
    case 'number': return 'a number';
    case 'array': {
      const noun = title(schema);
      return !noun ? 'a list' : noun.startsWith('list') ? withArticle(noun) : `a list of ${noun}`;
    }
    case 'object': {
      const noun = title(schema);
      return !noun ? 'a mapping' : noun.endsWith('s') ? `a mapping of ${noun}` : withArticle(noun);
    }
    default: {
      const noun = title(schema);
      return withArticle(noun ?? type);
    }
  }
}

function typeHint(error: ErrorObject): string | undefined {
  if (error.params.type === 'object' && typeof error.data === 'string' && /\/(profiles\/[^/]+|licenses|users\/[^/]+|groups\/[^/]+)\/\d+$/u.test(error.instancePath)) {
    return `a license entry is written \`- sku: ${error.data}\`; to use profiles write \`profiles: [${error.data}]\``;
  }
  if (error.params.type === 'array' && typeof error.data === 'string') return `write a list, e.g. [${error.data}]`;
  if (error.data == null && error.params.type === 'object') return 'write `{}` for an empty mapping';
  if (error.data == null && error.params.type === 'array') return 'write `[]` for an empty list';
  return undefined;
}

/** For a value of none of a union's types, the schema's description says what each type means. */
function unionHint(error: ErrorObject): string | undefined {
  const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
  if (!String(error.params.type).includes(',') || typeof description !== 'string') return undefined;
  return error.data == null ? `${description} To list a user or group without managed licenses, write \`[]\`.` : description;
}

function unknownKey(error: ErrorObject, root: YamlNode | undefined): YamlProblem {
  const key = String(error.params.additionalProperty);
  const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const suggestions = suggestNames(key, allowed, 1);
  return {
    code: 'unknown-key',
    message: `unknown key ${quoteText(key)}`,
    offset: keyOffset(root, error.instancePath, key),
    hint: key === '<<'
      ? 'YAML merge keys are not supported; write the keys out, or share licenses through `profiles`'
      : suggestions.length > 0 ? `did you mean ${joinAlternatives(suggestions)}?` : `allowed keys: ${allowed.join(', ')}`,
  };
}

function exclusivePlans(error: ErrorObject, root: YamlNode | undefined): YamlProblem {
  return {
    code: 'plans-exclusive',
    message: 'use either `enabledPlans` or `disabledPlans` in one license entry, not both',
    offset: keyOffset(root, error.instancePath, 'enabledPlans'),
    hint: '`enabledPlans` switches off every plan not listed; `disabledPlans` switches off only the listed ones',
    related: [{ message: '`disabledPlans` is here', offset: keyOffset(root, error.instancePath, 'disabledPlans') }],
  };
}

function duplicateItem(error: ErrorObject, root: YamlNode | undefined): YamlProblem {
  const { i, j } = error.params as { i: number; j: number };
  const [later, first] = i > j ? [i, j] : [j, i];
  const value = (error.data as unknown[])[later];
  return {
    code: 'duplicate-item',
    message: `${typeof value === 'string' ? quoteText(value) : 'an item'} is listed twice`,
    offset: locate(root, `${error.instancePath}/${later}`).offset,
    related: [{ message: 'first listed here', offset: locate(root, `${error.instancePath}/${first}`).offset }],
  };
}

function problemFor(error: ErrorObject, root: YamlNode | undefined): YamlProblem {
  const offset = error.propertyName !== undefined
    ? keyOffset(root, error.instancePath, error.propertyName)
    : locate(root, error.instancePath).offset;
  const base = { code: 'schema', offset };
  const examples = (error.parentSchema as { examples?: unknown[] } | undefined)?.examples;
  switch (error.keyword) {
    case 'additionalProperties': return unknownKey(error, root);
    case 'not': return exclusivePlans(error, root);
    case 'uniqueItems': return duplicateItem(error, root);
    case 'type':
      return { ...base, code: 'wrong-type', message: `expected ${expected(String(error.params.type), error.parentSchema)}, got ${describeValue(error.data)}`, hint: typeHint(error) ?? unionHint(error) };
    case 'required':
      return { ...base, code: 'missing-key', message: `missing required key \`${String(error.params.missingProperty)}\`` };
    case 'const':
      return { ...base, code: 'unsupported-version', message: `unsupported version ${typeof error.data === 'string' ? quoteText(error.data) : String(error.data)}: this skuform reads version ${String(error.params.allowedValue)}`, hint: `write \`version: ${String(error.params.allowedValue)}\`` };
    case 'minimum':
      return { ...base, message: `must be at least ${String(error.params.limit)}, got ${String(error.data)}` };
    case 'maximum':
      return { ...base, message: `must be at most ${String(error.params.limit)}, got ${String(error.data)}` };
    case 'enum': {
      const allowed = ((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(String);
      const suggestions = typeof error.data === 'string' ? suggestNames(error.data, allowed, 1) : [];
      return { ...base, code: 'not-allowed', message: `expected ${joinAlternatives(allowed)}, got ${describeValue(error.data)}`, hint: suggestions.length > 0 ? `did you mean ${joinAlternatives(suggestions)}?` : undefined };
    }
    case 'minLength':
      return { ...base, message: error.propertyName !== undefined ? 'a key must not be empty' : 'must not be empty' };
    case 'pattern':
      return { ...base, message: `${describeValue(error.data)} is not a valid ${title(error.parentSchema) ?? 'value'}`, hint: Array.isArray(examples) ? `for example: ${examples.join(', ')}` : undefined };
    default:
      return { ...base, message: error.message ?? `invalid value (${error.keyword})` };
  }
}

/** Problems for a document's schema violations, positioned on its nodes. */
export function schemaProblems(errors: readonly ErrorObject[], root: YamlNode | undefined): YamlProblem[] {
  const isUnion = (e: ErrorObject): boolean => e.keyword === 'type' && String(e.params.type).includes(',');
  // A value of none of a union's types also fails the last branch; the union's error says it all.
  const unions = new Set(errors.filter(isUnion).map((e) => e.instancePath));
  return errors
    // `if` only says which branch failed; the branch's own errors say why.
    .filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames')
    .filter((e) => isUnion(e) || !unions.has(e.instancePath))
    .map((error) => problemFor(error, root));
}
