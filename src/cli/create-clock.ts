/**
 * The wall clock, or with `SKUFORM_NOW` (an ISO 8601 instant) a clock that stands still at
 * that instant: tests and documentation samples judge time-bound entries and sign-ins for a
 * fixed day, with byte-identical output run after run. Only "now" comes from it (what plans
 * and reports are made for, and their timestamps); apply's pacing and retries keep their own
 * clock. Undefined when the variable does not hold an instant.
 */
export function createClock(value: string | undefined): (() => Date) | undefined {
  if (value === undefined || value === '') return () => new Date();
  const fixed = Date.parse(value);
  if (!Number.isFinite(fixed)) return undefined;
  return () => new Date(fixed);
}
