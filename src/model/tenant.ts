/**
 * Microsoft Graph's own shapes for the licensing part of a tenant. The tenant file of the
 * file store (SPEC 4.1) is exactly a {@link TenantDocument}; the Graph store reads the same
 * shapes from the API. GUIDs are lower-case strings.
 */

/** `organization` essentials. `countryLetterCode` is used for group-based licenses of users without a usage location. */
export interface TenantInfo {
  id: string;
  displayName: string;
  defaultDomain: string;
  countryLetterCode: string | null;
}

/** One service plan inside a subscribed SKU (Graph `servicePlanInfo`). */
export interface ServicePlanInfo {
  servicePlanId: string;
  servicePlanName: string;
  provisioningStatus: string;
  appliesTo: string;
}

/** Graph `licenseUnitsDetail`. */
export interface PrepaidUnits {
  enabled: number;
  suspended: number;
  warning: number;
  lockedOut: number;
}

export type CapabilityStatus = 'Enabled' | 'Warning' | 'Suspended' | 'Deleted' | 'LockedOut';

/** Graph `subscribedSku`. */
export interface SubscribedSku {
  skuId: string;
  skuPartNumber: string;
  appliesTo: string;
  capabilityStatus: CapabilityStatus | string;
  consumedUnits: number;
  prepaidUnits: PrepaidUnits;
  servicePlans: ServicePlanInfo[];
}

/** Graph `assignedLicense`: the SKU plus the complete list of switched-off plans. */
export interface AssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

export type LicenseAssignmentStateValue = 'Active' | 'ActiveWithError' | 'Disabled' | 'Error';

/**
 * Graph `licenseAssignmentState`: one entry per (SKU, source). `assignedByGroup: null` is a
 * direct assignment; otherwise the id of the group the license is inherited from.
 */
export interface LicenseAssignmentState {
  skuId: string;
  assignedByGroup: string | null;
  state: LicenseAssignmentStateValue | string;
  /** `null` (or `"None"` on some tenants) when there is no error. */
  error: string | null;
  disabledPlans: string[];
  lastUpdatedDateTime: string;
}

export interface TenantUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  accountEnabled: boolean;
  usageLocation: string | null;
  assignedLicenses: AssignedLicense[];
  licenseAssignmentStates: LicenseAssignmentState[];
  /**
   * Graph `signInActivity` (needs AuditLog.Read.All and Microsoft Entra ID P1). Optional in a
   * tenant file, and read from Graph only for `report inactive`: snapshots carry it only when
   * their query asks for it.
   */
  signInActivity?: SignInActivity | null;
}

/** Graph `signInActivity`: the last sign-in attempts of a user (ISO 8601 UTC), null when there was none. */
export interface SignInActivity {
  /** Last interactive sign-in attempt, successful or not. */
  lastSignInDateTime: string | null;
  /** Last non-interactive sign-in attempt (a client on the user's behalf), successful or not. */
  lastNonInteractiveSignInDateTime: string | null;
  /** Last successful sign-in of either kind (recorded since December 2023). */
  lastSuccessfulSignInDateTime?: string | null;
}

export type LicenseProcessingStateValue =
  | 'QueuedForProcessing'
  | 'ProcessingInProgress'
  | 'ProcessingComplete'
  | 'ProcessingFailed';

export interface TenantGroup {
  id: string;
  displayName: string;
  securityEnabled: boolean;
  assignedLicenses: AssignedLicense[];
  /** Ids of the direct members that are users (nested groups are not expanded by Graph). */
  members: string[];
  licenseProcessingState?: { state: LicenseProcessingStateValue | string } | null;
  hasMembersWithLicenseErrors?: boolean;
}

/** The tenant file of SPEC 4.1 — a public contract other tools write. */
export interface TenantDocument {
  tenant: TenantInfo;
  subscribedSkus: SubscribedSku[];
  users: TenantUser[];
  groups: TenantGroup[];
}

/** True when a licenseAssignmentState carries no error (Graph documents null; some tenants send "None"). */
export function isNoError(error: string | null | undefined): boolean {
  return error == null || error === '' || error === 'None';
}

/**
 * True when a licenseAssignmentState reports a failure: `Error` (the license is not applied)
 * or `ActiveWithError` (it is, but some of its plans failed, e.g. DependencyViolation).
 */
export function isFailedState(state: Pick<LicenseAssignmentState, 'state'>): boolean {
  return state.state === 'Error' || state.state === 'ActiveWithError';
}

/**
 * Whether two lists of switched-off service plans name the same plans: order, letter case and
 * repeats do not matter, so `[SWAY, SWAY]` is not the same as `[SWAY, TEAMS]`.
 */
export function samePlanSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((plan) => plan.toLowerCase()));
  const right = new Set(b.map((plan) => plan.toLowerCase()));
  return left.size === right.size && [...left].every((plan) => right.has(plan));
}
