import type { Operation, OperationPhase, PlanRef, SkuChange } from '../model/plan.js';
import type { AssignedLicense } from '../model/tenant.js';
import { fingerprintGroup, fingerprintUser } from './fingerprint.js';
import type { PlanContext } from './plan-context.js';
import { compareNames, compareSkuIds, compareText, sameSortedIds } from './plan-context.js';
import type { Subject } from './subject.js';
import { principalKey, subjectRef } from './subject.js';

/**
 * Turns a subject's before/after direct assignments into its one operation, or undefined when
 * nothing changes. An update is always in place (the SKU re-sent in `addLicenses` with its
 * complete disabledPlans, which Graph replaces), never remove + add, and a skuId is never in
 * both lists. `seatDelta` is filled in later from the holdings of every affected user.
 */
export function buildOperation(ctx: PlanContext, subject: Subject): Operation | undefined {
  // The same map before and after: nothing changes (see desiredManaged), the common case.
  if (subject.after === subject.before) return undefined;
  const changes = diffSubject(ctx, subject);
  if (changes.length === 0) return undefined;
  const addLicenses: AssignedLicense[] = [];
  const removeLicenses: string[] = [];
  for (const change of changes) {
    if (change.action === 'remove') removeLicenses.push(change.sku.skuId);
    else addLicenses.push({ skuId: change.sku.skuId, disabledPlans: [...(subject.after.get(change.sku.skuId) ?? [])] });
  }
  const operation: Operation = {
    id: principalKey(subject.kind, subject.id),
    principal: subjectRef(subject),
    phase: phaseOf(changes),
    changes,
    request: { addLicenses, removeLicenses },
    seatDelta: {},
    fingerprint: fingerprintSubject(ctx, subject),
  };
  if (subject.kind === 'group') operation.memberCount = subject.group?.members.length ?? 0;
  if (subject.source !== undefined) operation.source = subject.source;
  return operation;
}

function fingerprintSubject(ctx: PlanContext, subject: Subject): string {
  if (subject.user !== undefined) return fingerprintUser(subject.user, ctx.managed);
  return subject.group === undefined ? '' : fingerprintGroup(subject.group, ctx.managed);
}

function diffSubject(ctx: PlanContext, subject: Subject): SkuChange[] {
  const changes: SkuChange[] = [];
  for (const [skuId, after] of subject.after) {
    const before = subject.before.get(skuId);
    if (before === undefined) {
      changes.push(aChange(ctx, 'assign', skuId, undefined, after));
    } else if (!sameSortedIds(before, after)) {
      changes.push(aChange(ctx, 'update', skuId, before, after));
    }
  }
  for (const [skuId, before] of subject.before) {
    if (!subject.after.has(skuId)) changes.push(aChange(ctx, 'remove', skuId, before, undefined));
  }
  return changes.sort((a, b) => compareSkuIds(a.sku, b.sku));
}

function aChange(
  ctx: PlanContext,
  action: SkuChange['action'],
  skuId: string,
  before: readonly string[] | undefined,
  after: readonly string[] | undefined,
): SkuChange {
  const refs = (ids: readonly string[]): PlanRef[] => ids.map((id) => ctx.planRef(skuId, id)).sort(comparePlanRefs);
  const isUpdate = before !== undefined && after !== undefined;
  return {
    action,
    sku: ctx.skuRef(skuId),
    before: before === undefined ? null : { disabledPlans: refs(before) },
    after: after === undefined ? null : { disabledPlans: refs(after) },
    plansEnabled: isUpdate ? refs(before.filter((id) => !after.includes(id))) : [],
    plansDisabled: isUpdate ? refs(after.filter((id) => !before.includes(id))) : [],
  };
}

function comparePlanRefs(a: PlanRef, b: PlanRef): number {
  return compareNames(a.servicePlanName, b.servicePlanName) || compareText(a.servicePlanId, b.servicePlanId);
}

/**
 * Seat effect decides the phase, so apply can free seats before consuming them: removals
 * (with or without updates) release, an add with a removal is a swap in one call, adds
 * acquire, and pure updates change no seat.
 */
export function phaseOf(changes: readonly SkuChange[]): OperationPhase {
  const has = (action: SkuChange['action']): boolean => changes.some((c) => c.action === action);
  if (has('assign')) return has('remove') ? 'swap' : 'acquire';
  return has('remove') ? 'release' : 'update';
}
