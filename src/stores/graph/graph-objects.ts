import type {
  AssignedLicense,
  LicenseAssignmentState,
  ServicePlanInfo,
  SignInActivity,
  SubscribedSku,
  TenantGroup,
  TenantInfo,
  TenantUser,
} from '../../model/tenant.js';
import { lowerCase } from '../semantics/lower-case.js';
import { isRecord } from './graph-errors.js';

/**
 * Graph JSON -> our model, keeping exactly the fields of the tenant document (SPEC 4.1) so a
 * snapshot read through Graph equals one read from a file. GUIDs are lower-cased; fields
 * Graph leaves out fall back to their "empty" values instead of failing the whole read.
 */

/** `$select` for users: the licensing properties Graph returns only when asked. */
export const USER_SELECT = 'id,userPrincipalName,displayName,accountEnabled,usageLocation,assignedLicenses,licenseAssignmentStates';
/** `$select` for users when only their names are needed (resolving a config's keys): pages a fraction of the size. */
export const USER_NAME_SELECT = 'id,userPrincipalName,displayName,accountEnabled,usageLocation';
/**
 * `$select` for users in `report inactive`: the licensing properties plus `signInActivity`,
 * which needs AuditLog.Read.All (and Microsoft Entra ID P1), so plans never ask for it.
 */
export const USER_SELECT_WITH_SIGN_INS = `${USER_SELECT},signInActivity`;
/** `$select` for groups in snapshots and exports. */
export const GROUP_SELECT = 'id,displayName,securityEnabled,assignedLicenses';

export function toTenantInfo(raw: unknown): TenantInfo {
  const org = isRecord(raw) ? raw : {};
  const domains = Array.isArray(org.verifiedDomains) ? org.verifiedDomains.filter(isRecord) : [];
  const byFlag = (flag: string) => domains.find((domain) => domain[flag] === true && typeof domain.name === 'string')?.name;
  return {
    id: guid(org.id),
    displayName: text(org.displayName),
    defaultDomain: text(byFlag('isDefault') ?? byFlag('isInitial')),
    countryLetterCode: nullableText(org.countryLetterCode),
  };
}

export function toSubscribedSku(raw: unknown): SubscribedSku {
  const sku = isRecord(raw) ? raw : {};
  const units = isRecord(sku.prepaidUnits) ? sku.prepaidUnits : {};
  return {
    skuId: guid(sku.skuId),
    skuPartNumber: text(sku.skuPartNumber),
    appliesTo: text(sku.appliesTo),
    capabilityStatus: text(sku.capabilityStatus),
    consumedUnits: count(sku.consumedUnits),
    prepaidUnits: { enabled: count(units.enabled), suspended: count(units.suspended), warning: count(units.warning), lockedOut: count(units.lockedOut) },
    servicePlans: mapRecords(sku.servicePlans, toServicePlan),
  };
}

function toServicePlan(plan: Record<string, unknown>): ServicePlanInfo {
  return {
    servicePlanId: guid(plan.servicePlanId),
    servicePlanName: text(plan.servicePlanName),
    provisioningStatus: text(plan.provisioningStatus),
    appliesTo: text(plan.appliesTo),
  };
}

export function toTenantUser(raw: unknown): TenantUser {
  const user = isRecord(raw) ? raw : {};
  const tenantUser: TenantUser = {
    id: guid(user.id),
    userPrincipalName: text(user.userPrincipalName),
    displayName: text(user.displayName),
    accountEnabled: user.accountEnabled !== false,
    usageLocation: nullableText(user.usageLocation),
    assignedLicenses: mapRecords(user.assignedLicenses, toAssignedLicense),
    licenseAssignmentStates: mapRecords(user.licenseAssignmentStates, toAssignmentState),
  };
  // Present only when selected (report inactive); null for users without any sign-in.
  if ('signInActivity' in user) tenantUser.signInActivity = toSignInActivity(user.signInActivity);
  return tenantUser;
}

function toSignInActivity(raw: unknown): SignInActivity | null {
  if (!isRecord(raw)) return null;
  return {
    lastSignInDateTime: nullableText(raw.lastSignInDateTime),
    lastNonInteractiveSignInDateTime: nullableText(raw.lastNonInteractiveSignInDateTime),
    lastSuccessfulSignInDateTime: nullableText(raw.lastSuccessfulSignInDateTime),
  };
}

/** A group with the member ids the caller read (empty when members were not asked for). */
export function toTenantGroup(raw: unknown, members: string[]): TenantGroup {
  const group = isRecord(raw) ? raw : {};
  return {
    id: guid(group.id),
    displayName: text(group.displayName),
    securityEnabled: group.securityEnabled === true,
    assignedLicenses: mapRecords(group.assignedLicenses, toAssignedLicense),
    members,
  };
}

function toAssignedLicense(license: Record<string, unknown>): AssignedLicense {
  return { skuId: guid(license.skuId), disabledPlans: guids(license.disabledPlans) };
}

function toAssignmentState(state: Record<string, unknown>): LicenseAssignmentState {
  return {
    skuId: guid(state.skuId),
    assignedByGroup: typeof state.assignedByGroup === 'string' && state.assignedByGroup !== '' ? guid(state.assignedByGroup) : null,
    state: text(state.state),
    error: nullableText(state.error),
    disabledPlans: guids(state.disabledPlans),
    lastUpdatedDateTime: text(state.lastUpdatedDateTime),
  };
}

/** The object id of a collection item, lower-cased ('' when absent). */
export function idOf(raw: unknown): string {
  return isRecord(raw) ? guid(raw.id) : '';
}

// Plain loops below: they run for every user of a scanned tenant.

function mapRecords<T>(value: unknown, convert: (record: Record<string, unknown>) => T): T[] {
  const out: T[] = [];
  if (!Array.isArray(value)) return out;
  for (const item of value) if (isRecord(item)) out.push(convert(item));
  return out;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function nullableText(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function guid(value: unknown): string {
  return typeof value === 'string' ? lowerCase(value) : '';
}

function guids(value: unknown): string[] {
  const out: string[] = [];
  if (!Array.isArray(value)) return out;
  for (const item of value) if (typeof item === 'string') out.push(lowerCase(item));
  return out;
}
