import type { TenantDocument } from '../../model/tenant.js';
import { isGuid } from '../semantics/index.js';

/** The value at `path` does not have the shape of SPEC 4.1's tenant file. */
export class TenantShapeError extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'TenantShapeError';
  }
}

/** A validated document plus the property names it carries beyond the contract (kept on write). */
export interface ValidatedTenant {
  doc: TenantDocument;
  extraKeys: Set<string>;
}

type Obj = Record<string, unknown>;
type Check = (value: unknown, path: string) => void;

const KNOWN_KEYS = new Set([
  'tenant', 'subscribedSkus', 'users', 'groups', 'id', 'displayName', 'defaultDomain', 'countryLetterCode', 'skuId',
  'skuPartNumber', 'appliesTo', 'capabilityStatus', 'consumedUnits', 'prepaidUnits', 'servicePlans', 'enabled',
  'suspended', 'warning', 'lockedOut', 'servicePlanId', 'servicePlanName', 'provisioningStatus', 'userPrincipalName',
  'accountEnabled', 'usageLocation', 'assignedLicenses', 'licenseAssignmentStates', 'disabledPlans', 'assignedByGroup',
  'state', 'error', 'lastUpdatedDateTime', 'securityEnabled', 'members', 'licenseProcessingState', 'hasMembersWithLicenseErrors',
]);

/**
 * Checks that parsed JSON is a tenant file the store can trust, naming the JSON path of the
 * first problem (e.g. `$.users[3].licenseAssignmentStates[0].skuId`). SKU and plan ids must
 * be GUIDs because Graph's assignLicense accepts nothing else. Properties beyond the
 * contract are allowed and reported in `extraKeys` so that writes keep them.
 */
export function validateTenantDocument(value: unknown): ValidatedTenant {
  // Building a JSON path for each of millions of values is the main cost; a valid file
  // passes without paths, and only a failing one is checked again to name the place.
  try {
    return checkDocument(value, false);
  } catch (error) {
    if (!(error instanceof TenantShapeError)) throw error;
    return checkDocument(value, true);
  }
}

function checkDocument(value: unknown, trackPaths: boolean): ValidatedTenant {
  const extraKeys = new Set<string>();
  const join = trackPaths ? (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`) : () => '';
  const record = (v: unknown, path: string): Obj => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TenantShapeError(path, `expected an object, found ${describe(v)}`);
    for (const key in v) if (!KNOWN_KEYS.has(key)) collectKeys(key, (v as Obj)[key], extraKeys);
    return v as Obj;
  };
  const shape = (fields: Record<string, Check>, optional: Record<string, Check> = {}): Check => {
    const required = Object.entries(fields);
    const others = Object.entries(optional);
    return (v, path) => {
      const o = record(v, path);
      for (const [key, check] of required) {
        if (!(key in o)) throw new TenantShapeError(path, `missing property "${key}"`);
        check(o[key], join(path, key));
      }
      for (const [key, check] of others) if (o[key] !== undefined) check(o[key], join(path, key));
    };
  };
  const list = (check: Check): Check => (v, path) => {
    if (!Array.isArray(v)) throw new TenantShapeError(path, `expected an array, found ${describe(v)}`);
    for (let i = 0; i < v.length; i++) check(v[i], join(path, i));
  };
  const license = shape({ skuId: guid, disabledPlans: list(guid) });
  const state = shape({ skuId: guid, assignedByGroup: nullable(text), state: text, error: nullable(text), disabledPlans: list(guid), lastUpdatedDateTime: text });
  const plan = shape({ servicePlanId: guid, servicePlanName: text, provisioningStatus: text, appliesTo: text });
  const units = shape({ enabled: count, suspended: count, warning: count, lockedOut: count });
  const sku = shape({ skuId: guid, skuPartNumber: text, appliesTo: text, capabilityStatus: text, consumedUnits: count, prepaidUnits: units, servicePlans: list(plan) });
  const user = shape({ id: text, userPrincipalName: text, displayName: text, accountEnabled: flag, usageLocation: nullable(text), assignedLicenses: list(license), licenseAssignmentStates: list(state) });
  const processing = shape({ state: text });
  const group = shape(
    { id: text, displayName: text, securityEnabled: flag, assignedLicenses: list(license), members: list(text) },
    { licenseProcessingState: nullable(processing), hasMembersWithLicenseErrors: flag },
  );
  const tenant = shape({ id: text, displayName: text, defaultDomain: text, countryLetterCode: nullable(text) });
  shape({ tenant, subscribedSkus: list(sku), users: list(user), groups: list(group) })(value, '$');
  return { doc: value as TenantDocument, extraKeys };
}

function text(v: unknown, path: string): void {
  if (typeof v !== 'string') throw new TenantShapeError(path, `expected a string, found ${describe(v)}`);
}

function guid(v: unknown, path: string): void {
  if (!isGuid(v)) throw new TenantShapeError(path, `expected a GUID string, found ${describe(v)}`);
}

function flag(v: unknown, path: string): void {
  if (typeof v !== 'boolean') throw new TenantShapeError(path, `expected true or false, found ${describe(v)}`);
}

function count(v: unknown, path: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new TenantShapeError(path, `expected a whole number of at least 0, found ${describe(v)}`);
}

function nullable(check: Check): Check {
  return (v, path) => {
    if (v !== null) check(v, path);
  };
}

/**
 * Every property name inside an extra property's value, so the serializer keeps all of it.
 * Iterative, because a hostile file may nest thousands of levels deep.
 */
function collectKeys(key: string, value: unknown, into: Set<string>): void {
  into.add(key);
  const pending: unknown[] = [value];
  for (let next = pending.pop(); next !== undefined || pending.length > 0; next = pending.pop()) {
    if (Array.isArray(next)) {
      pending.push(...next);
    } else if (typeof next === 'object' && next !== null) {
      for (const [k, v] of Object.entries(next)) {
        into.add(k);
        pending.push(v);
      }
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 60 ? `the string "${v.slice(0, 57)}..."` : `the string ${JSON.stringify(v)}`;
  if (typeof v === 'object') return 'an object';
  if (v === undefined) return 'nothing';
  return `${typeof v} ${String(v)}`;
}
