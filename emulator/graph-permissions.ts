import type { Caller } from './access-token.js';

/**
 * Which permissions satisfy each operation (application permissions, least privileged
 * first, per Microsoft's API pages). A token without claims is allowed everything.
 */
export type Operation =
  | 'readOrganization'
  | 'readSkus'
  | 'readUsers'
  | 'readGroups'
  | 'readMembers'
  | 'assignUserLicense'
  | 'assignGroupLicense'
  | 'readSignInActivity';

const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];

export const DEFAULT_PERMISSIONS: Record<Operation, readonly string[]> = {
  readOrganization: ['Organization.Read.All', 'Organization.ReadWrite.All', ...DIRECTORY_READ],
  readSkus: ['LicenseAssignment.Read.All', 'LicenseAssignment.ReadWrite.All', 'Organization.Read.All', 'Organization.ReadWrite.All', ...DIRECTORY_READ],
  readUsers: ['User.Read.All', 'User.ReadWrite.All', ...DIRECTORY_READ],
  readGroups: ['GroupMember.Read.All', 'GroupMember.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIRECTORY_READ],
  readMembers: ['GroupMember.Read.All', 'GroupMember.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIRECTORY_READ],
  assignUserLicense: ['LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  assignGroupLicense: ['LicenseAssignment.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  // `$select=signInActivity` on users needs AuditLog.Read.All on top of reading users.
  readSignInActivity: ['AuditLog.Read.All'],
};

/** True when the caller may perform the operation. */
export function isAllowed(caller: Caller, operation: Operation, table: Record<Operation, readonly string[]> = DEFAULT_PERMISSIONS): boolean {
  const granted = caller.permissions;
  return granted === null || table[operation].some((permission) => granted.has(permission));
}
