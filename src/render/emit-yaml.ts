/**
 * A tiny YAML emitter for skuform fragments (render may not depend on the yaml package).
 * It writes plain scalars only when they are unambiguously strings in YAML 1.1 and 1.2, and
 * double-quotes everything else, so names like `yes`, `0123`, `a: b` or `#ops` survive.
 */

import { replaceUnsafeCharacters } from './sanitize-text.js';

// Letters, digits and the punctuation e-mail addresses, plan names and group names use.
const PLAIN_SAFE = /^[\p{L}\p{N}_][\p{L}\p{N}_@./+() -]*$/u;
// Words some YAML versions read as booleans or null.
const RESERVED = /^(?:null|true|false|yes|no|on|off|y|n|~)$/i;
// Anything that starts like a number, date or special float.
const NUMBER_LIKE = /^[-+.]?\d/;

const ESCAPES: Record<string, string> = {
  '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\u0000': '\\0',
};

function escapeChar(ch: string): string {
  return ESCAPES[ch] ?? `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/**
 * A double-quoted YAML scalar: what the one sanitiser flags (controls, separators, bidi
 * overrides) becomes a YAML escape, as do quotes, backslashes, a BOM and lone surrogates.
 */
export function quoteYaml(value: string): string {
  const special = /[\\"\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  return `"${replaceUnsafeCharacters(value.replace(special, escapeChar), escapeChar)}"`;
}

/**
 * A scalar for a key or a value, in block or flow context (flow: inside `[...]`, where `,`
 * and brackets also matter; the safe set above never contains them).
 */
export function formatYamlScalar(value: string): string {
  const plain = PLAIN_SAFE.test(value) && !value.endsWith(' ') && !RESERVED.test(value) && !NUMBER_LIKE.test(value)
    && !value.includes(' #');
  return plain ? value : quoteYaml(value);
}

/** One license entry of a fragment: part number and plan names. */
export interface YamlLicense {
  sku: string;
  disabledPlans: readonly string[];
}

/** `flow`: `disabledPlans: [A, B]`; `block`: one plan per line, which diffs line by line. */
export type PlanListStyle = 'flow' | 'block';

/** The flow form of a plan list: `[SWAY, YAMMER_ENTERPRISE]`. */
export function formatFlowList(items: readonly string[]): string {
  return `[${items.map(formatYamlScalar).join(', ')}]`;
}

function emitLicense(license: YamlLicense, style: PlanListStyle, indent: string): string[] {
  const lines = [`${indent}- sku: ${formatYamlScalar(license.sku)}`];
  if (license.disabledPlans.length === 0) return lines;
  if (style === 'flow') return [...lines, `${indent}  disabledPlans: ${formatFlowList(license.disabledPlans)}`];
  return [...lines, `${indent}  disabledPlans:`, ...license.disabledPlans.map((p) => `${indent}    - ${formatYamlScalar(p)}`)];
}

/**
 * One principal as a skuform config fragment:
 * `users:` / `groups:`, the principal's key, and its `licenses:` (`[]` when there are none).
 */
export function emitPrincipalYaml(
  section: 'users' | 'groups', key: string, licenses: readonly YamlLicense[], style: PlanListStyle,
): string {
  const head = [`${section}:`, `  ${formatYamlScalar(key)}:`];
  if (licenses.length === 0) return [...head, '    licenses: []'].join('\n') + '\n';
  return [...head, '    licenses:', ...licenses.flatMap((l) => emitLicense(l, style, '      '))].join('\n') + '\n';
}
