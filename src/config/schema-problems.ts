import type { ErrorObject } from 'ajv/dist/2020.js';
import { joinAlternatives, quoteText, suggestNames } from '../catalog/index.js';
import type { YamlNode, YamlProblem } from './yaml-node.js';
import { findEntry } from './yaml-node.js';

/**
 * Turns ajv's errors into messages a person can act on, at the position of the offending
 * node or key. Union types (`anyOf`) are told apart by the JSON type of the value, so only
 * the branch the author evidently meant reports its errors.
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

function title(schema: unknown): string | undefined {
  const t = (schema as { title?: unknown } | undefined)?.title;
  return typeof t === 'string' ? t.toLowerCase() : undefined;
}

function expected(type: string, schema: unknown): string {
  switch (type) {
    case 'boolean': return 'true or false';
    case 'integer': return 'a whole number';
    case 'number': return 'a number';
    default: {
      const noun = title(schema);
      return noun ? withArticle(noun) : withArticle(type === 'array' ? 'list' : type === 'object' ? 'mapping' : type);
    }
  }
}

function typeHint(error: ErrorObject): string | undefined {
  if (error.params.type === 'object' && typeof error.data === 'string' && /\/(profiles\/[^/]+|licenses|users\/[^/]+|groups\/[^/]+)\/\d+$/u.test(error.instancePath)) {
    return `a licence entry is written \`- sku: ${error.data}\`; to use profiles write \`profiles: [${error.data}]\``;
  }
  if (error.params.type === 'array' && typeof error.data === 'string') return `write a list, e.g. [${error.data}]`;
  return undefined;
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
      ? 'YAML merge keys are not supported; write the keys out, or share licences through `profiles`'
      : suggestions.length > 0 ? `did you mean ${joinAlternatives(suggestions)}?` : `allowed keys: ${allowed.join(', ')}`,
  };
}

function exclusivePlans(error: ErrorObject, root: YamlNode | undefined): YamlProblem {
  return {
    code: 'plans-exclusive',
    message: 'use either `enabledPlans` or `disabledPlans` in one licence entry, not both',
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
      return { ...base, code: 'wrong-type', message: `expected ${expected(String(error.params.type), error.parentSchema)}, got ${describeValue(error.data)}`, hint: typeHint(error) };
    case 'required':
      return { ...base, code: 'missing-key', message: `missing required key \`${String(error.params.missingProperty)}\`` };
    case 'const':
      return { ...base, code: 'unsupported-version', message: `unsupported version ${typeof error.data === 'string' ? quoteText(error.data) : String(error.data)}: this skuform reads version ${String(error.params.allowedValue)}`, hint: `write \`version: ${String(error.params.allowedValue)}\`` };
    case 'minimum':
      return { ...base, message: `must be at least ${String(error.params.limit)}, got ${String(error.data)}` };
    case 'minLength':
      return { ...base, message: error.propertyName !== undefined ? 'a key must not be empty' : 'must not be empty' };
    case 'pattern':
      return { ...base, message: `${describeValue(error.data)} is not a valid ${title(error.parentSchema) ?? 'value'}`, hint: Array.isArray(examples) ? `for example: ${examples.join(', ')}` : undefined };
    default:
      return { ...base, message: error.message ?? `invalid value (${error.keyword})` };
  }
}

function branchTitles(error: ErrorObject): string {
  const branches = (error.parentSchema as { anyOf?: unknown[] } | undefined)?.anyOf ?? [];
  return joinAlternatives(branches.map((b) => title(b)).filter((t): t is string => t !== undefined).map(withArticle));
}

/**
 * Keeps, for every `anyOf`, only the errors of the branch whose type fits the value; when no
 * branch fits, one message lists what would.
 */
function pruneUnions(errors: readonly ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf');
  if (unions.length === 0) return errors.filter((e) => e.keyword !== 'propertyNames');
  const unionPaths = new Set(unions.map((e) => e.instancePath));
  const specific = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'anyOf' || (e.keyword === 'type' && unionPaths.has(e.instancePath))) continue;
    for (const path of unionPaths) if (e.instancePath === path || e.instancePath.startsWith(`${path}/`)) specific.add(path);
  }
  return errors.filter((e) => {
    if (e.keyword === 'propertyNames') return false;
    if (e.keyword === 'anyOf') return !specific.has(e.instancePath);
    return !(e.keyword === 'type' && unionPaths.has(e.instancePath));
  });
}

/** Problems for a document's schema violations, positioned on its nodes. */
export function schemaProblems(errors: readonly ErrorObject[], root: YamlNode | undefined): YamlProblem[] {
  return pruneUnions(errors).map((error) => {
    if (error.keyword !== 'anyOf') return problemFor(error, root);
    return {
      code: 'wrong-type',
      offset: locate(root, error.instancePath).offset,
      message: `expected ${branchTitles(error)}, got ${describeValue(error.data)}`,
      hint: error.data == null ? 'to list a user or group without managed licences, write `[]`' : undefined,
    };
  });
}
