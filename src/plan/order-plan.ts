import type { Check, CheckSeverity, Operation } from '../model/plan.js';
import { OPERATION_PHASES } from '../model/plan.js';
import { compareNames, compareSkuIds, compareText } from './plan-context.js';

const SEVERITY_ORDER: readonly CheckSeverity[] = ['error', 'warning', 'note'];

/** Phase (release, update, swap, acquire), then users before groups, then name, then id. */
export function compareOperations(a: Operation, b: Operation): number {
  return (
    OPERATION_PHASES.indexOf(a.phase) - OPERATION_PHASES.indexOf(b.phase) ||
    Number(a.principal.kind === 'group') - Number(b.principal.kind === 'group') ||
    compareNames(a.principal.name, b.principal.name) ||
    compareText(a.id, b.id)
  );
}

/**
 * Severity (error, warning, note), then code, then principal name; SKU and message break
 * the remaining ties so the order never depends on how the checks were produced.
 */
export function compareChecks(a: Check, b: Check): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    compareText(a.code, b.code) ||
    compareNames(a.principal?.name ?? '', b.principal?.name ?? '') ||
    compareText(a.principal?.id ?? '', b.principal?.id ?? '') ||
    (a.sku !== undefined && b.sku !== undefined ? compareSkuIds(a.sku, b.sku) : Number(a.sku !== undefined) - Number(b.sku !== undefined)) ||
    compareText(a.message, b.message)
  );
}
