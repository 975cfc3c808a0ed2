import type { DesiredLicense, DesiredPrincipal, PrincipalKind } from '../model/desired.js';
import type { Check } from '../model/plan.js';
import type { TenantUser } from '../model/tenant.js';
import type { TimeBoundSubject } from './license-lifecycle.js';
import { isInForce, isTimeBound } from './license-lifecycle.js';
import type { PlanContext } from './plan-context.js';
import { matchesFirstPerSku, sortedUnique } from './plan-context.js';
import type { Subject } from './subject.js';
import type { IdsByKind } from './subject.js';
import { createDirectManagedOfUser, directManagedOfGroup, emptyIdsByKind } from './subject.js';

/** The listed principals that resolved to exactly one object, and what went wrong with the rest. */
export interface Resolution {
  subjects: Subject[];
  /** The same subjects by kind and object id. */
  byId: Record<PrincipalKind, Map<string, Subject>>;
  /**
   * Ids that keys point at but that did not become subjects (ambiguous, duplicate, not in
   * the snapshot). Kept apart from `byId` so that the common case, one object per key,
   * fills one map per kind instead of two.
   */
  otherClaims: IdsByKind;
  checks: Check[];
  /** Subjects with time-bound entries (`from`/`until`), for the lifecycle notes. */
  timeBound: TimeBoundSubject[];
}

/**
 * True when some key of the config points at the object, ambiguous ones included: prune
 * must never remove a principal the config may mean.
 */
export function isClaimed(resolution: Resolution, kind: PrincipalKind, id: string): boolean {
  return resolution.byId[kind].has(id) || resolution.otherClaims[kind].has(id);
}

/**
 * Looks up every desired principal's key in `snapshot.resolved`. A key that matches nothing,
 * several groups, or an object another key already claimed is a blocking check; the
 * first listing (load order) of a duplicated object keeps its licenses.
 */
export function resolvePrincipals(ctx: PlanContext): Resolution {
  const resolution: Resolution = { subjects: [], byId: { user: new Map(), group: new Map() }, otherClaims: emptyIdsByKind(), checks: [], timeBound: [] };
  const now = ctx.options.now;
  const inForce: LicenseFilter = now === undefined ? everyLicense : (license) => isInForce(license, now);
  const kinds: [PrincipalKind, DesiredPrincipal[]][] = [
    ['user', ctx.desired.users],
    ['group', ctx.desired.groups],
  ];
  const directOfUser = createDirectManagedOfUser(ctx.managed);
  for (const [kind, principals] of kinds) {
    const lookup = createKeyLookup(kind === 'user' ? ctx.snapshot.resolved.users : ctx.snapshot.resolved.groups);
    const listed = resolution.byId[kind];
    for (const principal of principals) {
      const ids = lookup(principal.key);
      const subject = ids.length === 1 ? createListedSubject(ctx, kind, ids[0] as string, principal, directOfUser, inForce) : undefined;
      const check = checkResolution(kind, principal, ids, subject, listed);
      if (check === undefined && subject !== undefined) {
        listed.set(subject.id, subject);
        resolution.subjects.push(subject);
        if (principal.licenses.some(isTimeBound)) resolution.timeBound.push({ subject, licenses: principal.licenses.filter(isTimeBound) });
      } else {
        if (check !== undefined) resolution.checks.push(check);
        for (const id of ids) resolution.otherClaims[kind].add(id);
      }
    }
  }
  return resolution;
}

/** What is wrong with a key's resolution; `subject` is its object when the key found exactly one in the snapshot. */
function checkResolution(
  kind: PrincipalKind,
  principal: DesiredPrincipal,
  ids: readonly string[],
  subject: Subject | undefined,
  listed: ReadonlyMap<string, Subject>,
): Check | undefined {
  if (ids.length > 1 && kind === 'group') {
    return {
      severity: 'error',
      source: principal.source,
      code: 'group-ambiguous',
      message: `group "${principal.key}" matches ${ids.length} groups (${ids.join(', ')})`,
      hint: 'group display names must be unique: list the group by its object id',
    };
  }
  // Users are keyed by UPN or object id, both unique, so several matches mean the store
  // answered inconsistently; it is reported like a miss rather than guessed at.
  if (subject === undefined) {
    return {
      severity: 'error',
      source: principal.source,
      code: 'principal-not-found',
      message:
        ids.length > 1
          ? `${kind} "${principal.key}" does not resolve to exactly one ${kind} (${ids.join(', ')})`
          : `${kind} "${principal.key}" was not found in the tenant`,
      hint: kind === 'user' ? 'check the userPrincipalName or use the object id' : 'check the display name or use the object id',
    };
  }
  const first = listed.get(subject.id);
  if (first?.source === undefined) return undefined;
  const at = `${first.source.file}:${first.source.line}:${first.source.column}`;
  return {
    severity: 'error',
    source: principal.source,
    code: 'principal-duplicate',
    message: `${kind} "${principal.key}" is the same ${kind} as "${first.key}" (listed at ${at})`,
    hint: 'list each principal once, by one key',
  };
}

/** The subject of a listed key, or undefined when its object is not in the snapshot. */
function createListedSubject(
  ctx: PlanContext,
  kind: PrincipalKind,
  id: string,
  principal: DesiredPrincipal,
  directOfUser: (user: TenantUser) => ReadonlyMap<string, readonly string[]>,
  inForce: LicenseFilter,
): Subject | undefined {
  const { key, source } = principal;
  if (kind === 'user') {
    const user = ctx.userById.get(id);
    if (user === undefined) return undefined;
    const before = directOfUser(user);
    return { kind, id, name: user.userPrincipalName, listed: true, key, source, before, after: desiredManaged(principal.licenses, ctx.managed, before, inForce), user };
  }
  const group = ctx.groupById.get(id);
  if (group === undefined) return undefined;
  const before = directManagedOfGroup(group, ctx.managed);
  return { kind, id, name: group.displayName, listed: true, key, source, before, after: desiredManaged(principal.licenses, ctx.managed, before, inForce), group };
}

/** Which of a principal's entries count now: all, or those whose `from`/`until` span holds the plan's instant. */
type LicenseFilter = (license: DesiredLicense) => boolean;

/**
 * The file's licenses within scope and in force. A license of an unmanaged SKU is left out on
 * purpose: only managed SKUs are ever touched (the config loader reports such entries to the
 * user). An entry outside its `from`/`until` span is not desired, so the plan assigns or
 * removes it on the day like any other change. When the result is exactly the principal's
 * `current` licenses, which in a plan with few changes is nearly everyone, that very map is
 * returned instead of an equal new one.
 */
function desiredManaged(licenses: readonly DesiredLicense[], managed: ReadonlySet<string>, current: ReadonlyMap<string, readonly string[]>, inForce: LicenseFilter): ReadonlyMap<string, readonly string[]> {
  if (matchesFirstPerSku(licenses, managed, inForce, current)) return current;
  const after = new Map<string, readonly string[]>();
  for (const license of licenses) {
    if (inForce(license) && managed.has(license.skuId) && !after.has(license.skuId)) after.set(license.skuId, sortedUnique(license.disabledPlans));
  }
  return after;
}

const everyLicense: LicenseFilter = () => true;

/** Exact key first (the store answers for the keys as written), then case-insensitively. */
function createKeyLookup(resolved: ReadonlyMap<string, readonly string[]>): (key: string) => readonly string[] {
  let lowered: Map<string, string[]> | undefined;
  return (key) => {
    const exact = resolved.get(key);
    if (exact !== undefined) return sortedUnique(exact);
    if (lowered === undefined) {
      lowered = new Map();
      for (const [k, ids] of resolved) {
        const list = lowered.get(k.toLowerCase()) ?? [];
        lowered.set(k.toLowerCase(), list.concat(ids));
      }
    }
    return sortedUnique(lowered.get(key.toLowerCase()) ?? []);
  };
}
