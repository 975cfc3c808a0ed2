import type { TenantDocument } from '../../model/tenant.js';
import { arrayOf, count, describe, flag, guid, guids, listOf, nullableText, required, ShapeProblem, text, within } from './shape-checks.js';

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

const KNOWN_KEYS = new Set([
  'tenant', 'subscribedSkus', 'users', 'groups', 'id', 'displayName', 'defaultDomain', 'countryLetterCode', 'skuId',
  'skuPartNumber', 'appliesTo', 'capabilityStatus', 'consumedUnits', 'prepaidUnits', 'servicePlans', 'enabled',
  'suspended', 'warning', 'lockedOut', 'servicePlanId', 'servicePlanName', 'provisioningStatus', 'userPrincipalName',
  'accountEnabled', 'usageLocation', 'assignedLicenses', 'licenseAssignmentStates', 'disabledPlans', 'assignedByGroup',
  'state', 'error', 'lastUpdatedDateTime', 'securityEnabled', 'members', 'licenseProcessingState', 'hasMembersWithLicenseErrors',
  'signInActivity', 'lastSignInDateTime', 'lastNonInteractiveSignInDateTime', 'lastSuccessfulSignInDateTime',
]);

/**
 * Checks that parsed JSON is a tenant file the store can trust, naming the JSON path of the
 * first problem (e.g. `$.users[3].licenseAssignmentStates[0].skuId`). SKU and plan ids must
 * be GUIDs because Graph's assignLicense accepts nothing else. Properties beyond the
 * contract are allowed and reported in `extraKeys` so that writes keep them.
 *
 * Each shape is checked by its own function reading named properties: on a 100,000-user
 * file that is several times faster than a generic table-driven walk, whose property reads
 * by variable name cannot be specialised by the engine. Required properties are checked in
 * the order of the contract, so the first problem reported does not depend on the file's
 * key order. Paths are built only for a problem (see {@link ShapeProblem}).
 */
export function validateTenantDocument(value: unknown): ValidatedTenant {
  const extraKeys = new Set<string>();
  atRoot(() => {
    const doc = objectOf(value, extraKeys);
    for (const key of CONTRACT_MEMBERS) checkTenantMember(key, required(doc, key, doc[key]), extraKeys);
  });
  return { doc: value as TenantDocument, extraKeys };
}

/** The members every tenant file has, in the order problems with them are reported. */
export const CONTRACT_MEMBERS = ['tenant', 'subscribedSkus', 'users', 'groups'] as const;
type ContractMember = (typeof CONTRACT_MEMBERS)[number];
const ITEM_CHECKS = { subscribedSkus: checkSku, users: checkUser, groups: checkGroup } as const;

/**
 * Checks one member of a tenant file's root object; a member beyond the contract only has
 * its property names noted in `extraKeys`. Throws {@link TenantShapeError}.
 */
export function checkRootMember(key: string, value: unknown, extraKeys: Set<string>): void {
  if (!(CONTRACT_MEMBERS as readonly string[]).includes(key)) collectKeys(key, value, extraKeys);
  else atRoot(() => checkTenantMember(key as ContractMember, value, extraKeys));
}

/** Checks a run of the elements of a list member, `first` being the index of the run's first element. */
export function checkListElements(key: 'subscribedSkus' | 'users' | 'groups', items: readonly unknown[], first: number, extraKeys: Set<string>): void {
  const check = ITEM_CHECKS[key];
  atRoot(() => {
    for (let i = 0; i < items.length; i++) {
      try {
        check(items[i], extraKeys);
      } catch (error) {
        throw error instanceof ShapeProblem ? error.under(first + i).under(key) : error;
      }
    }
  });
}

/** A root without one of the contract's members: the same problem the whole-document check reports. */
export function missingMemberError(key: string): TenantShapeError {
  return new TenantShapeError('$', `missing property "${key}"`);
}

function checkTenantMember(key: ContractMember, value: unknown, extraKeys: Set<string>): void {
  if (key === 'tenant') checkTenantInfo(value, extraKeys);
  else listOf(value, key, extraKeys, ITEM_CHECKS[key]);
}

/** Runs checks of values at the root, turning their problems into {@link TenantShapeError}s. */
function atRoot(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof ShapeProblem)) throw error;
    throw new TenantShapeError(`$${error.path}`, error.problem);
  }
}

type Obj = Record<string, unknown>;

function checkTenantInfo(value: unknown, extraKeys: Set<string>): void {
  within('tenant', () => {
    const o = objectOf(value, extraKeys);
    text(required(o, 'id', o.id), 'id');
    text(required(o, 'displayName', o.displayName), 'displayName');
    text(required(o, 'defaultDomain', o.defaultDomain), 'defaultDomain');
    nullableText(required(o, 'countryLetterCode', o.countryLetterCode), 'countryLetterCode');
  });
}

function checkSku(value: unknown, extraKeys: Set<string>): void {
  const o = objectOf(value, extraKeys);
  guid(required(o, 'skuId', o.skuId), 'skuId');
  text(required(o, 'skuPartNumber', o.skuPartNumber), 'skuPartNumber');
  text(required(o, 'appliesTo', o.appliesTo), 'appliesTo');
  text(required(o, 'capabilityStatus', o.capabilityStatus), 'capabilityStatus');
  count(required(o, 'consumedUnits', o.consumedUnits), 'consumedUnits');
  const units = required(o, 'prepaidUnits', o.prepaidUnits);
  within('prepaidUnits', () => {
    const u = objectOf(units, extraKeys);
    count(required(u, 'enabled', u.enabled), 'enabled');
    count(required(u, 'suspended', u.suspended), 'suspended');
    count(required(u, 'warning', u.warning), 'warning');
    count(required(u, 'lockedOut', u.lockedOut), 'lockedOut');
  });
  listOf(required(o, 'servicePlans', o.servicePlans), 'servicePlans', extraKeys, checkServicePlan);
}

function checkServicePlan(value: unknown, extraKeys: Set<string>): void {
  const o = objectOf(value, extraKeys);
  guid(required(o, 'servicePlanId', o.servicePlanId), 'servicePlanId');
  text(required(o, 'servicePlanName', o.servicePlanName), 'servicePlanName');
  text(required(o, 'provisioningStatus', o.provisioningStatus), 'provisioningStatus');
  text(required(o, 'appliesTo', o.appliesTo), 'appliesTo');
}

function checkUser(value: unknown, extraKeys: Set<string>): void {
  const o = objectOf(value, extraKeys);
  text(required(o, 'id', o.id), 'id');
  text(required(o, 'userPrincipalName', o.userPrincipalName), 'userPrincipalName');
  text(required(o, 'displayName', o.displayName), 'displayName');
  flag(required(o, 'accountEnabled', o.accountEnabled), 'accountEnabled');
  nullableText(required(o, 'usageLocation', o.usageLocation), 'usageLocation');
  listOf(required(o, 'assignedLicenses', o.assignedLicenses), 'assignedLicenses', extraKeys, checkAssignedLicense);
  listOf(required(o, 'licenseAssignmentStates', o.licenseAssignmentStates), 'licenseAssignmentStates', extraKeys, checkAssignmentState);
  // Optional, and null on users Graph has no sign-in for.
  const signIns = o.signInActivity;
  if (signIns !== undefined && signIns !== null) within('signInActivity', () => checkSignInActivity(signIns, extraKeys));
}

/** Graph's `signInActivity`: each time present is an ISO 8601 date-time with an offset, or null. */
function checkSignInActivity(value: unknown, extraKeys: Set<string>): void {
  const o = objectOf(value, extraKeys);
  instant(o.lastSignInDateTime, 'lastSignInDateTime');
  instant(o.lastNonInteractiveSignInDateTime, 'lastNonInteractiveSignInDateTime');
  instant(o.lastSuccessfulSignInDateTime, 'lastSuccessfulSignInDateTime');
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/u;

function instant(value: unknown, key: string): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !INSTANT.test(value) || !Number.isFinite(Date.parse(value))) {
    throw new ShapeProblem('', `expected a date-time such as 2026-11-30T08:15:00Z or null, found ${describe(value)}`).under(key);
  }
}

function checkAssignedLicense(value: unknown, extraKeys: Set<string>): void {
  const o = objectOf(value, extraKeys);
  guid(required(o, 'skuId', o.skuId), 'skuId');
  guids(required(o, 'disabledPlans', o.disabledPlans), 'disabledPlans');
}

function checkAssignmentState(value: unknown, extraKeys: Set<string>): void {
  const o = objectOf(value, extraKeys);
  guid(required(o, 'skuId', o.skuId), 'skuId');
  nullableText(required(o, 'assignedByGroup', o.assignedByGroup), 'assignedByGroup');
  text(required(o, 'state', o.state), 'state');
  nullableText(required(o, 'error', o.error), 'error');
  guids(required(o, 'disabledPlans', o.disabledPlans), 'disabledPlans');
  text(required(o, 'lastUpdatedDateTime', o.lastUpdatedDateTime), 'lastUpdatedDateTime');
}

function checkGroup(value: unknown, extraKeys: Set<string>): void {
  const o = objectOf(value, extraKeys);
  text(required(o, 'id', o.id), 'id');
  text(required(o, 'displayName', o.displayName), 'displayName');
  flag(required(o, 'securityEnabled', o.securityEnabled), 'securityEnabled');
  listOf(required(o, 'assignedLicenses', o.assignedLicenses), 'assignedLicenses', extraKeys, checkAssignedLicense);
  const members = required(o, 'members', o.members);
  within('members', () => {
    const ids = arrayOf(members);
    for (let i = 0; i < ids.length; i++) text(ids[i], i);
  });
  const processing = o.licenseProcessingState;
  if (processing !== undefined && processing !== null) {
    within('licenseProcessingState', () => {
      const p = objectOf(processing, extraKeys);
      text(required(p, 'state', p.state), 'state');
    });
  }
  if (o.hasMembersWithLicenseErrors !== undefined) flag(o.hasMembersWithLicenseErrors, 'hasMembersWithLicenseErrors');
}

/** The object, after noting its properties beyond the contract. */
function objectOf(value: unknown, extraKeys: Set<string>): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ShapeProblem('', `expected an object, found ${describe(value)}`);
  for (const key in value) if (!KNOWN_KEYS.has(key)) collectKeys(key, (value as Obj)[key], extraKeys);
  return value as Obj;
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
      // One by one: spreading a huge array into a call overflows the stack.
      for (const item of next) pending.push(item);
    } else if (typeof next === 'object' && next !== null) {
      for (const [k, v] of Object.entries(next)) {
        into.add(k);
        pending.push(v);
      }
    }
  }
}

