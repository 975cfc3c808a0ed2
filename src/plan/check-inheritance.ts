import type { Check } from '../model/plan.js';
import type { HeldSource, Holding } from './compute-holdings.js';
import type { PlanContext } from './plan-context.js';
import { compareNames } from './plan-context.js';
import type { Subject } from './subject.js';
import { subjectRef } from './subject.js';
import { withSource } from './with-source.js';

/**
 * What the plan says about licenses a listed user holds through groups. User entries describe
 * direct assignments only, and Graph refuses to change an inherited license on the user.
 *
 * For a managed SKU the file does not give the user, but which the user still holds through
 * one or more groups after the plan:
 * - `inherited-only` (warning) when the user has no direct assignment of it (so there is
 *   nothing skuform can remove) AND none of those groups is listed in the config: the file
 *   reads as "this user should not have it", and nothing in the config will ever make that
 *   true. The fix is on the group (its licenses or the user's membership).
 * - `inherited-kept` (note) otherwise: a direct assignment is removed but the group keeps
 *   the user licensed, or the group giving it is itself managed by this config (the
 *   `carol: []` + `Sales` case) — consistent, but worth knowing. It says "gets" instead of
 *   "keeps" when the license reaches the user through a group only by this plan.
 *
 * `redundant-direct` (warning) when, after the plan, a direct assignment duplicates an
 * inherited one that enables the same plans or more (inherited disabled ⊆ direct disabled):
 * removing the direct one would change nothing for the user — a clean-up candidate.
 *
 * Called for each listed user with that user's holding.
 */
export function checkInheritance(ctx: PlanContext, subject: Subject, holding: Holding, listedGroups: ReadonlySet<string>): Check[] {
  const checks: Check[] = [];
  for (const [skuId, sources] of holding.after) {
    if (!ctx.managed.has(skuId) || !sources.some((s) => s.group !== null)) continue;
    const inherited = sources.filter((s) => s.group !== null);
    const direct = subject.after.get(skuId);
    const check =
      direct === undefined
        ? checkKept(ctx, subject, skuId, inherited, listedGroups, holding.before.get(skuId)?.some((s) => s.group !== null) === true)
        : checkRedundant(ctx, subject, skuId, direct, inherited);
    if (check !== undefined) checks.push(check);
  }
  return checks;
}

function checkKept(
  ctx: PlanContext,
  subject: Subject,
  skuId: string,
  inherited: readonly HeldSource[],
  listedGroups: ReadonlySet<string>,
  inheritedBefore: boolean,
): Check {
  const sku = ctx.skuRef(skuId);
  const groups = groupNames(ctx, inherited);
  const onlyInherited = !subject.before.has(skuId) && !inherited.some((s) => s.group !== null && listedGroups.has(s.group));
  const principal = subjectRef(subject);
  if (onlyInherited) {
    const message = `is listed without ${sku.skuPartNumber} but only inherits it from ${groups}, which this config does not manage; skuform cannot remove an inherited license`;
    const hint = `remove ${sku.skuPartNumber} from ${groups} or take the user out of it`;
    return withSource({ code: 'inherited-only', severity: 'warning', principal, sku, message, hint }, subject.source);
  }
  const message = `${inheritedBefore ? 'keeps' : 'gets'} ${sku.skuPartNumber} through ${groups}`;
  return withSource({ code: 'inherited-kept', severity: 'note', principal, sku, message }, subject.source);
}

function checkRedundant(ctx: PlanContext, subject: Subject, skuId: string, direct: readonly string[], inherited: readonly HeldSource[]): Check | undefined {
  const covering = inherited.filter((source) => source.disabled.every((id) => direct.includes(id)));
  if (covering.length === 0) return undefined;
  const sku = ctx.skuRef(skuId);
  const message = `has ${sku.skuPartNumber} directly and through ${groupNames(ctx, covering)} with the same or more plans enabled`;
  const hint = `the direct assignment is a clean-up candidate: drop ${sku.skuPartNumber} from the user's entry in the config`;
  return withSource({ code: 'redundant-direct', severity: 'warning', principal: subjectRef(subject), sku, message, hint }, subject.source);
}

function groupNames(ctx: PlanContext, sources: readonly HeldSource[]): string {
  const names = new Set<string>();
  for (const source of sources) {
    if (source.group !== null) names.add(`group ${ctx.groupById.get(source.group)?.displayName ?? source.group}`);
  }
  return [...names].sort(compareNames).join(', ');
}
