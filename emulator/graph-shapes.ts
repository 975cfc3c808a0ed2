import type { SubscribedSku, TenantGroup, TenantInfo, TenantUser } from '../src/model/tenant.js';

/**
 * Graph's JSON shapes for the objects the emulator serves: the default property sets of
 * v1.0, the properties returned only on `$select`, and `@odata.context` values.
 */

/** What `GET /users` returns without `$select` (v1.0). */
export const USER_DEFAULT_PROPERTIES = [
  'businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone',
  'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id',
] as const;

/** Licensing properties Graph returns only when `$select` names them. */
export const USER_SELECT_ONLY_PROPERTIES = [
  'accountEnabled', 'usageLocation', 'assignedLicenses', 'licenseAssignmentStates', 'assignedPlans',
  'userType', 'deletedDateTime', 'createdDateTime', 'signInActivity',
] as const;

/** What `GET /groups` returns without `$select` (a representative part of v1.0's set). */
export const GROUP_DEFAULT_PROPERTIES = [
  'id', 'deletedDateTime', 'classification', 'createdDateTime', 'creationOptions', 'description',
  'displayName', 'expirationDateTime', 'groupTypes', 'isAssignableToRole', 'mail', 'mailEnabled',
  'mailNickname', 'membershipRule', 'membershipRuleProcessingState', 'onPremisesSyncEnabled',
  'preferredDataLocation', 'proxyAddresses', 'renewedDateTime', 'resourceBehaviorOptions',
  'resourceProvisioningOptions', 'securityEnabled', 'securityIdentifier', 'visibility',
] as const;

/** Group licensing properties returned only on `$select`. */
export const GROUP_SELECT_ONLY_PROPERTIES = ['assignedLicenses', 'licenseProcessingState', 'hasMembersWithLicenseErrors'] as const;

const COLLECTION_DEFAULTS = new Set(['businessPhones', 'assignedPlans', 'creationOptions', 'groupTypes', 'proxyAddresses', 'resourceBehaviorOptions', 'resourceProvisioningOptions']);

export interface SelectableType {
  typeName: 'user' | 'group';
  entitySet: 'users' | 'groups';
  defaults: readonly string[];
  selectable: ReadonlyMap<string, string>;
}

function selectableMap(names: readonly string[]): ReadonlyMap<string, string> {
  return new Map(names.map((name) => [name.toLowerCase(), name]));
}

export const USER_TYPE: SelectableType = {
  typeName: 'user',
  entitySet: 'users',
  defaults: USER_DEFAULT_PROPERTIES,
  selectable: selectableMap([...USER_DEFAULT_PROPERTIES, ...USER_SELECT_ONLY_PROPERTIES]),
};

export const GROUP_TYPE: SelectableType = {
  typeName: 'group',
  entitySet: 'groups',
  defaults: GROUP_DEFAULT_PROPERTIES,
  selectable: selectableMap([...GROUP_DEFAULT_PROPERTIES, ...GROUP_SELECT_ONLY_PROPERTIES]),
};

function fallbackValue(property: string): unknown {
  return COLLECTION_DEFAULTS.has(property) ? [] : null;
}

function pick(source: Record<string, unknown>, properties: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const property of properties) {
    const value = source[property];
    out[property] = value === undefined ? fallbackValue(property) : value;
  }
  return out;
}

/** A user as Graph returns it: the default set, or exactly the selected properties (`id` always). */
export function renderUser(user: TenantUser, select: readonly string[] | null): Record<string, unknown> {
  const source = user as unknown as Record<string, unknown>;
  return pick(source, select ?? USER_DEFAULT_PROPERTIES);
}

/** The group's license processing state as Graph reports it (complete when never touched). */
export function groupProcessingState(group: TenantGroup): { state: string } | null {
  if (group.licenseProcessingState) return group.licenseProcessingState;
  return group.assignedLicenses.length > 0 ? { state: 'ProcessingComplete' } : null;
}

/** A group as Graph returns it. `members` (our member id list) is a navigation, never a property. */
export function renderGroup(group: TenantGroup, select: readonly string[] | null): Record<string, unknown> {
  const source: Record<string, unknown> = {
    ...(group as unknown as Record<string, unknown>),
    mailEnabled: (group as unknown as Record<string, unknown>).mailEnabled ?? false,
    licenseProcessingState: groupProcessingState(group),
    hasMembersWithLicenseErrors: group.hasMembersWithLicenseErrors ?? false,
  };
  delete source.members;
  return pick(source, select ?? GROUP_DEFAULT_PROPERTIES);
}

/** `subscribedSku` with its `id` (`{tenantId}_{skuId}`), as `GET /subscribedSkus` returns it. */
export function renderSku(sku: SubscribedSku, tenant: TenantInfo): Record<string, unknown> {
  return {
    accountName: tenant.displayName,
    accountId: tenant.id,
    ...sku,
    id: `${tenant.id}_${sku.skuId}`,
    subscriptionIds: (sku as unknown as Record<string, unknown>).subscriptionIds ?? [],
  };
}

/** `organization` essentials: tenant id, name, verified domains (the default one flagged), country. */
export function renderOrganization(tenant: TenantInfo): Record<string, unknown> {
  const initial = tenant.defaultDomain.endsWith('.onmicrosoft.com') ? tenant.defaultDomain : `${tenant.displayName.toLowerCase().replace(/[^a-z0-9]/g, '') || 'tenant'}.onmicrosoft.com`;
  const domains = [{ capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: initial === tenant.defaultDomain, name: tenant.defaultDomain, type: 'Managed' }];
  if (initial !== tenant.defaultDomain) domains.push({ capabilities: 'Email, OfficeCommunicationsOnline', isDefault: false, isInitial: true, name: initial, type: 'Managed' });
  return {
    id: tenant.id,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: tenant.countryLetterCode,
    createdDateTime: null,
    displayName: tenant.displayName,
    preferredLanguage: 'en',
    tenantType: 'AAD',
    verifiedDomains: domains,
  };
}

/** `https://host/v1.0/$metadata#users(id,displayName)` style context URLs. */
export function contextUrl(serviceRoot: string, entitySet: string, select: readonly string[] | null, entity = false): string {
  const projection = select ? `(${select.join(',')})` : '';
  return `${serviceRoot}/$metadata#${entitySet}${projection}${entity ? '/$entity' : ''}`;
}
