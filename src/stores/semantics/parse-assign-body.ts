import type { AssignedLicense } from '../../model/tenant.js';
import { graphFailures, type GraphFailure } from './graph-failure.js';

/** A validated assignLicense body with lower-cased GUIDs and de-duplicated disabled plans. */
export interface AssignLicenseBody {
  addLicenses: AssignedLicense[];
  removeLicenses: string[];
}

export type ParsedBody = { ok: true; body: AssignLicenseBody } | { ok: false; failure: GraphFailure };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID in Graph's canonical 8-4-4-4-12 form (either case). */
export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates Graph's raw request body the way Graph does: both collections present (an empty
 * one is fine), every skuId and servicePlanId a GUID. A missing or null `disabledPlans`
 * means none (Graph accepts an entry with only a skuId).
 */
export function parseAssignLicenseBody(raw: unknown): ParsedBody {
  if (!isRecord(raw)) return { ok: false, failure: graphFailures.emptyPayload() };
  const missing = ['addLicenses', 'removeLicenses'].filter((name) => raw[name] === undefined || raw[name] === null);
  if (missing.length > 0) return { ok: false, failure: graphFailures.missingParameters(missing) };
  const { addLicenses, removeLicenses } = raw;
  if (!Array.isArray(addLicenses)) return { ok: false, failure: graphFailures.invalidParameter('addLicenses') };
  if (!Array.isArray(removeLicenses)) return { ok: false, failure: graphFailures.invalidParameter('removeLicenses') };

  const adds: AssignedLicense[] = [];
  for (const entry of addLicenses) {
    const license = parseAssignedLicense(entry);
    if (license === undefined) return { ok: false, failure: graphFailures.notAGuid() };
    adds.push(license);
  }
  const removes: string[] = [];
  for (const skuId of removeLicenses) {
    if (!isGuid(skuId)) return { ok: false, failure: graphFailures.notAGuid() };
    removes.push(skuId.toLowerCase());
  }
  return { ok: true, body: { addLicenses: adds, removeLicenses: removes } };
}

function parseAssignedLicense(entry: unknown): AssignedLicense | undefined {
  if (!isRecord(entry) || !isGuid(entry.skuId)) return undefined;
  const plans = entry.disabledPlans ?? [];
  if (!Array.isArray(plans)) return undefined;
  const disabledPlans: string[] = [];
  for (const plan of plans) {
    if (!isGuid(plan)) return undefined;
    const id = plan.toLowerCase();
    if (!disabledPlans.includes(id)) disabledPlans.push(id);
  }
  return { skuId: entry.skuId.toLowerCase(), disabledPlans };
}
