import type { Check, Operation, PrincipalRef, SkuRef } from '../model/plan.js';
import { isFailedState, type LicenseAssignmentState, type TenantUser } from '../model/tenant.js';
import { isValidUsageLocation } from '../model/usage-location.js';
import type { PlanContext } from './plan-context.js';
import { compareNames } from './plan-context.js';
import type { Subject } from './subject.js';
import { subjectRef } from './subject.js';
import { withSource } from './with-source.js';

/** Pre-flight checks: what Graph would refuse, or what a reviewer should know, before anything is applied. */
export function checkPreflight(ctx: PlanContext, operations: readonly Operation[], subjects: readonly Subject[]): Check[] {
  const checks = [...checkTenant(ctx), ...checkSkus(ctx, operations)];
  // Plain loops: these run once per operation and per listed principal, and almost always find nothing.
  for (const op of operations) {
    const found = op.principal.kind === 'user' ? checkUserOperation(ctx, op) : checkGroupOperation(ctx, op);
    if (found.length > 0) checks.push(...found);
  }
  for (const subject of subjects) {
    if (!subject.listed) continue;
    const found = checkAssignmentErrors(ctx, subject);
    if (found !== undefined) checks.push(found);
  }
  return checks;
}

/** `tenant:` in the files must name the store's tenant, by id or default domain. */
function checkTenant(ctx: PlanContext): Check[] {
  const wanted = ctx.desired.tenant;
  if (wanted === undefined) return [];
  const { id, defaultDomain } = ctx.snapshot.tenant;
  const value = wanted.value.toLowerCase();
  if (value === id.toLowerCase() || value === defaultDomain.toLowerCase()) return [];
  // A Graph store without Organization.Read.All knows the tenant id (from the token), not its domain.
  const domainUnknown = defaultDomain === '';
  const message = domainUnknown
    ? `the config is for tenant ${wanted.value}, but the store could not read its tenant's domain names, only its id ${id}`
    : `the config is for tenant ${wanted.value}, but the store holds ${defaultDomain} (${id})`;
  const hint = domainUnknown
    ? 'write the tenant id in `tenant:`, or grant the app Organization.Read.All so the domain can be checked'
    : 'point --store at the right tenant, or fix `tenant:`';
  return [{ code: 'tenant-mismatch', severity: 'error', source: wanted.source, message, hint }];
}

function checkUserOperation(ctx: PlanContext, op: Operation): Check[] {
  const user = ctx.userById.get(op.principal.id);
  if (user === undefined || (user.accountEnabled && isValidUsageLocation(user.usageLocation))) return [];
  const assigned = op.changes.filter((c) => c.action === 'assign').map((c) => c.sku.skuPartNumber);
  // Graph refuses every assignLicense that adds licenses to a user without a usage location,
  // and a change of service plans is sent as an add of the same SKU.
  const added = op.changes.filter((c) => c.action !== 'remove').map((c) => c.sku.skuPartNumber);
  const checks: Check[] = [];
  const principal = op.principal;
  if (added.length > 0 && !hasUsageLocation(user)) {
    const message = `has no usage location, which Graph needs to assign or change a direct license (${added.join(', ')})`;
    const hint = 'set the usage location on the user (admin center or Graph), or license them through a group';
    checks.push(withSource({ code: 'usage-location-missing', severity: 'error', principal, message, hint }, op.source));
  } else if (added.length > 0 && !isValidUsageLocation(user.usageLocation)) {
    const message = `has the usage location ${JSON.stringify(user.usageLocation)}, which is not a two-letter ISO 3166-1 country code; Graph refuses to assign or change a direct license for it (${added.join(', ')})`;
    const hint = 'set the usage location on the user to a country code such as NL or US (admin center or Graph)';
    checks.push(withSource({ code: 'usage-location-invalid', severity: 'error', principal, message, hint }, op.source));
  }
  if (assigned.length > 0 && !user.accountEnabled) {
    const message = `is a disabled account; assigning ${assigned.join(', ')} uses seats nobody signs in with`;
    checks.push(withSource({ code: 'account-disabled', severity: 'warning', principal, message }, op.source));
  }
  return checks;
}

function hasUsageLocation(user: TenantUser): boolean {
  return user.usageLocation != null && user.usageLocation !== '';
}

function checkGroupOperation(ctx: PlanContext, op: Operation): Check[] {
  const group = ctx.groupById.get(op.principal.id);
  if (group === undefined || !op.changes.some((c) => c.action !== 'remove')) return [];
  const checks: Check[] = [];
  const principal = op.principal;
  if (!group.securityEnabled) {
    const message = `is not security-enabled; group-based licensing needs a security group (or a Microsoft 365 group with securityEnabled)`;
    const hint = 'enable security on the group or license another group';
    checks.push(withSource({ code: 'group-not-security-enabled', severity: 'error', principal, message, hint }, op.source));
  }
  // Members without a usage location take the tenant's country for group licenses.
  if (ctx.snapshot.tenant.countryLetterCode == null && op.changes.some((c) => c.action === 'assign')) {
    const missing = group.members.filter((id) => {
      const user = ctx.userById.get(id);
      return user !== undefined && !hasUsageLocation(user);
    }).length;
    if (missing > 0) {
      const message = `${missing} ${missing === 1 ? 'member' : 'members'} ${missing === 1 ? 'has' : 'have'} no usage location and the tenant has no country to fall back on`;
      const hint = 'set usage locations on those users; their group licenses will otherwise fail';
      checks.push(withSource({ code: 'member-usage-location-missing', severity: 'warning', principal, message, hint }, op.source));
    }
  }
  return checks;
}

/**
 * SKUs the plan assigns that Graph will refuse: not subscribed, not assignable to users or
 * groups (appliesTo Company), or not in an assignable state. One check per SKU, not per
 * principal: the cause and the fix are the SKU's.
 */
function checkSkus(ctx: PlanContext, operations: readonly Operation[]): Check[] {
  const touched = new Map<string, { sku: SkuRef; principals: PrincipalRef[]; assigns: PrincipalRef[] }>();
  for (const op of operations) {
    for (const change of op.changes) {
      if (change.action === 'remove') continue;
      const entry = touched.get(change.sku.skuId) ?? { sku: change.sku, principals: [], assigns: [] };
      entry.principals.push(op.principal);
      if (change.action === 'assign') entry.assigns.push(op.principal);
      touched.set(change.sku.skuId, entry);
    }
  }
  const checks: Check[] = [];
  for (const { sku: ref, principals, assigns } of touched.values()) {
    const sku = ctx.skuById.get(ref.skuId);
    const base = { severity: 'error' as const, sku: ref };
    if (sku === undefined) {
      const message = `${ref.skuPartNumber} is not subscribed in this tenant (${describePrincipals(principals)})`;
      checks.push({ ...base, code: 'sku-not-enabled', message, hint: 'buy the subscription first, or take the SKU out of the config' });
    } else if (sku.appliesTo.toLowerCase() === 'company') {
      const message = `${ref.skuPartNumber} applies to the company and cannot be assigned to users or groups (${describePrincipals(principals)})`;
      checks.push({ ...base, code: 'sku-not-assignable', message, hint: 'take the SKU out of the config: a company-wide subscription needs no assignment' });
    } else if (assigns.length > 0 && sku.capabilityStatus !== 'Enabled' && sku.capabilityStatus !== 'Warning') {
      const message = `${ref.skuPartNumber} is ${sku.capabilityStatus} and cannot be assigned (${describePrincipals(assigns)})`;
      checks.push({ ...base, code: 'sku-not-enabled', message, hint: 'renew or reactivate the subscription first' });
    }
  }
  return checks;
}

function describePrincipals(principals: readonly PrincipalRef[]): string {
  const names = principals.map((p) => p.name).sort(compareNames);
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

/**
 * Existing failed assignments on listed principals, which the plan cannot fix by itself:
 * `Error` (not applied) and `ActiveWithError` (applied, some of its plans failed, e.g.
 * DependencyViolation), each with Graph's error value.
 */
function checkAssignmentErrors(ctx: PlanContext, subject: Subject): Check | undefined {
  // Runs for every listed principal and nearly always finds nothing: the scans below
  // allocate nothing until they find a failure.
  if (subject.kind === 'user') {
    const states = subject.user?.licenseAssignmentStates ?? [];
    if (!states.some(isFailedState)) return undefined;
    const failed = states.filter((s) => isFailedState(s) && ctx.managed.has(s.skuId));
    if (failed.length === 0) return undefined;
    const what = failed.map((s) => `${ctx.skuRef(s.skuId).skuPartNumber} ${s.assignedByGroup === null ? 'direct' : `via group ${ctx.groupById.get(s.assignedByGroup)?.displayName ?? s.assignedByGroup}`}: ${describeFailure(s)}`);
    return assignmentWarning(subject, `has failed license assignments (${what.sort(compareNames).join('; ')})`);
  }
  const group = subject.group;
  // Graph flags groups with failed members; only an explicit `false` lets the scan be skipped.
  if (group === undefined || group.hasMembersWithLicenseErrors === false) return undefined;
  const errors = new Map<string, number>();
  let members = 0;
  for (const memberId of group.members) {
    const states = ctx.userById.get(memberId)?.licenseAssignmentStates ?? [];
    if (!states.some(isFailedState)) continue;
    const failed = states.filter((s) => isFailedState(s) && s.assignedByGroup === subject.id);
    if (failed.length > 0) members += 1;
    for (const state of failed) errors.set(describeFailure(state), (errors.get(describeFailure(state)) ?? 0) + 1);
  }
  if (members === 0) return undefined;
  const kinds = [...errors.entries()].sort((a, b) => compareNames(a[0], b[0])).map(([error, n]) => `${error} ×${n}`);
  return assignmentWarning(
    subject,
    `${members} ${members === 1 ? 'member' : 'members'} failed to get the group's licenses (${kinds.join(', ')})`,
    'fix the cause (seats, usage location, conflicting plans); Graph reprocesses the group afterwards',
  );
}

/** `CountViolation`, or `active with errors: DependencyViolation` for a license that works in part. */
function describeFailure(state: LicenseAssignmentState): string {
  const error = state.error ?? 'unknown error';
  return state.state === 'ActiveWithError' ? `active with errors: ${error}` : error;
}

function assignmentWarning(subject: Subject, message: string, hint?: string): Check {
  const check: Check = { code: 'assignment-error', severity: 'warning', principal: subjectRef(subject), message };
  if (hint !== undefined) check.hint = hint;
  return withSource(check, subject.source);
}
