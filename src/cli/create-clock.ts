/**
 * The wall clock, or with `SKUFORM_NOW` (an ISO 8601 instant) a clock that starts at that
 * instant and runs on from it: tests and documentation samples plan time-bound entries for a
 * fixed day without waiting for it. Undefined when the variable does not hold an instant.
 */
export function createClock(value: string | undefined): (() => Date) | undefined {
  if (value === undefined || value === '') return () => new Date();
  const start = Date.parse(value);
  if (!Number.isFinite(start)) return undefined;
  const offset = start - Date.now();
  return () => new Date(Date.now() + offset);
}
