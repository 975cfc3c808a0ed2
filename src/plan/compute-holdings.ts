import { holdsSeat } from '../model/seat-rules.js';
import type { LicenseAssignmentState } from '../model/tenant.js';
import type { PlanContext } from './plan-context.js';
import { sortedUnique } from './plan-context.js';
import type { Subject } from './subject.js';

/** One source through which a user holds a SKU: directly (`group: null`) or through a group. */
export interface HeldSource {
  group: string | null;
  /** Sorted servicePlanIds this source switches off. */
  disabled: readonly string[];
}

/**
 * Everything a user holds, per skuId, before and after the plan, across every source. Seats,
 * data-loss risk and inheritance checks are all read from this one model, so several
 * operations touching the same user (their group and themselves) are combined, not summed.
 */
export interface Holding {
  userId: string;
  before: Map<string, HeldSource[]>;
  after: Map<string, HeldSource[]>;
}

/** Whether a state gives the user the SKU and a seat: the rule the store semantics use too. */
export { holdsSeat };

/** Groups the plan changes, indexed for the holding computation. */
export interface GroupChanges {
  subjects: ReadonlyMap<string, Subject>;
  /** groupId -> skuIds the group gains (assign), which fan out to its members. */
  gained: ReadonlyMap<string, readonly string[]>;
}

export function indexGroupChanges(groupSubjects: readonly Subject[]): GroupChanges {
  const subjects = new Map<string, Subject>();
  const gained = new Map<string, string[]>();
  for (const subject of groupSubjects) {
    subjects.set(subject.id, subject);
    const added = [...subject.after.keys()].filter((skuId) => !subject.before.has(skuId));
    if (added.length > 0) gained.set(subject.id, added.sort());
  }
  return { subjects, gained };
}

/** Before and after holdings of one user, given the user's own subject (if planned) and the planned groups. */
export function computeHolding(ctx: PlanContext, userId: string, own: Subject | undefined, groups: GroupChanges): Holding {
  const user = ctx.userById.get(userId);
  const holding: Holding = { userId, before: new Map(), after: new Map() };
  const states = user === undefined ? statesOf(ctx, userId) : user.licenseAssignmentStates;
  for (const state of states) {
    if (!holdsSeat(state)) continue;
    const source: HeldSource = { group: state.assignedByGroup, disabled: sortedUnique(state.disabledPlans) };
    add(holding.before, state.skuId, source);
    const kept = keptAfter(ctx, state.skuId, source, own, groups);
    if (kept !== undefined) add(holding.after, state.skuId, kept);
  }
  if (own !== undefined) {
    for (const [skuId, disabled] of own.after) add(holding.after, skuId, { group: null, disabled });
  }
  for (const groupId of ctx.groupsOfUser.get(userId) ?? []) {
    const subject = groups.subjects.get(groupId);
    for (const skuId of groups.gained.get(groupId) ?? []) {
      add(holding.after, skuId, { group: groupId, disabled: subject?.after.get(skuId) ?? [] });
    }
  }
  return holding;
}

/**
 * What a source becomes after the plan. Only the plan's own changes alter a holding: a
 * direct managed source follows the user's subject, an inherited one follows its group's
 * subject; everything else (unmanaged SKUs, groups the plan leaves alone) stays as it is.
 */
function keptAfter(ctx: PlanContext, skuId: string, source: HeldSource, own: Subject | undefined, groups: GroupChanges): HeldSource | undefined {
  if (!ctx.managed.has(skuId)) return source;
  if (source.group === null) return own === undefined ? source : undefined;
  const subject = groups.subjects.get(source.group);
  if (subject === undefined) return source;
  const after = subject.after.get(skuId);
  if (after !== undefined) return { group: source.group, disabled: after };
  // The group did not hold it (a stale state): that is not this plan's doing.
  return subject.before.has(skuId) ? undefined : source;
}

/**
 * A group member the snapshot does not contain is assumed to hold nothing but what the
 * snapshot's groups give it: its seats and losses are then counted, never missed.
 */
function statesOf(ctx: PlanContext, userId: string): LicenseAssignmentState[] {
  const states: LicenseAssignmentState[] = [];
  for (const groupId of ctx.groupsOfUser.get(userId) ?? []) {
    for (const license of ctx.groupById.get(groupId)?.assignedLicenses ?? []) {
      states.push({ skuId: license.skuId, assignedByGroup: groupId, state: 'Active', error: null, disabledPlans: license.disabledPlans, lastUpdatedDateTime: '' });
    }
  }
  return states;
}

function add(map: Map<string, HeldSource[]>, skuId: string, source: HeldSource): void {
  const list = map.get(skuId);
  if (list === undefined) map.set(skuId, [source]);
  else list.push(source);
}

/** True when the user holds the SKU by any source. */
export function holds(map: ReadonlyMap<string, readonly HeldSource[]>, skuId: string): boolean {
  return (map.get(skuId)?.length ?? 0) > 0;
}
