import { checkYamlShape, toPlainValue } from './check-yaml-shape.js';
import type { YamlLimits } from './check-yaml-shape.js';
import { parseYamlExact } from './parse-yaml-exact.js';
import { parseYamlFast } from './parse-yaml-fast.js';
import type { DuplicateKey, YamlNode, YamlProblem } from './yaml-node.js';
import { yamlNodeFromTape } from './yaml-node-from-tape.js';
import type { YamlTape } from './yaml-tape.js';
import { quoteText } from '../catalog/index.js';

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxDepth: 64, maxExpandedNodes: 100_000, maxExpansionRatio: 10 };

export interface ParsedYaml {
  /** Undefined when the document is empty or could not be used. */
  root: YamlNode | undefined;
  /** The plain value (only meaningful when `root` is set). */
  value: unknown;
  problems: YamlProblem[];
  /** Which parser produced the positions: `fast` (js-yaml) or `exact` (yaml). */
  parser: 'fast' | 'exact';
}

function duplicateProblems(duplicates: readonly DuplicateKey[]): YamlProblem[] {
  return duplicates.map((d) => ({
    code: 'duplicate-key',
    message: `key ${quoteText(d.key)} appears twice in the same mapping`,
    offset: d.second,
    hint: 'merge the two entries into one',
    related: [{ message: 'first written here', offset: d.first }],
  }));
}

/**
 * Parses one YAML document with positions: js-yaml when its parse events can be matched to
 * its result exactly, otherwise the `yaml` package. Rejects documents that would be costly
 * to walk (deep nesting, alias bombs, recursive aliases) before anything walks them.
 */
export function parseYaml(text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): ParsedYaml {
  const fast = parseYamlFast(text, limits.maxDepth);
  if (fast.status === 'error') {
    return { root: undefined, value: undefined, parser: 'fast', problems: [{ code: fast.code, message: fast.message, offset: fast.offset }] };
  }
  let parsed: ParsedYaml;
  let shared: boolean;
  if (fast.status === 'ok') {
    parsed = { root: fast.root, value: fast.value, parser: 'fast', problems: duplicateProblems(fast.duplicates) };
    shared = fast.shared;
  } else {
    const exact = parseYamlExact(text);
    parsed = { root: exact.root, value: undefined, parser: 'exact', problems: [...exact.problems, ...duplicateProblems(exact.duplicates)] };
    shared = exact.shared;
  }
  // Without aliases the tree is as large and as deep as the text, which the parse already bounded.
  const limited = shared ? checkYamlShape(parsed.root, limits) : [];
  if (limited.length > 0) return { ...parsed, root: undefined, value: undefined, problems: [...parsed.problems, ...limited] };
  if (parsed.parser === 'exact') parsed.value = toPlainValue(parsed.root);
  return parsed;
}

/**
 * `parseYaml`'s result for a document that has a tape: the same located tree and value, with
 * no problems (a tape holds no duplicated key and no alias of a collection).
 */
export function parsedFromTape(tape: YamlTape): ParsedYaml {
  return { root: yamlNodeFromTape(tape), value: tape.value(tape.root), problems: [], parser: 'fast' };
}
