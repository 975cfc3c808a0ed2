import type { TokenClaims } from './token-claims.js';

/**
 * What skuform needs from Graph, and which permissions satisfy each need (least privileged
 * first, the rest being broader permissions that also work).
 */
export interface PermissionNeed {
  id: string;
  /** `plan` needs are required for every read; `apply` ones only for writes; `optional` ones degrade output. */
  phase: 'plan' | 'apply' | 'optional';
  /** What the permission is for, in words a tenant admin understands. */
  purpose: string;
  satisfiedBy: readonly string[];
  /** What still works without it, when the phase's usual words do not say it. */
  withoutIt?: string;
}

const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];

export const PERMISSION_NEEDS: readonly PermissionNeed[] = [
  {
    id: 'read-users',
    phase: 'plan',
    purpose: "read users and their licenses (assignedLicenses, licenseAssignmentStates)",
    satisfiedBy: ['User.Read.All', 'User.ReadWrite.All', ...DIRECTORY_READ],
  },
  {
    id: 'read-group-members',
    phase: 'plan',
    purpose: 'read groups, their licenses and their members (group-based licensing, seat fan-out)',
    satisfiedBy: ['GroupMember.Read.All', 'GroupMember.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', ...DIRECTORY_READ],
  },
  {
    id: 'read-skus',
    phase: 'plan',
    purpose: 'read the subscribed SKUs (seats and service plans)',
    satisfiedBy: ['LicenseAssignment.Read.All', 'LicenseAssignment.ReadWrite.All', 'Organization.Read.All', 'Organization.ReadWrite.All', ...DIRECTORY_READ],
  },
  {
    id: 'read-organization',
    phase: 'optional',
    purpose: "read the tenant's name and default domain (without it, `tenant:` in the config must be the tenant id)",
    satisfiedBy: ['Organization.Read.All', 'Organization.ReadWrite.All', ...DIRECTORY_READ],
  },
  {
    id: 'read-sign-in-activity',
    phase: 'optional',
    purpose: "read users' last sign-in for `skuform report inactive` (signInActivity; the tenant also needs Microsoft Entra ID P1)",
    satisfiedBy: ['AuditLog.Read.All'],
    withoutIt: 'plan and apply work; report inactive cannot tell who signs in',
  },
  {
    id: 'assign-user-licenses',
    phase: 'apply',
    purpose: 'assign, change and remove licenses of users (assignLicense)',
    satisfiedBy: ['LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  },
  {
    id: 'assign-group-licenses',
    phase: 'apply',
    purpose: 'assign, change and remove licenses of groups (assignLicense)',
    satisfiedBy: ['LicenseAssignment.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  },
];

export interface PermissionVerdict {
  need: PermissionNeed;
  /** The granted permission that satisfies the need, if any. */
  grantedBy?: string;
}

/** Matches the token's `roles` (app-only) or `scp` (delegated) against every need. */
export function evaluatePermissions(claims: TokenClaims): PermissionVerdict[] {
  const granted = new Set([...claims.roles, ...claims.scopes].map((permission) => permission.toLowerCase()));
  return PERMISSION_NEEDS.map((need) => {
    const grantedBy = need.satisfiedBy.find((permission) => granted.has(permission.toLowerCase()));
    return grantedBy === undefined ? { need } : { need, grantedBy };
  });
}

/** `app-only` tokens carry `roles`; delegated ones carry `scp`. */
export function tokenKind(claims: TokenClaims): 'app-only' | 'delegated' {
  return claims.scopes.length > 0 ? 'delegated' : 'app-only';
}
