import { createHash } from 'node:crypto';
import type { DesiredLicense, DesiredPrincipal, DesiredSettings, DesiredState, PrincipalKind } from '../../src/model/desired.js';
import { DEFAULT_MAX_REMOVALS } from '../../src/model/desired.js';
import type { SourceLocation } from '../../src/model/diagnostic.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import type { AssignedLicense, LicenseAssignmentState, SubscribedSku, TenantGroup, TenantInfo, TenantUser } from '../../src/model/tenant.js';

/**
 * Small builders for tenants, snapshots and desired states. Ids are derived from names, so a
 * test can write `planId('SWAY')` or `aUser({ userPrincipalName: 'alice@contoso.com' }).id`
 * and always get the same lower-case GUID. Everything not given gets a sensible default.
 */

/** A stable GUID-shaped id derived from a seed. */
export function guidFor(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The servicePlanId of a plan name; the same name has the same id in every SKU, as in Microsoft's catalogue. */
export function planId(servicePlanName: string): string {
  return guidFor(`plan:${servicePlanName}`);
}

export function skuIdOf(skuPartNumber: string): string {
  return guidFor(`sku:${skuPartNumber}`);
}

export function aTenant(overrides: Partial<TenantInfo> = {}): TenantInfo {
  return { id: guidFor('tenant:contoso'), displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com', countryLetterCode: 'NL', ...overrides };
}

export interface SkuSpec extends Partial<Omit<SubscribedSku, 'servicePlans' | 'prepaidUnits'>> {
  skuPartNumber: string;
  /** Service plan names; ids come from {@link planId}. */
  plans?: string[];
  /** prepaidUnits.enabled (default 100). */
  total?: number;
  /** prepaidUnits.warning (default 0). */
  warning?: number;
}

export function aSku(spec: SkuSpec): SubscribedSku {
  const { plans = ['EXCHANGE_S_ENTERPRISE', 'SWAY'], total = 100, warning = 0, ...rest } = spec;
  return {
    skuId: skuIdOf(spec.skuPartNumber),
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: 0,
    ...rest,
    prepaidUnits: { enabled: total, suspended: 0, warning, lockedOut: 0 },
    servicePlans: plans.map((name) => ({ servicePlanId: planId(name), servicePlanName: name, provisioningStatus: 'Success', appliesTo: 'User' })),
  };
}

export interface StateSpec {
  /** Group the license is inherited from; absent or null for a direct assignment. */
  group?: string | null;
  disabledPlans?: string[];
  state?: string;
  error?: string | null;
}

export function aLicenseState(skuId: string, spec: StateSpec = {}): LicenseAssignmentState {
  return {
    skuId,
    assignedByGroup: spec.group ?? null,
    state: spec.state ?? 'Active',
    error: spec.error ?? null,
    disabledPlans: spec.disabledPlans ?? [],
    lastUpdatedDateTime: '2026-01-01T00:00:00Z',
  };
}

/** A user; `assignedLicenses` follows from the states (one per SKU, disabled plans intersected) unless given. */
export function aUser(overrides: Partial<TenantUser> = {}): TenantUser {
  const { licenseAssignmentStates = [], assignedLicenses, ...rest } = overrides;
  const upn = rest.userPrincipalName ?? 'alice@contoso.com';
  return {
    id: guidFor(`user:${upn.toLowerCase()}`),
    userPrincipalName: upn,
    displayName: upn.split('@')[0] ?? upn,
    accountEnabled: true,
    usageLocation: 'NL',
    ...rest,
    assignedLicenses: assignedLicenses ?? deriveAssignedLicenses(licenseAssignmentStates),
    licenseAssignmentStates,
  };
}

function deriveAssignedLicenses(states: readonly LicenseAssignmentState[]): AssignedLicense[] {
  const bySku = new Map<string, string[]>();
  for (const state of states) {
    if (state.state === 'Error' && state.assignedByGroup !== null) continue;
    const seen = bySku.get(state.skuId);
    bySku.set(state.skuId, seen === undefined ? [...state.disabledPlans] : seen.filter((p) => state.disabledPlans.includes(p)));
  }
  return [...bySku.entries()].map(([skuId, disabledPlans]) => ({ skuId, disabledPlans }));
}

export function aGroup(overrides: Partial<TenantGroup> = {}): TenantGroup {
  const name = overrides.displayName ?? 'Sales';
  return { id: guidFor(`group:${name}`), displayName: name, securityEnabled: true, assignedLicenses: [], members: [], ...overrides };
}

/**
 * Makes users direct members of a group: the group lists them, and each gets an inherited
 * state for every license the group holds (as Graph's group processing would write it).
 */
export function addMembers(group: TenantGroup, users: TenantUser[]): { group: TenantGroup; users: TenantUser[] } {
  const members = users.map((user) => {
    const inherited = group.assignedLicenses.map((l) => aLicenseState(l.skuId, { group: group.id, disabledPlans: l.disabledPlans }));
    return aUser({ ...user, assignedLicenses: undefined, licenseAssignmentStates: [...user.licenseAssignmentStates, ...inherited] });
  });
  return { group: { ...group, members: [...group.members, ...members.map((u) => u.id)] }, users: members };
}

export interface SnapshotSpec extends Partial<Snapshot> {
  /** Keep the SKUs' consumedUnits as given instead of counting one seat per user per SKU. */
  keepConsumed?: boolean;
}

/**
 * A snapshot whose `resolved` answers every user's UPN and id and every group's display name
 * (several groups can share one) and id, and whose consumedUnits match the users.
 */
export function aSnapshot(spec: SnapshotSpec = {}): Snapshot {
  const { keepConsumed = false, ...parts } = spec;
  const users = parts.users ?? [];
  const groups = parts.groups ?? [];
  const resolved = { users: new Map<string, readonly string[]>(), groups: new Map<string, readonly string[]>() };
  for (const user of users) {
    resolved.users.set(user.userPrincipalName, [user.id]);
    resolved.users.set(user.id, [user.id]);
  }
  for (const group of groups) {
    resolved.groups.set(group.displayName, [...(resolved.groups.get(group.displayName) ?? []), group.id]);
    resolved.groups.set(group.id, [group.id]);
  }
  const skus = (parts.skus ?? []).map((sku) => (keepConsumed ? sku : { ...sku, consumedUnits: countHolders(users, sku.skuId) }));
  return { tenant: parts.tenant ?? aTenant(), skus, users, groups, resolved: parts.resolved ?? resolved, holdersOf: parts.holdersOf ?? [] };
}

function countHolders(users: readonly TenantUser[], skuId: string): number {
  return users.filter((u) => u.licenseAssignmentStates.some((s) => s.skuId === skuId && (s.assignedByGroup === null || s.state !== 'Error'))).length;
}

export function aSource(line = 1, file = 'skuform.yaml'): SourceLocation {
  return { file, line, column: 3 };
}

export function aDesiredLicense(skuId: string, disabledPlans: string[] = [], extra: Partial<DesiredLicense> = {}): DesiredLicense {
  return { skuId, disabledPlans: [...disabledPlans].sort(), mode: 'disabledPlans', source: aSource(), ...extra };
}

export function aDesiredPrincipal(kind: PrincipalKind, key: string, licenses: DesiredLicense[] = [], line = 1): DesiredPrincipal {
  return { kind, key, licenses, source: aSource(line) };
}

export interface DesiredSpec extends Partial<Omit<DesiredState, 'settings'>> {
  settings?: Partial<DesiredSettings>;
}

/** A desired state; managedSkuIds defaults to every SKU the principals name, as the config loader derives it. */
export function aDesired(spec: DesiredSpec = {}): DesiredState {
  const users = spec.users ?? [];
  const groups = spec.groups ?? [];
  const named = [...new Set([...users, ...groups].flatMap((p) => p.licenses.map((l) => l.skuId)))].sort();
  const settings: DesiredSettings = {
    managedSkuIds: named,
    managedSkusExplicit: spec.settings?.managedSkuIds !== undefined,
    prune: false,
    maxRemovals: DEFAULT_MAX_REMOVALS,
    seatReserve: {},
    ...spec.settings,
  };
  return { ...spec, settings, users, groups, files: spec.files ?? ['skuform.yaml'] };
}
