import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signing of saved plans. A plan made in one CI job and applied in another travels as an
 * artifact; with a key both jobs hold (`SKUFORM_PLAN_KEY`), `plan --out` adds an HMAC-SHA256
 * over the plan and `apply --plan` refuses any plan whose HMAC is missing or wrong, so nothing
 * in between can change what was reviewed. The HMAC covers the plan as a JSON value (object
 * keys sorted, no whitespace), not its bytes, so re-indenting the file does not break it.
 */

export const PLAN_SIGNATURE_ALGORITHM = 'HMAC-SHA256';

/** Shortest key accepted: 32 characters, e.g. `openssl rand -hex 32` gives 64. */
export const MIN_PLAN_KEY_LENGTH = 32;

/** The `signature` property of a signed plan file. */
export interface PlanSignature {
  algorithm: typeof PLAN_SIGNATURE_ALGORITHM;
  /** 64 lower-case hex digits. */
  value: string;
}

export type SignatureVerdict = 'valid' | 'missing' | 'invalid';

/** JSON with object keys in code-unit order and no whitespace: one text per JSON value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function hmacOf(value: Record<string, unknown>, key: string): Buffer {
  const { signature: _signature, ...rest } = value;
  return createHmac('sha256', key).update(canonicalJson(rest)).digest();
}

/** The signature of a plan (its JSON value; any `signature` property is left out). */
export function signPlan(value: Record<string, unknown>, key: string): PlanSignature {
  return { algorithm: PLAN_SIGNATURE_ALGORITHM, value: hmacOf(value, key).toString('hex') };
}

/** Whether a plan's JSON value carries a valid signature for `key`; compared in constant time. */
export function verifyPlanSignature(value: Record<string, unknown>, key: string): SignatureVerdict {
  const signature = value.signature as Partial<PlanSignature> | undefined;
  if (signature === undefined) return 'missing';
  if (signature.algorithm !== PLAN_SIGNATURE_ALGORITHM || typeof signature.value !== 'string' || !/^[0-9a-f]{64}$/.test(signature.value)) return 'invalid';
  return timingSafeEqual(Buffer.from(signature.value, 'hex'), hmacOf(value, key)) ? 'valid' : 'invalid';
}
