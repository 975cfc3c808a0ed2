import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { validate as generated } from './generated/validate-config.js';

/**
 * `schemas/skuform.schema.json` is the single source of truth for the file's shape. It is
 * compiled ahead of time by `scripts/build-config-validator.mjs` (a test keeps the result
 * fresh), so a run loads neither ajv's compiler nor compiles the schema.
 */
const validate = generated as ValidateFunction;

// Schemas ship at the package root: one level further up when running from `dist/`.
const CANDIDATE_DIRS = ['../../schemas/', '../../../schemas/'];

let schema: Record<string, unknown> | undefined;

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

/** The parsed JSON schema of the desired-state file (read on first use). */
export function configSchema(): Record<string, unknown> {
  schema ??= readPackagedSchema('skuform.schema.json');
  return schema;
}

/** Every schema violation of a plain document value (empty when it conforms). */
export function validateAgainstSchema(value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
