import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { Plan } from '../model/plan.js';
import { PLAN_FORMAT_VERSION } from '../model/plan.js';
import { readPackagedSchema } from './config-schema.js';

let validator: ValidateFunction | undefined;

/**
 * Checks a saved plan (`plan --out`) against `schemas/plan.schema.json` before apply trusts
 * it. Returns the plan, or readable problems (JSON paths) when it is not one skuform wrote.
 */
export function validateSavedPlan(value: unknown): { plan: Plan } | { problems: string[] } {
  const version = (value as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof value === 'object' && value !== null && version !== undefined && version !== PLAN_FORMAT_VERSION) {
    return { problems: [`formatVersion is ${JSON.stringify(version)}; this skuform reads plans of format ${PLAN_FORMAT_VERSION}`] };
  }
  validator ??= new Ajv2020({ allErrors: true, strict: false }).compile(readPackagedSchema('plan.schema.json'));
  if (validator(value)) return { plan: value as Plan };
  const problems = (validator.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}`);
  return { problems };
}
