import type { Operation, Plan, PlanRef, SkuChange } from '../model/plan.js';
import type { AssignedLicense } from '../model/tenant.js';
import { phaseOf } from './build-operation.js';
import { compareText, sameIdSet } from './plan-context.js';
import { principalKey } from './subject.js';

/**
 * A saved plan is input from an untrusted place (an artifact, a file between CI jobs), so
 * before anything of it is applied it must agree with itself: what each operation sends
 * (`request`) is exactly what its displayed changes say, every SKU touched is one the plan
 * manages, the ids, phases and counts a reviewer read follow from the changes. Returns one
 * readable problem per disagreement; empty when the plan is as skuform writes it.
 */
export function checkPlanConsistency(plan: Plan): string[] {
  const problems: string[] = [];
  const managed = new Set(plan.settings.managedSkus.map((sku) => sku.skuId));
  const seen = new Set<string>();
  for (const op of plan.operations) {
    const name = `${op.principal.kind} ${op.principal.name}`;
    const id = principalKey(op.principal.kind, op.principal.id);
    if (op.id !== id) problems.push(`${name}: operation id ${op.id} is not ${id}`);
    if (seen.has(id)) problems.push(`${name}: appears in two operations`);
    seen.add(id);
    if (plan.fingerprints.principals[op.id] !== op.fingerprint) problems.push(`${name}: its fingerprint differs from the plan's list of fingerprints`);
    problems.push(...checkOperation(op, managed).map((problem) => `${name}: ${problem}`));
  }
  const listed = Object.keys(plan.fingerprints.principals);
  if (listed.length !== plan.operations.length || listed.some((key) => !seen.has(key))) {
    problems.push('the list of fingerprints does not name exactly the operations');
  }
  problems.push(...checkSummary(plan));
  return problems;
}

function checkOperation(op: Operation, managed: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (op.changes.length === 0) problems.push('an operation without changes');
  const skus = new Set<string>();
  for (const change of op.changes) {
    const part = change.sku.skuPartNumber;
    if (!managed.has(change.sku.skuId)) problems.push(`${part} (${change.sku.skuId}) is not one of the plan's managed SKUs`);
    if (skus.has(change.sku.skuId)) problems.push(`${part} is changed twice`);
    skus.add(change.sku.skuId);
    const shape = checkChangeShape(change);
    if (shape !== undefined) problems.push(`${part}: ${shape}`);
  }
  if (op.phase !== phaseOf(op.changes)) problems.push(`phase ${op.phase} does not follow from its changes (${phaseOf(op.changes)})`);
  const expected = requestOf(op.changes);
  for (const skuId of [...op.request.removeLicenses, ...op.request.addLicenses.map((l) => l.skuId)]) {
    if (!managed.has(skuId)) problems.push(`the request touches ${skuId}, which is not one of the plan's managed SKUs`);
  }
  if (!sameRequest(op.request, expected)) {
    problems.push('the request it would send differs from the changes it shows');
  }
  return problems;
}

/** What is wrong with a change's shape, if anything: before/after as its action needs, the plan lists as before/after differ. */
function checkChangeShape(change: SkuChange): string | undefined {
  const { action, before, after } = change;
  if (action === 'assign' && (before !== null || after === null)) return 'an assignment needs no "before" and an "after"';
  if (action === 'remove' && (before === null || after !== null)) return 'a removal needs a "before" and no "after"';
  if (action === 'update' && (before === null || after === null)) return 'an update needs a "before" and an "after"';
  if (before === null || after === null) {
    return change.plansEnabled.length + change.plansDisabled.length > 0 ? 'only an update switches plans on or off' : undefined;
  }
  // Only an update gets here: an assignment or removal with both was reported above.
  const was = ids(before.disabledPlans);
  const will = ids(after.disabledPlans);
  if (sameIdSet(was, will)) return 'an update that changes nothing';
  const enabled = was.filter((id) => !will.includes(id));
  const disabled = will.filter((id) => !was.includes(id));
  if (!sameIdSet(enabled, ids(change.plansEnabled)) || !sameIdSet(disabled, ids(change.plansDisabled))) {
    return 'the plans it says it switches on and off differ from its before and after';
  }
  return undefined;
}

function checkSummary(plan: Plan): string[] {
  const counts = { assign: 0, update: 0, remove: 0 };
  for (const op of plan.operations) for (const change of op.changes) counts[change.action] += 1;
  const { summary } = plan;
  const problems: string[] = [];
  if (summary.assign !== counts.assign || summary.update !== counts.update || summary.remove !== counts.remove) {
    problems.push(`the summary says ${summary.assign} to assign, ${summary.update} to update, ${summary.remove} to remove; the operations hold ${counts.assign}, ${counts.update}, ${counts.remove}`);
  }
  if (summary.principals !== plan.operations.length) problems.push(`the summary counts ${summary.principals} users and groups; the plan has ${plan.operations.length} operations`);
  const errors = plan.checks.filter((check) => check.severity === 'error').length;
  if (summary.errors !== errors) problems.push(`the summary counts ${summary.errors} errors; the checks hold ${errors}`);
  return problems;
}

/** The one assignLicense body the changes call for: additions and updates with their full disabled plans, and removals. */
function requestOf(changes: readonly SkuChange[]): { addLicenses: AssignedLicense[]; removeLicenses: string[] } {
  const addLicenses: AssignedLicense[] = [];
  const removeLicenses: string[] = [];
  for (const change of changes) {
    if (change.action === 'remove') removeLicenses.push(change.sku.skuId);
    else addLicenses.push({ skuId: change.sku.skuId, disabledPlans: change.after === null ? [] : ids(change.after.disabledPlans) });
  }
  return { addLicenses, removeLicenses };
}

/** Same SKUs added (each with the same disabled plans) and removed; order does not matter to Graph. */
function sameRequest(a: Operation['request'], b: Operation['request']): boolean {
  return canonicalRequest(a) === canonicalRequest(b);
}

function canonicalRequest(request: Operation['request']): string {
  const sorted = (list: readonly string[]): string[] => [...list].sort(compareText);
  const added = request.addLicenses.map((license) => [license.skuId, sorted(license.disabledPlans)] as const);
  return JSON.stringify([added.sort((x, y) => compareText(x[0], y[0])), sorted(request.removeLicenses)]);
}

function ids(plans: readonly PlanRef[]): string[] {
  return plans.map((plan) => plan.servicePlanId);
}
