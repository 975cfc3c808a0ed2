import { quoteYaml } from '../render/emit-yaml.js';

// Plain (unquoted) only for a conservative set: starts with a letter or underscore, and has
// no character that is an indicator in block or flow context (`:`, `#`, `,`, brackets...).
const PLAIN = /^[A-Za-z_][A-Za-z0-9_.@+\-()/ ]*$/u;
// Words other YAML readers (1.1) take for booleans or null.
const RESERVED = /^(true|false|null|yes|no|on|off|y|n)$/iu;

/**
 * A string as a YAML scalar that reads back as the same string in block and flow context:
 * plain when unmistakable, otherwise double-quoted with control, escape and bidi characters
 * written as YAML escapes (the export may be printed to a terminal or reviewed in a PR).
 */
export function yamlScalar(value: string): string {
  return PLAIN.test(value) && !value.endsWith(' ') && !RESERVED.test(value) ? value : quoteYaml(value);
}
