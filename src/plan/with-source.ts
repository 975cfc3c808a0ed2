import type { SourceLocation } from '../model/diagnostic.js';
import type { Check } from '../model/plan.js';

/**
 * Adds `source` to a check when there is one. An assignment instead of
 * `...(source === undefined ? {} : { source })`: object spread is a slow path in V8, and
 * checks are built per user on large plans.
 */
export function withSource(check: Check, source: SourceLocation | undefined): Check {
  if (source !== undefined) check.source = source;
  return check;
}
