import type {
  Check, CostTotal, Operation, Plan, PlanCost, PlanLifecycle, PlanRef, PlanSettings, PlanSummary, PrincipalRef, SeatForecast, SkuChange, SkuCost, SkuRef,
} from '../model/plan.js';
import type { SourceLocation } from '../model/diagnostic.js';
import type { AssignedLicense } from '../model/tenant.js';
import { stringifyJson } from './sanitize-text.js';

/*
 * The JSON plan is the stable contract (`schemas/plan.schema.json`). Each object is rebuilt
 * with its keys in the order the type declares them, so the bytes depend only on the plan's
 * values, never on how the object happened to be constructed. Optional fields that are
 * undefined disappear (JSON.stringify drops them); unknown extra fields are not carried.
 */

const sku = (s: SkuRef): SkuRef => ({ skuId: s.skuId, skuPartNumber: s.skuPartNumber, displayName: s.displayName });

const planRef = (p: PlanRef): PlanRef => ({
  servicePlanId: p.servicePlanId, servicePlanName: p.servicePlanName, friendlyName: p.friendlyName,
});

const principal = (p: PrincipalRef): PrincipalRef => ({ kind: p.kind, id: p.id, name: p.name });

const location = (l: SourceLocation | undefined): SourceLocation | undefined =>
  l && { file: l.file, line: l.line, column: l.column, endLine: l.endLine, endColumn: l.endColumn };

const plansState = (s: { disabledPlans: PlanRef[] } | null): { disabledPlans: PlanRef[] } | null =>
  s && { disabledPlans: s.disabledPlans.map(planRef) };

const license = (l: AssignedLicense): AssignedLicense => ({ skuId: l.skuId, disabledPlans: [...l.disabledPlans] });

/** Record keys in code-unit order: a map's meaning does not depend on insertion order, its bytes must not either. */
function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  const keys = Object.keys(record).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, T> = {};
  for (const key of keys) out[key] = record[key] as T;
  return out;
}

function change(c: SkuChange): SkuChange {
  return {
    action: c.action,
    sku: sku(c.sku),
    before: plansState(c.before),
    after: plansState(c.after),
    plansEnabled: c.plansEnabled.map(planRef),
    plansDisabled: c.plansDisabled.map(planRef),
  };
}

function operation(o: Operation): Operation {
  return {
    id: o.id,
    principal: principal(o.principal),
    phase: o.phase,
    changes: o.changes.map(change),
    request: { addLicenses: o.request.addLicenses.map(license), removeLicenses: [...o.request.removeLicenses] },
    seatDelta: sortedRecord(o.seatDelta),
    memberCount: o.memberCount,
    source: location(o.source),
    fingerprint: o.fingerprint,
  };
}

function seat(s: SeatForecast): SeatForecast {
  return {
    sku: sku(s.sku), total: s.total, used: s.used, free: s.free, change: s.change,
    freeAfter: s.freeAfter, reserve: s.reserve, warningUnits: s.warningUnits, short: s.short,
  };
}

function check(c: Check): Check {
  return {
    code: c.code,
    severity: c.severity,
    message: c.message,
    principal: c.principal && principal(c.principal),
    sku: c.sku && sku(c.sku),
    source: location(c.source),
    hint: c.hint,
  };
}

function summary(s: PlanSummary): PlanSummary {
  return {
    assign: s.assign, update: s.update, remove: s.remove, principals: s.principals,
    removals: s.removals, errors: s.errors, warnings: s.warnings,
  };
}

function settings(s: PlanSettings): PlanSettings {
  return {
    managedSkus: s.managedSkus.map(sku),
    prune: s.prune,
    maxRemovals: s.maxRemovals,
    seatReserve: s.seatReserve.map((r) => ({ sku: sku(r.sku), seats: r.seats })),
    graceSeatsAreFree: s.graceSeatsAreFree === true,
  };
}

const total = (t: CostTotal): CostTotal => ({ seatsAdded: t.seatsAdded, seatsFreed: t.seatsFreed, added: t.added, freed: t.freed, net: t.net });

const skuCost = (c: SkuCost): SkuCost => ({
  sku: sku(c.sku), unitPrice: c.unitPrice, seatsAdded: c.seatsAdded, seatsFreed: c.seatsFreed, added: c.added, freed: c.freed, net: c.net,
});

function cost(c: PlanCost | undefined): PlanCost | undefined {
  return c && {
    currency: c.currency, minorDigits: c.minorDigits, billing: c.billing, skus: c.skus.map(skuCost), total: total(c.total), unpriced: c.unpriced.map(sku),
  };
}

const lifecycle = (l: PlanLifecycle | undefined): PlanLifecycle | undefined =>
  l && { evaluatedAt: l.evaluatedAt, timeZone: l.timeZone, lookaheadDays: l.lookaheadDays };

/** The plan with every object's keys in declaration order and every record's keys sorted. */
export function canonicalizePlan(plan: Plan): Plan {
  return {
    formatVersion: plan.formatVersion,
    tenant: { id: plan.tenant.id, displayName: plan.tenant.displayName, defaultDomain: plan.tenant.defaultDomain },
    store: plan.store,
    configFiles: [...plan.configFiles],
    settings: settings(plan.settings),
    operations: plan.operations.map(operation),
    seats: plan.seats.map(seat),
    checks: plan.checks.map(check),
    summary: summary(plan.summary),
    blocked: plan.blocked,
    cost: cost(plan.cost),
    lifecycle: lifecycle(plan.lifecycle),
    fingerprints: { skus: plan.fingerprints.skus, principals: sortedRecord(plan.fingerprints.principals) },
  };
}

/**
 * The plan as the stable JSON contract: 2-space indent, trailing newline, keys in type order.
 * Identical plans give identical bytes.
 */
export function renderPlanJson(plan: Plan): string {
  return `${stringifyJson(canonicalizePlan(plan), 2)}\n`;
}
