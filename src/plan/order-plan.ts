import type { Check, CheckSeverity, Operation } from '../model/plan.js';
import { OPERATION_PHASES } from '../model/plan.js';
import { compareText } from './plan-context.js';

const SEVERITY_ORDER: readonly CheckSeverity[] = ['error', 'warning', 'note'];

/**
 * Sorts by a precomputed key: comparing lower-cased names inside the comparator would
 * allocate two strings per comparison, which adds up over 100,000 operations.
 */
function sortByKey<T>(items: readonly T[], keyOf: (item: T) => (string | number)[]): T[] {
  const keyed = items.map((item) => ({ item, key: keyOf(item) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i += 1) {
      const left = a.key[i] as string | number;
      const right = b.key[i] as string | number;
      if (left !== right) return typeof left === 'number' && typeof right === 'number' ? left - right : compareText(String(left), String(right));
    }
    return 0;
  });
  return keyed.map((entry) => entry.item);
}

/** Phase (release, update, swap, acquire), then users before groups, then name (case-insensitive first), then id. */
export function sortOperations(operations: readonly Operation[]): Operation[] {
  return sortByKey(operations, (op) => [
    OPERATION_PHASES.indexOf(op.phase),
    op.principal.kind === 'user' ? 0 : 1,
    op.principal.name.toLowerCase(),
    op.principal.name,
    op.id,
  ]);
}

/**
 * Severity (error, warning, note), then code, then principal name; SKU and message break
 * the remaining ties so the order never depends on how the checks were produced.
 */
export function sortChecks(checks: readonly Check[]): Check[] {
  return sortByKey(checks, (check) => [
    SEVERITY_ORDER.indexOf(check.severity),
    check.code,
    (check.principal?.name ?? '').toLowerCase(),
    check.principal?.name ?? '',
    check.principal?.id ?? '',
    (check.sku?.skuPartNumber ?? '').toLowerCase(),
    check.sku?.skuId ?? '',
    check.message,
  ]);
}
