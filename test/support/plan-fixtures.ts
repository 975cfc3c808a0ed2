/**
 * Builders for hand-made plans that look like the planner's output: real SKU part numbers,
 * skuIds and service plan ids from Microsoft's catalogue, operations with the phase, request
 * and seat delta the planner would compute, and a plan whose summary, seat forecast, sort
 * order and fingerprints are derived from its operations and checks so they cannot disagree.
 */
import { createHash } from 'node:crypto';
import { OPERATION_PHASES, PLAN_FORMAT_VERSION } from '../../src/model/plan.js';
import type {
  Check, CheckCode, CheckSeverity, Operation, OperationPhase, Plan, PlanRef, PrincipalRef, SeatForecast,
  SkuChange, SkuRef,
} from '../../src/model/plan.js';
import type { SourceLocation } from '../../src/model/diagnostic.js';

export { E5_ALL_BUT_EXCHANGE_AND_TEAMS, PLAN, SKU } from './catalog-fixtures.js';
export type { SkuName } from './catalog-fixtures.js';

/** A GUID derived from a name, so fixtures are stable without listing ids by hand. */
export function guidFor(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function fingerprintOf(value: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32)}`;
}

export function aUser(userPrincipalName: string): PrincipalRef {
  return { kind: 'user', id: guidFor(`user:${userPrincipalName}`), name: userPrincipalName };
}

export function aGroup(displayName: string): PrincipalRef {
  return { kind: 'group', id: guidFor(`group:${displayName}`), name: displayName };
}

export function at(file: string, line: number, column = 3): SourceLocation {
  return { file, line, column };
}

const byName = (a: PlanRef, b: PlanRef): number => a.servicePlanName.localeCompare(b.servicePlanName, 'en');
const sorted = (plans: readonly PlanRef[]): PlanRef[] => [...plans].sort(byName);

export function assignChange(sku: SkuRef, disabledPlans: readonly PlanRef[] = []): SkuChange {
  return { action: 'assign', sku, before: null, after: { disabledPlans: sorted(disabledPlans) }, plansEnabled: [], plansDisabled: [] };
}

/** An in-place update; the switched-on and switched-off plans follow from before and after. */
export function updateChange(sku: SkuRef, before: readonly PlanRef[], after: readonly PlanRef[]): SkuChange {
  const ids = (plans: readonly PlanRef[]): Set<string> => new Set(plans.map((p) => p.servicePlanId));
  const [was, will] = [ids(before), ids(after)];
  return {
    action: 'update',
    sku,
    before: { disabledPlans: sorted(before) },
    after: { disabledPlans: sorted(after) },
    plansEnabled: sorted(before.filter((p) => !will.has(p.servicePlanId))),
    plansDisabled: sorted(after.filter((p) => !was.has(p.servicePlanId))),
  };
}

export function removeChange(sku: SkuRef, disabledPlans: readonly PlanRef[] = []): SkuChange {
  return { action: 'remove', sku, before: { disabledPlans: sorted(disabledPlans) }, after: null, plansEnabled: [], plansDisabled: [] };
}

function phaseOf(changes: readonly SkuChange[]): OperationPhase {
  const has = (action: SkuChange['action']): boolean => changes.some((c) => c.action === action);
  if (has('assign') && has('remove')) return 'swap';
  if (has('assign')) return 'acquire';
  if (has('remove')) return 'release';
  return 'update';
}

export interface OperationExtras {
  /** Group members the change reaches. */
  memberCount?: number;
  /** Seat delta per part number; users default to +1 per assign and -1 per remove. */
  seats?: Partial<Record<string, number>>;
  source?: SourceLocation;
}

export function anOperation(principal: PrincipalRef, changes: readonly SkuChange[], extras: OperationExtras = {}): Operation {
  const ordered = [...changes].sort((a, b) => a.sku.skuPartNumber.localeCompare(b.sku.skuPartNumber, 'en'));
  const seatDelta: Record<string, number> = {};
  for (const c of ordered) {
    const fallback = principal.kind === 'user' ? ({ assign: 1, update: 0, remove: -1 } as const)[c.action] : 0;
    const delta = extras.seats?.[c.sku.skuPartNumber] ?? fallback;
    if (delta !== 0) seatDelta[c.sku.skuId] = delta;
  }
  return {
    id: `${principal.kind}:${principal.id}`,
    principal,
    phase: phaseOf(ordered),
    changes: ordered,
    request: {
      addLicenses: ordered
        .filter((c) => c.after !== null)
        .map((c) => ({ skuId: c.sku.skuId, disabledPlans: (c.after?.disabledPlans ?? []).map((p) => p.servicePlanId) })),
      removeLicenses: ordered.filter((c) => c.action === 'remove').map((c) => c.sku.skuId),
    },
    seatDelta,
    memberCount: extras.memberCount,
    source: extras.source,
    fingerprint: fingerprintOf({ principal, before: ordered.map((c) => [c.sku.skuId, c.before]) }),
  };
}

export function aCheck(code: CheckCode, severity: CheckSeverity, message: string, extras: Partial<Check> = {}): Check {
  return { code, severity, message, ...extras };
}

/** Seats of one SKU before the plan; the plan builder adds the change the operations make. */
export interface SeatStock {
  sku: SkuRef;
  total: number;
  used: number;
  reserve?: number;
  warningUnits?: number;
}

function forecast(stock: SeatStock, operations: readonly Operation[]): SeatForecast {
  const change = operations.reduce((sum, op) => sum + (op.seatDelta[stock.sku.skuId] ?? 0), 0);
  const free = stock.total - stock.used;
  const freeAfter = free - change;
  const reserve = stock.reserve ?? 0;
  return {
    sku: stock.sku, total: stock.total, used: stock.used, free, change, freeAfter, reserve,
    warningUnits: stock.warningUnits ?? 0, short: change > 0 && (freeAfter < reserve || freeAfter < 0),
  };
}

const SEVERITY_ORDER: readonly CheckSeverity[] = ['error', 'warning', 'note'];
const KIND_ORDER = ['user', 'group'];

function compareOperations(a: Operation, b: Operation): number {
  return OPERATION_PHASES.indexOf(a.phase) - OPERATION_PHASES.indexOf(b.phase)
    || KIND_ORDER.indexOf(a.principal.kind) - KIND_ORDER.indexOf(b.principal.kind)
    || a.principal.name.localeCompare(b.principal.name, 'en');
}

function compareChecks(a: Check, b: Check): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity)
    || a.code.localeCompare(b.code, 'en')
    || (a.principal?.name ?? '').localeCompare(b.principal?.name ?? '', 'en');
}

export interface PlanInput {
  operations?: readonly Operation[];
  stock?: readonly SeatStock[];
  checks?: readonly Check[];
  configFiles?: string[];
  prune?: boolean;
  maxRemovals?: number;
  /** Removals the guard counts; default: every remove change (group removals count once per member). */
  removals?: number;
}

export const CONTOSO = { id: '72f988bf-86f1-41af-91ab-2d7cd011db47', displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com' };

/** A consistent plan: sorted like the planner sorts, with summary, seats and fingerprints derived. */
export function aPlan(input: PlanInput = {}): Plan {
  const operations = [...(input.operations ?? [])].sort(compareOperations);
  const checks = [...(input.checks ?? [])].sort(compareChecks);
  const stock = [...(input.stock ?? [])].sort((a, b) => a.sku.skuPartNumber.localeCompare(b.sku.skuPartNumber, 'en'));
  const changes = operations.flatMap((op) => op.changes);
  const count = (action: SkuChange['action']): number => changes.filter((c) => c.action === action).length;
  const errors = checks.filter((c) => c.severity === 'error').length;
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tenant: CONTOSO,
    store: 'file:examples/contoso-tenant.json',
    configFiles: input.configFiles ?? ['licenses/users.yaml', 'licenses/groups.yaml'],
    settings: {
      managedSkus: stock.map((s) => s.sku),
      prune: input.prune ?? false,
      maxRemovals: input.maxRemovals ?? 50,
      seatReserve: stock.filter((s) => (s.reserve ?? 0) > 0).map((s) => ({ sku: s.sku, seats: s.reserve ?? 0 })),
      graceSeatsAreFree: false,
    },
    operations,
    seats: stock.map((s) => forecast(s, operations)),
    checks,
    summary: {
      assign: count('assign'), update: count('update'), remove: count('remove'),
      principals: operations.length, removals: input.removals ?? count('remove'),
      errors, warnings: checks.filter((c) => c.severity === 'warning').length,
    },
    blocked: errors > 0,
    fingerprints: {
      skus: fingerprintOf(stock.map((s) => s.sku.skuId)),
      principals: Object.fromEntries(operations.map((op) => [op.id, op.fingerprint])),
    },
  };
}
