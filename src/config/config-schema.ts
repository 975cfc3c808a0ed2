import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

/**
 * `schemas/skuform.schema.json` is the single source of truth for the file's shape. It ships
 * at the package root, so it is read from disk (one level further up when running from
 * the compiled `dist/`), compiled once, and reused.
 */
const CANDIDATE_DIRS = ['../../schemas/', '../../../schemas/'];

let compiled: { schema: Record<string, unknown>; validate: ValidateFunction } | undefined;

/** A JSON schema shipped in the package's `schemas/` directory, e.g. `plan.schema.json`. */
export function readPackagedSchema(name: string): Record<string, unknown> {
  for (const dir of CANDIDATE_DIRS) {
    try {
      return JSON.parse(readFileSync(new URL(dir + name, import.meta.url), 'utf8')) as Record<string, unknown>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new Error(`${name} not found next to the installed skuform`);
}

/** The parsed JSON schema of the desired-state file. */
export function configSchema(): Record<string, unknown> {
  return compiledSchema().schema;
}

function compiledSchema(): { schema: Record<string, unknown>; validate: ValidateFunction } {
  if (!compiled) {
    const schema = readPackagedSchema('skuform.schema.json');
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
    compiled = { schema, validate: ajv.compile(schema) };
  }
  return compiled;
}

/** Every schema violation of a plain document value (empty when it conforms). */
export function validateAgainstSchema(value: unknown): ErrorObject[] {
  const { validate } = compiledSchema();
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
