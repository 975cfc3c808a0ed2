import type { DesiredLicense, DesiredPrincipal, PrincipalKind } from '../model/desired.js';
import type { Check } from '../model/plan.js';
import type { PlanContext } from './plan-context.js';
import { sortedUnique } from './plan-context.js';
import type { Subject } from './subject.js';
import type { IdsByKind } from './subject.js';
import { directManagedOfGroup, directManagedOfUser, emptyIdsByKind } from './subject.js';

/** The listed principals that resolved to exactly one object, and what went wrong with the rest. */
export interface Resolution {
  subjects: Subject[];
  /**
   * Ids of every object some key points at, ambiguous ones included: prune must never
   * remove a principal the config may mean.
   */
  claimed: IdsByKind;
  checks: Check[];
}

/**
 * Looks up every desired principal's key in `snapshot.resolved`. A key that matches nothing,
 * several groups, or an object another key already claimed is a blocking check; the
 * first listing (load order) of a duplicated object keeps its licences.
 */
export function resolvePrincipals(ctx: PlanContext): Resolution {
  const resolution: Resolution = { subjects: [], claimed: emptyIdsByKind(), checks: [] };
  const firstKey: Record<PrincipalKind, Map<string, DesiredPrincipal>> = { user: new Map(), group: new Map() };
  const kinds: [PrincipalKind, DesiredPrincipal[]][] = [
    ['user', ctx.desired.users],
    ['group', ctx.desired.groups],
  ];
  for (const [kind, principals] of kinds) {
    const lookup = createKeyLookup(kind === 'user' ? ctx.snapshot.resolved.users : ctx.snapshot.resolved.groups);
    for (const principal of principals) {
      const ids = lookup(principal.key);
      for (const id of ids) resolution.claimed[kind].add(id);
      const check = checkResolution(ctx, kind, principal, ids, firstKey[kind]);
      if (check !== undefined) {
        resolution.checks.push(check);
        continue;
      }
      const id = ids[0] as string;
      firstKey[kind].set(id, principal);
      resolution.subjects.push(createListedSubject(ctx, kind, id, principal));
    }
  }
  return resolution;
}

function checkResolution(
  ctx: PlanContext,
  kind: PrincipalKind,
  principal: DesiredPrincipal,
  ids: readonly string[],
  firstKey: ReadonlyMap<string, DesiredPrincipal>,
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
  const id = ids[0];
  const exists = id !== undefined && (kind === 'user' ? ctx.userById.has(id) : ctx.groupById.has(id));
  // Users are keyed by UPN or object id, both unique, so several matches mean the store
  // answered inconsistently; it is reported like a miss rather than guessed at.
  if (ids.length !== 1 || !exists) {
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
  const first = firstKey.get(id);
  if (first === undefined) return undefined;
  const at = `${first.source.file}:${first.source.line}:${first.source.column}`;
  return {
    severity: 'error',
    source: principal.source,
    code: 'principal-duplicate',
    message: `${kind} "${principal.key}" is the same ${kind} as "${first.key}" (listed at ${at})`,
    hint: 'list each principal once, by one key',
  };
}

function createListedSubject(ctx: PlanContext, kind: PrincipalKind, id: string, principal: DesiredPrincipal): Subject {
  const after = desiredManaged(principal.licenses, ctx.managed);
  const user = kind === 'user' ? ctx.userById.get(id) : undefined;
  if (user !== undefined) {
    return { kind, id, name: user.userPrincipalName, listed: true, source: principal.source, before: directManagedOfUser(user, ctx.managed), after, user };
  }
  const group = ctx.groupById.get(id);
  // checkResolution has made sure the object exists.
  if (group === undefined) throw new Error(`resolved ${kind} ${id} is missing from the snapshot`);
  return { kind, id, name: group.displayName, listed: true, source: principal.source, before: directManagedOfGroup(group, ctx.managed), after, group };
}

/**
 * The file's licences within scope. A licence of an unmanaged SKU is left out on purpose:
 * only managed SKUs are ever touched (the config loader reports such entries to the user).
 */
function desiredManaged(licenses: readonly DesiredLicense[], managed: ReadonlySet<string>): Map<string, string[]> {
  const after = new Map<string, string[]>();
  for (const license of licenses) {
    if (managed.has(license.skuId) && !after.has(license.skuId)) after.set(license.skuId, sortedUnique(license.disabledPlans));
  }
  return after;
}

/** Exact key first (the store answers for the keys as written), then case-insensitively. */
function createKeyLookup(resolved: Readonly<Record<string, string[]>>): (key: string) => string[] {
  let lowered: Map<string, string[]> | undefined;
  return (key) => {
    const exact = Object.hasOwn(resolved, key) ? resolved[key] : undefined;
    if (exact !== undefined) return sortedUnique(exact);
    if (lowered === undefined) {
      lowered = new Map();
      for (const [k, ids] of Object.entries(resolved)) {
        const list = lowered.get(k.toLowerCase()) ?? [];
        lowered.set(k.toLowerCase(), list.concat(ids));
      }
    }
    return sortedUnique(lowered.get(key.toLowerCase()) ?? []);
  };
}
