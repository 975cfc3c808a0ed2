/**
 * Graph's licensing semantics over an in-memory tenant: the one implementation of
 * assignLicense rules, seat counting, group-based licensing and snapshot queries shared by
 * the file store, the in-memory store and the Graph emulator.
 */
export {
  TenantState,
  loadTenantState,
  checkConsistency,
  type AssignLicenseFailure,
  type AssignLicenseOutcome,
  type AssignLicenseSuccess,
  type GroupProcessingMode,
  type LoadedTenantState,
  type TenantStateOptions,
} from './tenant-state.js';
export { TenantDocumentError, UserIndex } from './tenant-index.js';
export type { TenantChange } from './tenant-context.js';
export { graphFailures, type GraphFailure } from './graph-failure.js';
export { parseAssignLicenseBody, isGuid, type AssignLicenseBody, type ParsedBody } from './parse-assign-body.js';
export { countFreeSeats, holdsSeat } from './seats.js';
export { deriveAssignedLicenses } from './derive-assigned-licenses.js';
export { isValidUsageLocation } from './assign-user-license.js';
export { copyUser, copyGroup, copyGroupResource, copySku, copyTenantInfo, type GroupResource } from './graph-json.js';
