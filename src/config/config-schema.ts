import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { validate as generated, validatePrincipal as generatedPrincipal } from './generated/validate-config.js';

/**
 * `schemas/skuform.schema.json` is the single source of truth for the file's shape. It is
 * compiled ahead of time by `scripts/build-config-validator.mjs` (a test keeps the result
 * fresh), so a run loads neither ajv's compiler nor compiles the schema.
 */
const validate = generated as ValidateFunction;
const validatePrincipal = generatedPrincipal as ValidateFunction;

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

/** The top-level keys whose values are mappings of principals (`users`, `groups`). */
export const PRINCIPAL_MAPPINGS = ['users', 'groups'] as const;

/**
 * Whether a document conforms to the schema apart from the values of its principals, which
 * `conformsAsPrincipal` checks one by one: `users` and `groups` are validated as empty
 * mappings. Together they give the verdict of `validateAgainstSchema` (the schema constrains
 * those mappings only through their values; a test holds it to that) for much less on large
 * files, where the whole-document validator builds an error path for every user it visits.
 */
export function conformsApartFromPrincipals(document: Record<string, unknown>): boolean {
  const skeleton = { ...document };
  for (const key of PRINCIPAL_MAPPINGS) {
    const principals = document[key];
    if (typeof principals === 'object' && principals !== null && !Array.isArray(principals)) skeleton[key] = {};
  }
  return validate(skeleton);
}

/** Whether one value under `users` or `groups` conforms to the schema. */
export function conformsAsPrincipal(value: unknown): boolean {
  return validatePrincipal(value);
}
